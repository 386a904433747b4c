"""Attendance sheet, attendance record and attendance rates."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.access import STAFF, access_rule
from structures.models import Structure

from .. import services
from ..enums import RegistrationStatus
from ..forms import AttendanceForm, WalkInForm
from ..models import Event, Registration
from .common import PER_PAGE, READERS, _confirmed, _event, _manager_only

# --- Attendance ---------------------------------------------------------------------------


@access_rule(READERS)
def attendance_sheet(request, pk):
    """The émargement to print before the meeting: one line and a signature box each."""
    event = _event(request, pk)
    _manager_only(request, event)
    return render(
        request,
        "events/attendance_sheet.html",
        {"event": event, "registrations": _confirmed(event)},
    )


@access_rule(READERS)
def attendance_record(request, pk):
    """Tick who came, from the start until MAILLAGE_ATTENDANCE_DAYS_AFTER days after the
    end, and add the walk-ins (people who came without registering)."""
    event = _event(request, pk)
    _manager_only(request, event)
    registrations = _confirmed(event)
    adding = request.method == "POST" and "walk_in" in request.POST
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(None if adding else data, registrations=registrations)
    walk_in = WalkInForm(
        data if adding else None,
        prefix="venu",
        structures=Structure.objects.visible_to(request.user).filter(
            departement__region=event.region_id
        ),
    )
    if adding and walk_in.is_valid():
        try:
            registration = services.attendance_walk_in_add(
                event=event, by=request.user, **walk_in.cleaned_data
            )
        except services.EventError as error:
            walk_in.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s ajouté·e aux présents.") % {"name": registration.full_name},
            )
            return redirect("events:attendance", pk=event.pk)
    elif not adding and request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_record(
                event=event,
                present={r.pk for r in form.cleaned_data["present"]},
                by=request.user,
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Présences enregistrées : %(count)d personne présente.",
                    "Présences enregistrées : %(count)d personnes présentes.",
                    count,
                )
                % {"count": count},
            )
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/attendance_form.html",
        {"form": form, "walk_in": walk_in, "event": event},
    )


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
