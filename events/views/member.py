"""The member area's events and the personal calendar feed."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import AUTHENTICATED, MANAGER, PUBLIC, access_rule

from .. import services
from ..enums import EventStatus
from ..ics import calendar_bytes
from ..models import CalendarFeed, Minutes, Registration
from .common import _events

# --- Member area --------------------------------------------------------------------------


@access_rule(MANAGER)
def member_home(request):
    """A manager's registrations (their structures' people) and the minutes shared with them."""
    registrations = (
        Registration.objects.visible_to(request.user)
        .active()
        .filter(event__ends_at__gte=timezone.now())
        .select_related("event__region", "event__departement", "structure")
        .order_by("event__starts_at", "last_name")
    )
    minutes = (
        Minutes.objects.visible_to(request.user)
        .select_related("event__region", "event__departement")
        .order_by("-event__starts_at")
    )
    upcoming = (
        _events(request.user)
        .filter(status=EventStatus.PUBLISHED, starts_at__gt=timezone.now())
        .order_by("starts_at")[:10]
    )
    return render(
        request,
        "events/member_home.html",
        {"registrations": registrations, "minutes_list": minutes, "upcoming": upcoming},
    )


# --- Personal calendar feed ---------------------------------------------------------------


@access_rule(AUTHENTICATED)
def feed_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("Lien d'agenda désactivé."))
        else:
            services.calendar_feed_renew(user=request.user)
            messages.success(request, _("Nouveau lien d'agenda créé : l'ancien ne marche plus."))
        return redirect("events:feed_settings")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = (
        request.build_absolute_uri(reverse("events:feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return render(request, "events/feed_settings.html", {"feed": feed, "url": url})


@access_rule(PUBLIC)
def feed(request, token):
    """Public URL, authenticated by its secret token: an unknown or revoked token is a 404."""
    subscription = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = subscription.user
    if not user.is_active:
        raise Http404
    events = services.calendar_feed_events(user)
    response = HttpResponse(
        calendar_bytes(events, name=_("Maillage — mes événements")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
