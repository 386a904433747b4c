"""This app's part of a structure's pages (registered in `structures.sections`)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from structures import sections

from .enums import ItemStatus
from .models import ActionPlan, Visit


def structure_summary(*, structure, user) -> dict:
    """Visits, action plan and accompaniments of one structure, for its staff page."""
    open_statuses = [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS]
    plan = (
        ActionPlan.objects.filter(structure=structure)
        .annotate(
            open_count=Count("items", filter=Q(items__status__in=open_statuses)),
            overdue_count=Count(
                "items",
                filter=Q(items__status__in=open_statuses, items__due_on__lt=timezone.localdate()),
            ),
        )
        .first()
    )
    return {
        "structure": structure,
        "visits": Visit.objects.filter(structure=structure).order_by("-planned_on")[:5],
        "plan": plan,
        "accompaniments": structure.accompaniments.order_by("-started_on", "-pk")[:5],
    }


def register() -> None:
    sections.register_section(
        sections.STAFF_DETAIL,
        name="diagnostics",
        order=20,
        template="diagnostics/_structure_summary.html",
        context=structure_summary,
    )
    sections.register_member_link(
        order=10,
        label=_("Auto-évaluation et plan de progrès"),
        url_name="diagnostics:member_home",
    )
