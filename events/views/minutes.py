"""Minutes: writing, reading, publishing, and follow-ups pushed into action plans."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule, deny_unless
from structures.models import Structure

from .. import perms, services
from ..enums import RegistrationStatus
from ..forms import (
    ElectedSeatFormSet,
    FollowUpPushForm,
    MinutesFollowUpFormSet,
    MinutesForm,
    NetworkDecisionsForm,
)
from ..models import Minutes, MinutesFollowUp
from .common import READERS, _confirmed, _event, _manager_only

# --- Minutes ------------------------------------------------------------------------------


@access_rule(READERS)
def minutes_edit(request, pk):
    event = _event(request, pk)
    _manager_only(request, event)
    minutes = Minutes.objects.filter(event=event).first() or Minutes(event=event)
    structures = Structure.objects.filter(
        pk__in=event.registrations.filter(status=RegistrationStatus.CONFIRMED).values("structure")
    )
    form = MinutesForm(request.POST or None, instance=minutes)
    formset = MinutesFollowUpFormSet(
        request.POST or None,
        instance=minutes,
        prefix="suivis",
        form_kwargs={"structures": structures},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.minutes_save(event=event, by=request.user, form=form, formset=formset)
        messages.success(request, _("Compte rendu enregistré."))
        return redirect("events:minutes", pk=event.pk)
    return render(
        request,
        "events/minutes_form.html",
        {"form": form, "formset": formset, "event": event},
    )


def _minutes(request, pk) -> Minutes:
    return get_object_or_404(
        Minutes.objects.visible_to(request.user).select_related(
            "event__kind",
            "event__region",
            "event__departement",
            "event__commune",
            "event__regional_network",
            "written_by",
        ),
        event_id=pk,
    )


@access_rule(READERS)
def minutes_detail(request, pk):
    minutes = _minutes(request, pk)
    attendees = _confirmed(minutes.event).filter(attended=True)
    if not attendees.exists():
        attendees = _confirmed(minutes.event)
    return render(
        request,
        "events/minutes_detail.html",
        {
            "minutes": minutes,
            "event": minutes.event,
            "attendees": attendees,
            "follow_ups": minutes.follow_ups.select_related(
                "structure", "action_item__plan__structure", "territorial_action__diagnostic"
            ),
            "can_manage": perms.can_manage_event(request.user, minutes.event),
            "can_record_network_decisions": perms.can_record_network_decisions(
                request.user, minutes
            ),
        },
    )


@access_rule(READERS)
def minutes_publish(request, pk):
    minutes = _minutes(request, pk)
    event = minutes.event
    _manager_only(request, event)
    if request.method == "POST":
        try:
            services.minutes_publish(minutes=minutes, by=request.user)
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Compte rendu publié."))
        return redirect("events:minutes", pk=event.pk)
    audience = services.minutes_audience(minutes)
    if not event.has_started:
        question = _(
            "Le compte rendu se publie une fois la réunion commencée ; vous pouvez le rédiger dès maintenant."
        )
    elif not audience:
        question = _(
            "Personne n'est marqué présent : relevez les présences avant de publier le compte rendu."
        )
    else:
        question = _(
            "Publier ce compte rendu ? Il sera visible, dans leur espace, des gestionnaires et "
            "agents de : %(names)s. Une publication ne peut pas être retirée."
        ) % {"names": ", ".join(audience)}
    return render(
        request,
        "events/event_confirm.html",
        {
            "event": event,
            "question": question,
            "button": _("Confirmer la publication"),
            "danger": False,
            "allowed": event.has_started and bool(audience),
        },
    )


@access_rule(STAFF)
def follow_up_push(request, pk):
    """Push a follow-up into a structure's action plan or the territorial action plan."""
    from diagnostics.models import TerritorialDiagnostic

    follow_up = get_object_or_404(
        MinutesFollowUp.objects.filter(
            minutes__in=Minutes.objects.visible_to(request.user).values("pk")
        ).select_related("structure", "minutes__event__region", "minutes__event__departement"),
        pk=pk,
    )
    event = follow_up.minutes.event
    _manager_only(request, event)
    diagnostics = TerritorialDiagnostic.objects.visible_to(request.user).filter(
        region=event.region_id, frozen_at__isnull=True
    )
    form = FollowUpPushForm(
        request.POST or None,
        follow_up=follow_up,
        diagnostics=diagnostics,
        owner_organisation=services.follow_up_owner_organisation(follow_up),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_push(
                follow_up=follow_up,
                by=request.user,
                diagnostic=form.cleaned_data["diagnostic"],
                owner_organisation=form.cleaned_data["owner_organisation"],
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Suite ajoutée au plan d'action."))
            return redirect("events:minutes", pk=event.pk)
    return render(
        request,
        "events/follow_up_push.html",
        {"form": form, "follow_up": follow_up, "event": event},
    )


@access_rule(STAFF)
def minutes_network_decisions(request, pk):
    """From the published minutes of a regional network's assembly: the milestones it
    reached, the statutes it adopted and the bureau it elected, recorded on the network."""
    from network import services as network_services

    minutes = _minutes(request, pk)
    event = minutes.event
    deny_unless(
        perms.can_record_network_decisions(request.user, minutes),
        reason=_("Les décisions d'une assemblée se consignent une fois son compte rendu publié."),
    )
    network = event.regional_network
    form = NetworkDecisionsForm(request.POST or None, network=network)
    seats = ElectedSeatFormSet(
        request.POST or None, prefix="bureau", form_kwargs={"network": network}
    )
    if request.method == "POST" and form.is_valid() and seats.is_valid():
        held_on = event.local_starts_at.date()
        try:
            network_services.assembly_decisions_record(
                network=network,
                held_on=held_on,
                source=f"{event.title} ({held_on:%d/%m/%Y})",
                milestones=form.cleaned_data["milestones"],
                joining=form.cleaned_data["joining"],
                statutes=form.cleaned_data["statutes"],
                bureau=[
                    network_services.ElectedSeat(
                        role=seat["role"], person_name=seat["person_name"], member=seat["member"]
                    )
                    for seat in seats.cleaned_data
                    if seat.get("role")
                ],
                other=form.cleaned_data["other"],
                by=request.user,
            )
        except network_services.NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Décisions enregistrées sur la page du réseau."))
            return redirect("network:regional_network_detail", pk=network.pk)
    return render(
        request,
        "events/minutes_network_decisions.html",
        {"form": form, "seats": seats, "event": event, "network": network, "minutes": minutes},
        status=400 if form.errors or any(seats.errors) or seats.non_form_errors() else 200,
    )
