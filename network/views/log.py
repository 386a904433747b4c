from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import STAFF, access_rule, deny_unless, scoped_by_region
from territories.models import Region

from .. import perms
from ..filters import InteractionFilter, InteractionFollowUpFilter, MissionFilter
from ..forms import InteractionFollowUpForm, InteractionForm, MissionForm
from ..models import Interaction, InteractionFollowUp, Mission
from ._common import paginate


@access_rule(STAFF)
def mission_list(request):
    queryset = (
        Mission.objects.visible_to(request.user)
        .select_related("region")
        .annotate(interaction_count=Count("interactions"))
        .order_by("-starts_on")
    )
    filterset = MissionFilter(request.GET or None, queryset=queryset)
    return render(
        request,
        "network/mission_list.html",
        {"filter": filterset, "page": paginate(request, filterset.qs)},
    )


@access_rule(STAFF)
def mission_detail(request, pk):
    mission = get_object_or_404(
        Mission.objects.visible_to(request.user).select_related("region").prefetch_related("staff"),
        pk=pk,
    )
    interactions = (
        mission.interactions.order_by("occurred_on", "title")
        .select_related("commune")
        .prefetch_related("organisations", "structures", "staff")
    )
    return render(
        request,
        "network/mission_detail.html",
        {"mission": mission, "interactions": interactions},
    )


@access_rule(STAFF)
def mission_create(request):
    form = MissionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        mission = form.save()
        messages.success(request, _("Mission enregistrée."))
        return redirect("network:mission_detail", pk=mission.pk)
    return render(request, "network/mission_form.html", {"form": form, "mission": None})


@access_rule(STAFF)
def mission_edit(request, pk):
    mission = get_object_or_404(Mission.objects.visible_to(request.user), pk=pk)
    deny_unless(perms.can_edit_mission(request.user, mission))
    form = MissionForm(request.POST or None, instance=mission, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Mission enregistrée."))
        return redirect("network:mission_detail", pk=mission.pk)
    return render(request, "network/mission_form.html", {"form": form, "mission": mission})


@access_rule(STAFF)
def interaction_list(request):
    queryset = (
        Interaction.objects.visible_to(request.user)
        .select_related("region", "mission", "commune")
        .prefetch_related("organisations")
        .annotate(open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_at__isnull=True)))
        .order_by("-occurred_on", "title")
    )
    filterset = InteractionFilter(request.GET or None, queryset=queryset)
    filterset.filters["mission"].queryset = Mission.objects.visible_to(request.user)
    return render(
        request,
        "network/interaction_list.html",
        {"filter": filterset, "page": paginate(request, filterset.qs)},
    )


@access_rule(STAFF)
def interaction_detail(request, pk):
    interaction = get_object_or_404(
        Interaction.objects.visible_to(request.user)
        .select_related("region", "mission", "commune")
        .prefetch_related(
            "staff",
            "organisations",
            "structures",
            "contacts__organisation",
            Prefetch("follow_ups", InteractionFollowUp.objects.select_related("owner")),
        ),
        pk=pk,
    )
    return render(
        request,
        "network/interaction_detail.html",
        {"interaction": interaction, "follow_up_form": InteractionFollowUpForm()},
    )


def _region_from_request(request):
    code = request.GET.get("region", "")
    if not code:
        return None
    deny_unless(True, visible=code.isalnum() and len(code) <= 3)
    return get_object_or_404(scoped_by_region(Region.objects.all(), request.user, "pk"), code=code)


@access_rule(STAFF)
def interaction_create(request):
    region = _region_from_request(request)
    initial = {}
    mission_pk = request.GET.get("mission", "")
    if mission_pk.isdigit():
        mission = get_object_or_404(Mission.objects.visible_to(request.user), pk=mission_pk)
        region = mission.region
        initial = {"mission": mission, "occurred_on": mission.starts_on, "region": region}
    elif region is not None:
        initial = {"region": region}
    form = InteractionForm(request.POST or None, user=request.user, region=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        interaction = form.save()
        messages.success(request, _("Échange enregistré."))
        return redirect("network:interaction_detail", pk=interaction.pk)
    return render(
        request,
        "network/interaction_form.html",
        {"form": form, "interaction": None, "region": region},
    )


@access_rule(STAFF)
def interaction_edit(request, pk):
    interaction = get_object_or_404(
        Interaction.objects.visible_to(request.user).select_related("region"), pk=pk
    )
    deny_unless(perms.can_edit_interaction(request.user, interaction))
    form = InteractionForm(
        request.POST or None, instance=interaction, user=request.user, region=interaction.region
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Échange enregistré."))
        return redirect("network:interaction_detail", pk=interaction.pk)
    return render(
        request,
        "network/interaction_form.html",
        {"form": form, "interaction": interaction, "region": interaction.region},
    )


@access_rule(STAFF)
def followup_create(request, interaction_pk):
    interaction = get_object_or_404(Interaction.objects.visible_to(request.user), pk=interaction_pk)
    deny_unless(perms.can_edit_interaction(request.user, interaction))
    form = InteractionFollowUpForm(
        request.POST or None, instance=InteractionFollowUp(interaction=interaction)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Suite à donner enregistrée."))
        return redirect("network:interaction_detail", pk=interaction.pk)
    return render(request, "network/followup_form.html", {"form": form, "interaction": interaction})


@access_rule(STAFF)
def followup_list(request):
    queryset = (
        InteractionFollowUp.objects.visible_to(request.user)
        .select_related("owner", "interaction__region")
        .order_by("due_on", "pk")
    )
    filterset = InteractionFollowUpFilter(request.GET or None, queryset=queryset, request=request)
    return render(
        request,
        "network/followup_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "today": timezone.localdate(),
        },
    )


@access_rule(STAFF)
@require_POST
def followup_done(request, pk):
    follow_up = get_object_or_404(InteractionFollowUp.objects.visible_to(request.user), pk=pk)
    deny_unless(perms.can_edit_follow_up(request.user, follow_up))
    follow_up.done_at = None if follow_up.done_at else timezone.now()
    follow_up.save(update_fields=["done_at"])
    messages.success(request, _("Suite à donner mise à jour."))
    return redirect("network:interaction_detail", pk=follow_up.interaction_id)
