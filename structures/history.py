"""The audit trail of a structure: who changed what, and when, on the structure, its
conventions and its yearly indicators (django-simple-history records)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .models import Convention, Structure, YearlyIndicators

ACTIONS = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}
SKIPPED = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "updated_at",
    "search_name",
    "created_at",
}


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    action: str
    subject: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def _fields(model) -> list:
    return [
        f for f in model._meta.concrete_fields if f.name not in SKIPPED and f.attname not in SKIPPED
    ]


def _display(model_field, value):
    if value in (None, "", []):
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def _entries(records, model, subject) -> list[HistoryEntry]:
    entries = []
    fields = _fields(model)
    previous_by_object = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = previous_by_object.get(record.id)
        changes = []
        if record.history_type == "~" and previous is not None:
            for model_field in fields:
                old = getattr(previous, model_field.attname)
                new = getattr(record, model_field.attname)
                if old != new:
                    changes.append(
                        (
                            model_field.verbose_name,
                            _display(model_field, old),
                            _display(model_field, new),
                        )
                    )
            if not changes:
                previous_by_object[record.id] = record
                continue
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                subject=subject(record),
                changes=changes,
            )
        )
        previous_by_object[record.id] = record
    return entries


def structure_history(structure: Structure, *, limit: int = 100) -> list[HistoryEntry]:
    """Newest first; three queries whatever the number of structures or entries."""
    entries = _entries(
        structure.history.select_related("history_user"),
        Structure,
        lambda record: _("Fiche de la structure"),
    )
    entries += _entries(
        Convention.history.filter(structure_id=structure.pk).select_related("history_user"),
        Convention,
        lambda record: _("Convention %(year)s") % {"year": record.year},
    )
    entries += _entries(
        YearlyIndicators.history.filter(structure_id=structure.pk).select_related("history_user"),
        YearlyIndicators,
        lambda record: _("Indicateurs %(year)s") % {"year": record.year},
    )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
