"""The member area ("espace adhérent") of SIAE managers and the members' directory."""

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from core.access import MANAGER, access_rule

from .. import directory_cache, perms
from ..enums import StructureKind
from ..models import Adhesion, Structure, sector_labels
from .common import indicator_rows, structure_for, targets

PAGE_SIZE = 50


def _home_context(request, structure: Structure) -> dict:
    return {
        "structure": structure,
        "rows": indicator_rows(structure, limit=3),
        "targets": targets(),
        "adhesions": Adhesion.objects.filter(structure=structure)
        .select_related("campaign")
        .order_by("-campaign__year")[:3],
        "documents": structure.documents.all()[:5],
        "can_manage_colleagues": perms.can_manage_colleagues(request.user, structure),
    }


@access_rule(MANAGER)
def member_home(request):
    """A manager's landing page: their structure's home, or the list when they have several."""
    structures = list(
        Structure.objects.visible_to(request.user).select_related("commune", "departement__region")
    )
    if len(structures) == 1:
        return render(
            request, "structures/member_structure.html", _home_context(request, structures[0])
        )
    return render(request, "structures/member_home.html", {"structures": structures})


@access_rule(MANAGER)
def member_structure(request, pk):
    structure = structure_for(request, pk)
    return render(request, "structures/member_structure.html", _home_context(request, structure))


@access_rule(MANAGER)
def member_directory(request):
    """Every member's public profile, so structures find each other and cooperate.

    The search form, rows and pagination come from the cache when no structure has changed
    (see `directory_cache`)."""
    content = directory_cache.cached_content(
        request, lambda: _member_directory_content(request), directory="members"
    )
    return render(request, "structures/member_directory.html", {"content": content})


def _member_directory_content(request) -> str:
    """Rows read as plain values (no model instance per row)."""
    structures = Structure.objects.all()
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if query:
        structures = structures.search(query)
    if kind in StructureKind.values:
        structures = structures.filter(kind=kind)
    rows = structures.order_by("name", "pk").values(
        "pk",
        "name",
        "kind",
        "sectors",
        "public_email",
        "public_phone",
        commune_name=F("commune__name"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row["sector_labels"] = ", ".join(sector_labels(row["sectors"]))
    params = request.GET.copy()
    params.pop("page", None)
    return render_to_string(
        "structures/_member_directory_content.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": StructureKind.choices,
            "query_string": params.urlencode(),
        },
    )


@access_rule(MANAGER)
def public_profile(request, pk):
    """Public fields only: never indicators, documents, dues, diagnostics or action plans."""
    structure = get_object_or_404(
        Structure.objects.select_related("commune", "departement").only(
            "name",
            "kind",
            "commune__name",
            "departement__code",
            "departement__name",
            "sectors",
            "description",
            "website",
            "public_email",
            "public_phone",
            "address",
            "legal_form",
            "founded_on",
            "siret",
        ),
        pk=pk,
    )
    return render(request, "structures/public_profile.html", {"structure": structure})
