"""The audit trail of a structure: who changed what, and when, on the structure, its
conventions and its yearly indicators (django-simple-history records)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, JSONObject
from django.utils.translation import gettext_lazy as _

from accounts.models import User

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


@dataclass
class _Record:
    """One history record of any of the three models, its fields back to Python values."""

    id: int
    history_id: int
    history_date: datetime
    history_type: str
    history_user: object
    values: dict


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


def _structure_subject(values):
    return _("Fiche de la structure")


def _convention_subject(values):
    return _("Convention %(year)s") % {"year": values["year"]}


def _indicators_subject(values):
    return _("Indicateurs %(year)s") % {"year": values["year"]}


# (model, the field of its history that points to the structure, what an entry is about)
SOURCES = (
    (Structure, "id", _structure_subject),
    (Convention, "structure_id", _convention_subject),
    (YearlyIndicators, "structure_id", _indicators_subject),
)
USER_FIELDS = ("first_name", "last_name", "email")


def _as_json(model_field):
    # Decimals as text keep their scale ("12.50"), as the model would give them back.
    if isinstance(model_field, models.DecimalField):
        return Cast(model_field.attname, models.CharField())
    return F(model_field.attname)


def _records(structure: Structure) -> dict[int, list[_Record]]:
    """The history of the structure, its conventions and its indicators in one query: the
    three tables differ, so each record's fields travel as one JSON object."""
    querysets = [
        model.history.model._default_manager.filter(**{link: structure.pk})
        .order_by()
        .values(
            "id",
            "history_id",
            "history_date",
            "history_type",
            "history_user_id",
            *(f"history_user__{name}" for name in USER_FIELDS),
            source=Value(index),
            values=JSONObject(**{f.attname: _as_json(f) for f in _fields(model)}),
        )
        for index, (model, link, _subject) in enumerate(SOURCES)
    ]
    first, *others = querysets
    records: dict[int, list[_Record]] = {index: [] for index in range(len(SOURCES))}
    for row in first.union(*others, all=True):
        model = SOURCES[row["source"]][0]
        user = None
        if row["history_user_id"] is not None:
            user = User(
                pk=row["history_user_id"],
                **{name: row[f"history_user__{name}"] for name in USER_FIELDS},
            )
        values = {f.attname: f.to_python(row["values"].get(f.attname)) for f in _fields(model)}
        records[row["source"]].append(
            _Record(
                id=row["id"],
                history_id=row["history_id"],
                history_date=row["history_date"],
                history_type=row["history_type"],
                history_user=user,
                values=values,
            )
        )
    return records


def _entries(records: list[_Record], model, subject) -> list[HistoryEntry]:
    entries = []
    fields = _fields(model)
    previous_by_object = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = previous_by_object.get(record.id)
        changes = []
        if record.history_type == "~" and previous is not None:
            for model_field in fields:
                old = previous.values[model_field.attname]
                new = record.values[model_field.attname]
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
                subject=subject(record.values),
                changes=changes,
            )
        )
        previous_by_object[record.id] = record
    return entries


def structure_history(structure: Structure, *, limit: int = 100) -> list[HistoryEntry]:
    """Newest first; one query whatever the number of structures or entries."""
    records = _records(structure)
    entries = []
    for index, (model, _link, subject) in enumerate(SOURCES):
        entries += _entries(records[index], model, subject)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
