"""Meeting minutes with the attendance sheet (présents, excusés) and the follow-ups."""

from django.utils.translation import gettext as _

from events.models import Event, Minutes

from . import ReportDataError, latest

TEMPLATE = "reports/pdf/minutes.html"


def gather(report) -> dict:
    if report.event_id is None:
        raise ReportDataError(_("Les réunions ne sont pas disponibles."))
    event = (
        Event.objects.select_related("kind", "region", "commune").filter(pk=report.event_id).first()
    )
    if event is None:
        raise ReportDataError(_("Réunion introuvable."))
    registrations = list(
        event.registrations.select_related("structure", "organisation").order_by(
            "last_name", "first_name", "pk"
        )
    )
    present = [r for r in registrations if r.attended]
    absent = [r for r in registrations if r.attended is False]
    minutes = Minutes.objects.filter(event=event).first()
    follow_ups = list(minutes.follow_ups.order_by("due_on", "pk")) if minutes else []
    return {
        "title": _("Compte rendu — %(title)s") % {"title": event.title},
        "subtitle": f"{event.starts_at:%d/%m/%Y}"
        + (f", {event.commune.name}" if event.commune else ""),
        "event": event,
        "minutes": minutes,
        "follow_ups": follow_ups,
        "present": present,
        "absent": absent,
        "registered": registrations,
        "data_date": latest(
            event.updated_at, getattr(minutes, "updated_at", None), event.starts_at
        ),
        "with_toc": False,
    }
