from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.utils import timezone

from core.access import PARTNER, STAFF, access_rule, scoped_by_region
from structures.enums import AdhesionStatus
from structures.models import Adhesion, AdhesionCampaign, Structure
from territories.models import Region

from ..models import Interaction, InteractionFollowUp, Mission, Organisation


def _selected_region(request, regions):
    code = request.GET.get("region")
    by_code = {region.code: region for region in regions}
    if code in by_code:
        return by_code[code]
    assigned = request.user.regions.order_by("name").first()
    if assigned is not None and assigned.code in by_code:
        return by_code[assigned.code]
    # National staff without an assignment: the territory with the most structures.
    return max(regions, key=lambda region: region.structure_count, default=None)


@access_rule(STAFF)
def staff_home(request):
    """A territory's dashboard: every figure links to the list it counts."""
    regions = list(
        scoped_by_region(Region.objects.all(), request.user, "pk").annotate(
            structure_count=Count("departements__structures")
        )
    )
    region = _selected_region(request, regions)
    context = {"regions": regions, "region": region, "campaign": None}
    if region is None:
        return render(request, "network/staff_home.html", context)
    structures = Structure.objects.visible_to(request.user).filter(departement__region=region)
    siae = structures.siae()
    campaign = AdhesionCampaign.current()
    member = Adhesion.objects.filter(
        structure=OuterRef("pk"), campaign=campaign, status=AdhesionStatus.MEMBER
    )
    adhesion_counts = structures.aggregate(
        members=Count("pk", filter=Exists(member)),
        total=Count("pk"),
    )
    met = Interaction.objects.filter(organisations=OuterRef("pk"))
    partner_counts = (
        Organisation.objects.visible_to(request.user)
        .filter(region=region)
        .aggregate(met=Count("pk", filter=Exists(met)), total=Count("pk"))
    )
    today = timezone.localdate()
    follow_ups = (
        InteractionFollowUp.objects.visible_to(request.user)
        .filter(interaction__region=region)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    context.update(
        campaign=campaign,
        siae_by_kind=siae.values("kind").annotate(count=Count("pk")).order_by("kind"),
        by_commune=structures.values("commune_id", "commune__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "commune__name")[:15],
        members=adhesion_counts["members"],
        non_members=adhesion_counts["total"] - adhesion_counts["members"],
        partners_met=partner_counts["met"],
        partners_not_met=partner_counts["total"] - partner_counts["met"],
        open_follow_ups=follow_ups["open"],
        overdue_follow_ups=follow_ups["overdue"],
        missions=Mission.objects.visible_to(request.user)
        .filter(region=region, ends_on__gte=today)
        .order_by("starts_on")[:5],
        last_missions=Mission.objects.visible_to(request.user)
        .filter(region=region, ends_on__lt=today)
        .order_by("-starts_on")[:3],
        non_member_statuses=[s for s in AdhesionStatus.values if s != AdhesionStatus.MEMBER],
    )
    return render(request, "network/staff_home.html", context)


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
