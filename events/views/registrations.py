"""Registrations by staff and managers, and their cancellation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.access import access_rule, deny_unless

from .. import perms, services
from ..enums import RegistrationStatus
from ..forms import (
    RegistrationForm,
)
from ..models import Registration
from .common import READERS, _event

# --- Registrations ------------------------------------------------------------------------


@access_rule(READERS)
def registration_create(request, pk):
    event = _event(request, pk)
    deny_unless(
        perms.can_register(request.user, event),
        reason=_("Les inscriptions se font par l'équipe du réseau ou par les structures."),
    )
    form = RegistrationForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=event,
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data.get("role", ""),
                structure=data.get("structure"),
                organisation=data.get("organisation"),
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            if registration.status == RegistrationStatus.WAITING:
                messages.warning(
                    request,
                    _("L'événement est complet : %(name)s est sur la liste d'attente.")
                    % {"name": registration.full_name},
                )
            else:
                messages.success(
                    request,
                    _("%(name)s est inscrit·e ; un e-mail de confirmation est envoyé.")
                    % {"name": registration.full_name},
                )
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/registration_form.html", {"form": form, "event": event})


@access_rule(READERS)
def registration_cancel(request, pk):
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user)
        .active()
        .select_related("event__region", "event__departement", "structure", "organisation"),
        pk=pk,
    )
    event = registration.event
    deny_unless(
        perms.can_cancel_registration(request.user, registration),
        reason=_("Seules les structures de la personne et l'équipe du réseau annulent."),
    )
    if request.method == "POST":
        try:
            promoted = services.registration_cancel(registration=registration, by=request.user)
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Inscription annulée."))
            for person in promoted:
                messages.info(
                    request,
                    _("%(name)s passe de la liste d'attente aux inscrits et en est prévenu·e.")
                    % {"name": person.full_name},
                )
        return redirect("events:detail", pk=event.pk)
    return render(
        request, "events/registration_cancel.html", {"registration": registration, "event": event}
    )
