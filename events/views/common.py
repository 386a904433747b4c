"""What the event pages share: scoped lookups, refusals, confirmation pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.access import MANAGER, PARTNER, STAFF, deny_unless

from .. import perms, services
from ..models import Event
from ..offline import attendance_list

READERS = STAFF | MANAGER | PARTNER
PER_PAGE = 50


def _events(user):
    return Event.objects.visible_to(user).with_counts()


def _event(request, pk) -> Event:
    return get_object_or_404(_events(request.user), pk=pk)


def _manager_only(request, event) -> None:
    deny_unless(
        perms.can_manage_event(request.user, event),
        reason=_("Seule l'équipe du réseau organise les événements."),
    )


def _confirm(request, *, event, action, title, question, button, danger=False):
    """A GET page with a POST form "Confirmer", for publishing and cancelling."""
    _manager_only(request, event)
    if request.method == "POST":
        try:
            action(event=event, by=request.user)
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, title)
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/event_confirm.html",
        {"event": event, "question": question, "button": button, "danger": danger, "allowed": True},
    )


def _confirmed(event):
    return attendance_list(event)
