"""Helpers shared by the diagnostics pages: lists (filter, sort, paginate), form pages and
the choice of a structure by search."""

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from core.access import deny_unless
from structures.models import Structure

from .. import list_cache
from ..forms import StructureSearchForm

PER_PAGE = 20
STAFF_OF_TERRITORY = gettext_lazy(
    "Seule l'équipe du réseau qui suit ce territoire peut faire cette modification."
)


def paginated_list(request, queryset, *, name: str, sorts: dict[str, str], default: str, rows=None):
    """Sort by ?tri=<key> (prefix "-" for descending) among `sorts`, then paginate.

    The count and the sort run on `queryset` alone, and what they give (how many rows,
    which keys on the page) is kept in the cache as the order of list `name` (see
    `list_cache`), so a long list is counted and sorted once, and again after any change.
    The rows of the page are then loaded by primary key, with what they show (`rows(
    queryset)`: joins, annotations), so their cost is that of one page however long the
    list is."""
    key = request.GET.get("tri", default)
    field = sorts.get(key.lstrip("-"))
    if field is None:
        key, field = default, sorts[default.lstrip("-")]
    descending = key.startswith("-")
    queryset = queryset.order_by(("-" if descending else "") + field, "pk")

    def order():
        page = Paginator(queryset.values_list("pk", flat=True), PER_PAGE).get_page(
            request.GET.get("page")
        )
        return page.paginator.count, page.number, list(page.object_list)

    count, number, ids = list_cache.cached_order(request, name, order)
    paginator = Paginator(queryset, PER_PAGE)
    paginator.count = count  # what `Paginator.count` would have counted
    loaded = queryset.model._default_manager.filter(pk__in=ids).order_by()  # put in order below
    by_pk = {row.pk: row for row in (rows(loaded) if rows else loaded)} if ids else {}
    page = Page([by_pk[pk] for pk in ids if pk in by_pk], number, paginator)
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "sort": key, "querystring": query.urlencode()}


def form_page(
    request,
    *,
    form,
    title,
    back_url,
    submit_label=None,
    intro="",
    files=False,
    structure=None,
    change_url="",
):
    """`structure`: the structure chosen before the form, shown above it with a link to
    choose another (`change_url`) when it may change."""
    return render(
        request,
        "diagnostics/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "submit_label": submit_label or "",
            "intro": intro,
            "files": files,
            "structure": structure,
            "change_url": change_url,
        },
    )


def structure_from_query(request):
    """The structure named by ?structure=<pk> among those the user may see, None when the
    query names none; a structure missing or out of the user's territories is a 404."""
    raw = request.GET.get("structure", "").strip()
    if not raw:
        return None
    deny_unless(True, visible=raw.isascii() and raw.isdigit() and len(raw) <= 10)
    return get_object_or_404(
        Structure.objects.visible_to(request.user).select_related("commune"), pk=int(raw)
    )


def structure_chooser(request, *, title, back_url, keep=None):
    """The first step of a form about one structure: search among the structures the user
    may see (GET, works without JavaScript; js/live.js refreshes the matches while typing),
    then follow a match's link, which opens the same page with ?structure=<pk>."""
    form = StructureSearchForm(request.GET)
    structures, more = form.matches(Structure.objects.visible_to(request.user))
    return render(
        request,
        "diagnostics/structure_choose.html",
        {
            "title": title,
            "back_url": back_url,
            "search_form": form,
            "structures": structures,
            "more": more,
            "limit": StructureSearchForm.LIMIT,
            "keep": keep or {},
        },
    )
