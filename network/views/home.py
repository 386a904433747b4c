import datetime

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.access import PARTNER, STAFF, access_rule, scoped_by_region
from core.versions import cached
from structures import directory_cache
from structures.figures import territory_figures
from territories.models import Region

from ..figures import ACTIVITY, partners_met_filter, partners_met_period
from ..models import InteractionFollowUp, Mission, Organisation


def _selected_region(request, regions):
    code = request.GET.get("region")
    by_code = {region.code: region for region in regions}
    if code in by_code:
        return by_code[code]
    # The first territory the user is assigned to (regions come ordered by name).
    assigned = next((region for region in regions if region.assigned), None)
    if assigned is not None:
        return assigned
    # National staff without an assignment: the territory with the most structures.
    busiest = (
        Region.objects.filter(pk__in=[region.pk for region in regions])
        .annotate(structure_count=Count("departements__structures"))
        .order_by("-structure_count", "name")
        .values_list("pk", flat=True)
        .first()
    )
    return next((region for region in regions if region.pk == busiest), None)


@transaction.non_atomic_requests
@access_rule(STAFF)
def staff_home(request):
    """A territory's dashboard: every figure links to the list it counts.

    Its figures, rendered, are kept in the cache at the versions of what they read (the
    directories' tables, the network's activity: see `core.versions`), so every change
    shows on the next request. It only reads, and each of its reads stands alone: no
    transaction around it."""
    assignments = request.user.regions.through.objects.filter(
        user=request.user, region=OuterRef("pk")
    )
    regions = list(
        scoped_by_region(Region.objects.all(), request.user, "pk")
        .annotate(assigned=Exists(assignments))
        .order_by("name")
    )
    region = _selected_region(request, regions)
    context = {"regions": regions, "region": region}
    if region is None:
        return render(request, "network/staff_home.html", context)
    today = timezone.localdate()
    scope = directory_cache.staff_scope(
        request.user, assigned=[other.pk for other in regions if other.assigned]
    )
    key = f"network:staff_home:{region.pk}:{today.isoformat()}:{get_language()}:{scope}"
    html = cached(
        key,
        lambda: render_to_string(
            "network/_staff_home_figures.html",
            {"region": region, **_figures(request, region, today)},
        ),
        (directory_cache.VERSION, ACTIVITY),
    )
    context["figures_html"] = mark_safe(html)  # noqa: S308 - markup we rendered ourselves
    return render(request, "network/staff_home.html", context)


def _figures(request, region, today) -> dict:
    """The staff home's figures of `region` as of `today`."""
    # This year so far, reference year the last complete one (structures.figures holds
    # every definition).
    figures = territory_figures(
        region=region,
        period_start=datetime.date(today.year, 1, 1),
        period_end=today,
        sections=False,
        detail=False,
    )
    met_since, met_until = partners_met_period(today)
    partner_counts = (
        Organisation.objects.visible_to(request.user)
        .filter(region=region)
        .aggregate(
            met=Count("pk", filter=partners_met_filter(met_since, met_until)), total=Count("pk")
        )
    )
    follow_ups = (
        InteractionFollowUp.objects.visible_to(request.user)
        .filter(interaction__region=region)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    return {
        "figures": figures,
        "reference_year": figures["reference_year"],
        "campaign_year": figures["members"]["campaign_year"],
        "siae_by_kind": [row for row in figures["structures"]["by_kind"] if row["siae"]],
        "by_commune": figures["structures"]["by_commune"][:15],
        "members": figures["members"]["members"],
        "non_members": figures["members"]["non_members"],
        "partners_met": partner_counts["met"],
        "met_since": met_since,
        "met_until": met_until,
        "partners_not_met": partner_counts["total"] - partner_counts["met"],
        "open_follow_ups": follow_ups["open"],
        "overdue_follow_ups": follow_ups["overdue"],
        **_missions(request, region, today),
    }


def _missions(request, region, today) -> dict:
    """The next five missions and the last three (two queries: SQLite cuts no part of a
    union; the page is kept in the cache anyway)."""
    missions = Mission.objects.visible_to(request.user).filter(region=region)
    fields = ("pk", "title", "starts_on", "ends_on")
    return {
        "missions": list(
            missions.filter(ends_on__gte=today).order_by("starts_on").values(*fields)[:5]
        ),
        "last_missions": list(
            missions.filter(ends_on__lt=today).order_by("-starts_on").values(*fields)[:3]
        ),
    }


@access_rule(PARTNER)
def partner_home(request):
    return render(request, "network/partner_home.html", {"organisation": request.user.organisation})


@access_rule(STAFF)
def territory_list(request):
    """The territories in the user's scope, with who is assigned to each."""
    regions = (
        scoped_by_region(Region.objects.all(), request.user, "pk")
        .annotate(
            departement_count=Count("departements", distinct=True),
            commune_count=Count("departements__communes", distinct=True),
        )
        .prefetch_related("departements", "staff")
    )
    return render(request, "network/territory_list.html", {"regions": regions})
