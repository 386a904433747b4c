"""This app's part of a structure's pages (registered in `structures.sections`)."""

from django.utils.translation import gettext_lazy as _

from structures import sections

from .enums import RegistrationStatus
from .models import Registration


def structure_summary(*, structure, user) -> dict:
    """Events the structure's people were registered to, for its staff page."""
    registrations = (
        Registration.objects.filter(structure=structure)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "event__departement", "event__region")
        .order_by("-event__starts_at", "last_name")[:20]
    )
    return {"registrations": registrations}


def register() -> None:
    sections.register_section(
        sections.STAFF_DETAIL,
        name="events",
        order=30,
        template="events/_structure_summary.html",
        context=structure_summary,
    )
    sections.register_member_link(
        order=20,
        label=_("Événements : inscriptions et comptes rendus"),
        url_name="events:member_home",
    )
