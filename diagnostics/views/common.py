"""Helpers shared by the diagnostics pages: lists (filter, sort, paginate) and form pages."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

PER_PAGE = 50


def paginated_list(request, queryset, *, sorts: dict[str, str], default: str):
    """Sort by ?tri=<key> (prefix "-" for descending) among `sorts`, then paginate."""
    key = request.GET.get("tri", default)
    field = sorts.get(key.lstrip("-"))
    if field is None:
        key, field = default, sorts[default.lstrip("-")]
    descending = key.startswith("-")
    queryset = queryset.order_by(("-" if descending else "") + field, "pk")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "sort": key, "querystring": query.urlencode()}


def form_page(request, *, form, title, back_url, submit_label=None, intro="", files=False):
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
        },
    )


def require(allowed: bool):
    """Object-level permission failed: answer like a missing page."""
    if not allowed:
        raise Http404
