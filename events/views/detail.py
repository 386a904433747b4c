"""One event: its page, its .ics, and the staff's edit, publish and cancel."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule
from network import perms as network_perms
from network.models import RegionalNetwork

from .. import perms, services
from ..forms import (
    EventForm,
)
from ..ics import calendar_bytes
from ..models import Minutes, Registration
from .common import READERS, _confirm, _event, _manager_only

# --- One event ----------------------------------------------------------------------------


@access_rule(READERS)
def event_detail(request, pk):
    event = _event(request, pk)
    user = request.user
    registrations = (
        Registration.objects.visible_to(user)
        .filter(event=event)
        .active()
        .select_related("structure", "organisation")
        .order_by("status", "registered_at", "pk")
    )
    minutes = Minutes.objects.visible_to(user).filter(event=event).first()
    network, network_url = event.regional_network, None
    if (
        network is not None
        and RegionalNetwork.objects.visible_to(user).filter(pk=network.pk).exists()
    ):
        network_url = reverse(
            "network:regional_network_detail"
            if network_perms.can_manage_regional_network(user, network)
            else "network:member_regional_network",
            args=[network.pk],
        )
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registrations": registrations,
            "minutes": minutes,
            "can_manage": perms.can_manage_event(user, event),
            "can_register": event.is_open_for_registration and perms.can_register(user, event),
            "can_view_registrations": perms.can_view_registrations(user, event),
            "organisers": event.organisers.all(),
            "invited": event.invited_organisations.all(),
            "audience_regions": event.audience_regions.all(),
            "network": network,
            "network_url": network_url,
        },
    )


@access_rule(READERS)
def event_ics(request, pk):
    event = _event(request, pk)
    response = HttpResponse(calendar_bytes([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@access_rule(STAFF)
def event_create(request):
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = services.event_save(form=form, by=request.user)
        messages.success(request, _("Événement créé (brouillon)."))
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@access_rule(READERS)
def event_update(request, pk):
    event = _event(request, pk)
    _manager_only(request, event)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.event_save(form=form, by=request.user)
        messages.success(request, _("Événement enregistré."))
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@access_rule(READERS)
def event_publish(request, pk):
    event = _event(request, pk)
    return _confirm(
        request,
        event=event,
        action=services.event_publish,
        title=_("Événement publié : les structures du territoire le voient."),
        question=_("Publier cet événement ? Les structures et partenaires invités le verront."),
        button=_("Confirmer la publication"),
    )


@access_rule(READERS)
def event_cancel(request, pk):
    event = _event(request, pk)
    return _confirm(
        request,
        event=event,
        action=services.event_cancel,
        title=_("Événement annulé : les personnes inscrites sont prévenues."),
        question=_(
            "Annuler cet événement ? Les personnes inscrites ou en liste d'attente "
            "recevront un e-mail."
        ),
        button=_("Confirmer l'annulation"),
        danger=True,
    )
