import calendar
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import AUTHENTICATED, MANAGER, PARTNER, PUBLIC, STAFF, access_rule
from structures.models import Structure

from . import perms, services
from .enums import EventStatus, RegistrationStatus
from .filters import EventFilter
from .forms import (
    AttendanceForm,
    EventForm,
    FollowUpFormSet,
    FollowUpPushForm,
    MinutesForm,
    RegistrationForm,
)
from .ics import calendar_bytes
from .models import CalendarFeed, Event, FollowUp, Minutes, Registration

READERS = STAFF | MANAGER | PARTNER
PER_PAGE = 50


def _events(user):
    return Event.objects.visible_to(user).with_counts()


def _event(request, pk) -> Event:
    return get_object_or_404(_events(request.user), pk=pk)


def _deny_unless(allowed: bool):
    if not allowed:
        raise Http404


# --- Lists and calendars ------------------------------------------------------------------


@access_rule(READERS)
def event_list(request):
    events = _events(request.user).order_by("starts_at", "pk")
    filterset = EventFilter(request.GET or None, queryset=events, request=request)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def _month_from(request) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("mois", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@access_rule(READERS)
def event_month(request):
    """A month grid per territory, plain HTML (no JavaScript). Each event sits on the day it
    takes place in its own territory."""
    first = _month_from(request)
    filterset = EventFilter(
        {"region": request.GET.get("region", "")},
        queryset=_events(request.user),
        request=request,
    )
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    events = filterset.qs.filter(
        starts_at__date__gte=start - timezone.timedelta(days=1),
        starts_at__date__lte=end + timezone.timedelta(days=1),
    ).order_by("starts_at")
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(event.local_starts_at.date(), []).append(event)
    grid = [[{"day": day, "events": by_day.get(day, [])} for day in week] for week in weeks]
    previous = (first - timezone.timedelta(days=1)).replace(day=1)
    following = (first + timezone.timedelta(days=32)).replace(day=1)
    region = request.GET.get("region", "")
    return render(
        request,
        "events/event_month.html",
        {
            "filter": filterset,
            "first": first,
            "grid": grid,
            "previous": f"mois={previous:%Y-%m}&region={region}",
            "following": f"mois={following:%Y-%m}&region={region}",
            "weekdays": [weeks[0][i] for i in range(7)],
        },
    )


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
    can_register = event.is_open_for_registration and (
        user.is_network_staff or user.is_siae_manager
    )
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registrations": registrations,
            "minutes": minutes,
            "can_manage": perms.can_manage_event(user, event),
            "can_register": can_register,
            "can_cancel_registrations": user.is_network_staff or user.is_siae_manager,
            "organisers": event.organisers.all(),
            "invited": event.invited_organisations.all(),
            "audience_regions": event.audience_regions.all(),
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


@access_rule(STAFF)
def event_update(request, pk):
    event = _event(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST":
        _deny_unless(perms.can_manage_event(request.user, event))
        if form.is_valid():
            services.event_save(form=form, by=request.user)
            messages.success(request, _("Événement enregistré."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


def _confirm(request, *, event, action, title, question, button, danger=False):
    """A GET page with a POST form "Confirmer", for publishing and cancelling."""
    if request.method == "POST":
        _deny_unless(perms.can_manage_event(request.user, event))
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
        {"event": event, "question": question, "button": button, "danger": danger},
    )


@access_rule(STAFF)
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


@access_rule(STAFF)
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


# --- Registrations ------------------------------------------------------------------------


@access_rule(STAFF | MANAGER)
def registration_create(request, pk):
    event = _event(request, pk)
    form = RegistrationForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _deny_unless(perms.can_register(request.user, event, data.get("structure")))
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


@access_rule(STAFF | MANAGER)
def registration_cancel(request, pk):
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user)
        .active()
        .select_related("event__region", "event__departement", "structure", "organisation"),
        pk=pk,
    )
    event = registration.event
    if request.method == "POST":
        _deny_unless(perms.can_cancel_registration(request.user, registration))
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


# --- Attendance ---------------------------------------------------------------------------


def _confirmed(event):
    return (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("structure", "organisation")
        .order_by("structure__name", "organisation__name", "last_name", "first_name")
    )


@access_rule(STAFF)
def attendance_sheet(request, pk):
    """The émargement to print before the meeting: one line and a signature box each."""
    event = _event(request, pk)
    return render(
        request,
        "events/attendance_sheet.html",
        {"event": event, "registrations": _confirmed(event)},
    )


@access_rule(STAFF)
def attendance_record(request, pk):
    event = _event(request, pk)
    registrations = _confirmed(event)
    form = AttendanceForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        _deny_unless(perms.can_manage_event(request.user, event))
        try:
            count = services.attendance_record(
                event=event,
                present={r.pk for r in form.cleaned_data["present"]},
                by=request.user,
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Présences enregistrées (%(count)d).") % {"count": count})
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/attendance_form.html", {"form": form, "event": event})


def _rate(present, registered):
    return present / registered if registered else None


@access_rule(STAFF)
def attendance_rates(request):
    """Attendance rate = present ÷ confirmed, over events whose attendance was taken."""
    taken = Q(registrations__status=RegistrationStatus.CONFIRMED) & Q(
        registrations__attended__isnull=False
    )
    events = (
        Event.objects.visible_to(request.user)
        .select_related("kind", "region", "departement")
        .annotate(
            registered=Count("registrations", filter=taken),
            present=Count("registrations", filter=taken & Q(registrations__attended=True)),
        )
        .filter(registered__gt=0)
        .order_by("-starts_at", "-pk")
    )
    event_page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    for event in event_page:
        event.rate = _rate(event.present, event.registered)
    scoped = Registration.objects.filter(
        event__in=Event.objects.visible_to(request.user).values("pk"),
        status=RegistrationStatus.CONFIRMED,
        attended__isnull=False,
        structure__isnull=False,
    )
    structures = (
        Structure.objects.filter(pk__in=scoped.values("structure"))
        .annotate(
            registered=Count(
                "event_registrations", filter=Q(event_registrations__in=scoped.values("pk"))
            ),
            present=Count(
                "event_registrations",
                filter=Q(event_registrations__in=scoped.filter(attended=True).values("pk")),
            ),
        )
        .order_by("name")
    )
    structure_page = Paginator(structures, PER_PAGE).get_page(request.GET.get("page_structures"))
    for structure in structure_page:
        structure.rate = _rate(structure.present, structure.registered)
    return render(
        request,
        "events/attendance_rates.html",
        {"event_page": event_page, "structure_page": structure_page},
    )


# --- Minutes ------------------------------------------------------------------------------


@access_rule(STAFF)
def minutes_edit(request, pk):
    event = _event(request, pk)
    minutes = Minutes.objects.filter(event=event).first() or Minutes(event=event)
    structures = Structure.objects.filter(
        pk__in=event.registrations.filter(status=RegistrationStatus.CONFIRMED).values("structure")
    )
    form = MinutesForm(request.POST or None, instance=minutes)
    formset = FollowUpFormSet(
        request.POST or None,
        instance=minutes,
        prefix="suivis",
        form_kwargs={"structures": structures},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        _deny_unless(perms.can_manage_event(request.user, event))
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
            "event__kind", "event__region", "event__departement", "event__commune", "written_by"
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
        },
    )


@access_rule(STAFF)
def minutes_publish(request, pk):
    minutes = _minutes(request, pk)
    event = minutes.event
    if request.method == "POST":
        _deny_unless(perms.can_manage_event(request.user, event))
        try:
            services.minutes_publish(minutes=minutes, by=request.user)
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Compte rendu publié aux structures présentes."))
        return redirect("events:minutes", pk=event.pk)
    return render(
        request,
        "events/event_confirm.html",
        {
            "event": event,
            "question": _(
                "Publier ce compte rendu ? Les structures et partenaires inscrits le verront."
            ),
            "button": _("Confirmer la publication"),
            "danger": False,
        },
    )


@access_rule(STAFF)
def follow_up_push(request, pk):
    """Push a follow-up into a structure's action plan or the territorial action plan."""
    from diagnostics.models import TerritorialDiagnostic

    follow_up = get_object_or_404(
        FollowUp.objects.filter(
            minutes__in=Minutes.objects.visible_to(request.user).values("pk")
        ).select_related("structure", "minutes__event__region", "minutes__event__departement"),
        pk=pk,
    )
    event = follow_up.minutes.event
    diagnostics = TerritorialDiagnostic.objects.visible_to(request.user).filter(
        region=event.region_id, frozen_at__isnull=True
    )
    form = FollowUpPushForm(request.POST or None, follow_up=follow_up, diagnostics=diagnostics)
    if request.method == "POST" and form.is_valid():
        _deny_unless(perms.can_manage_event(request.user, event))
        try:
            services.follow_up_push(
                follow_up=follow_up, by=request.user, diagnostic=form.cleaned_data["diagnostic"]
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Suite reportée dans le plan d'action."))
            return redirect("events:minutes", pk=event.pk)
    return render(
        request,
        "events/follow_up_push.html",
        {"form": form, "follow_up": follow_up, "event": event},
    )


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
