"""Visits prepared for offline use, and the changes recorded offline applied on return.

`visit_bundle` is what a device keeps of a visit (static/js/offline.js): the structure's
profile, the grid version the visit is filled on, the answers already given, the latest
self-assessment, the open items of the action plan. `visit_changes_apply` applies what was
recorded without network through the visit pages' own forms, permissions and services, one
change at a time (core.sync.apply_once: once per key, nothing written when refused):

- `answer`: one criterion's level and comment; `base` is the answer the device started
  from: if the server's answer has moved since (someone else filled it), it is a conflict;
- `visit_texts`: strengths, weaknesses and recommendations, each with its base;
- `action_item`: a new item of the structure's action plan, from this visit.
"""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.sync import (
    Conflict,
    Refused,
    Result,
    changes_apply,
    form_errors_text,
    int_of,
    text_of,
)

from . import services
from .enums import AssessmentKind, AssessmentStatus, ItemStatus
from .forms import ActionItemForm, AssessmentForm, VisitForm
from .models import ActionItem, Answer, Criterion, Level, Visit
from .perms import can_edit_assessment, can_edit_visit

VISIT_TEXTS = ("strengths", "weaknesses", "recommendations")
ITEM_FIELDS = (
    "axis",
    "finding",
    "objective",
    "actions",
    "owner",
    "due_on",
    "resources",
    "indicator",
)


def _gone() -> Refused:
    return Refused(
        _(
            "Cette visite n'existe plus ou vous n'y avez plus accès : elle est retirée de cet "
            "appareil."
        ),
        gone=True,
    )


def _grid_of(visit):
    return visit.assessment.grid if visit.assessment_id else services.default_grid()


def visit_bundle(*, visit: Visit, user) -> dict:
    """Everything the visit's offline page shows and edits (a few KB of JSON)."""
    grid = _grid_of(visit)
    structure = visit.structure
    criteria = (
        Criterion.objects.filter(axis__grid=grid)
        .select_related("axis")
        .prefetch_related(Prefetch("levels", queryset=Level.objects.order_by("value")))
        .order_by("axis__order", "order", "pk")
    )
    axes: dict[int, dict] = {}
    for criterion in criteria:
        axis = axes.setdefault(
            criterion.axis_id,
            {"id": criterion.axis_id, "order": criterion.axis.order, "title": criterion.axis.title},
        )
        axis.setdefault("criteria", []).append(
            {
                "id": criterion.pk,
                "title": criterion.title,
                "help": criterion.help,
                "levels": {level.value: level.descriptor for level in criterion.levels.all()},
                "key": f"{criterion.axis.order}.{criterion.order}",
            }
        )
    answers = {}
    if visit.assessment_id:
        for answer in visit.assessment.answers.all():
            answers[answer.criterion_id] = {"level": answer.level, "comment": answer.comment}
    own = (
        structure.assessments.filter(kind=AssessmentKind.SELF)
        .order_by("-submitted_at", "-created_at")
        .filter(status=AssessmentStatus.SUBMITTED)
        .first()
        or structure.assessments.filter(kind=AssessmentKind.SELF).order_by("-created_at").first()
    )
    self_levels = {}
    if own is not None:
        for answer in own.answers.select_related("criterion__axis"):
            key = f"{answer.criterion.axis.order}.{answer.criterion.order}"
            self_levels[key] = answer.level
    items = ActionItem.objects.filter(
        plan__structure=structure, status__in=ItemStatus.open_values()
    ).select_related("axis", "owner_user")
    now = timezone.now()
    return {
        "kind": "visit",
        "id": visit.pk,
        "title": str(visit),
        "pageUrl": reverse("diagnostics:visit_detail", args=[visit.pk]),
        "bundleUrl": reverse("diagnostics:visit_offline_bundle", args=[visit.pk]),
        "syncUrl": reverse("diagnostics:visit_sync"),
        "savedAt": now.isoformat(),
        "expiresAt": (now + datetime.timedelta(days=settings.MAILLAGE_OFFLINE_DAYS)).isoformat(),
        "structure": {
            "name": structure.name,
            "kind": structure.get_kind_display(),
            "siret": structure.siret,
            "address": structure.address,
            "commune": str(structure.commune) if structure.commune_id else "",
            "email": structure.public_email,
        },
        "visit": {
            "plannedOn": visit.planned_on.isoformat(),
            "heldOn": visit.held_on.isoformat() if visit.held_on else None,
            "place": visit.place,
            **{name: getattr(visit, name) for name in VISIT_TEXTS},
        },
        "assessment": {
            "id": visit.assessment_id,
            "submitted": bool(visit.assessment_id and visit.assessment.is_submitted),
        },
        "grid": {"id": grid.pk, "name": str(grid), "axes": list(axes.values())},
        "answers": answers,
        "selfAssessment": {
            "status": own.get_status_display() if own else "",
            "levels": self_levels,
        },
        "items": [
            {
                "objective": item.objective,
                "axis": item.axis.title if item.axis_id else "",
                "status": item.get_status_display(),
                "dueOn": item.due_on.isoformat() if item.due_on else None,
                "owner": item.owner_label,
            }
            for item in items
        ],
    }


def _visit(user, change) -> Visit:
    """Loaded again for each change: a refused change's writes are rolled back, and the
    next change must not see them through an object kept in memory."""
    visit = (
        Visit.objects.visible_to(user)
        .select_related("structure__departement", "assessment__grid")
        .filter(pk=int_of(change, "visit"))
        .first()
    )
    if visit is None or not can_edit_visit(user, visit):
        raise _gone()
    return visit


def _answer_apply(*, user, change, visit) -> dict:
    criterion_id = int_of(change, "criterion")
    level = change.get("level")
    comment = text_of(change, "comment").strip()
    base = change.get("base") or {}
    if not isinstance(base, dict):
        raise Refused(_("La valeur de départ envoyée n'est pas valide."))
    if visit.assessment_id and visit.assessment.is_submitted:
        raise Refused(_("Cette évaluation est transmise : elle ne peut plus être modifiée."))
    try:
        assessment = services.visit_assessment_start(visit=visit, by=user)
    except services.DiagnosticsError as error:
        raise Refused(str(error)) from None
    visit.assessment = assessment
    if not can_edit_assessment(user, assessment):
        raise Refused(_("Cette évaluation est transmise : elle ne peut plus être modifiée."))
    criterion = (
        Criterion.objects.filter(pk=criterion_id, axis__grid=assessment.grid_id)
        .select_related("axis")
        .prefetch_related("levels")
        .first()
    )
    if criterion is None:
        raise Refused(_("Ce critère n'appartient pas à la grille de la visite."))
    form = AssessmentForm(
        {
            f"level-{criterion.pk}": "" if level is None else str(level),
            f"comment-{criterion.pk}": comment,
        },
        assessment=assessment,
        criteria=[criterion],
        answers={},
        free_answers={},
    )
    if not form.is_valid():
        raise Refused(form_errors_text(form))
    mine = form.answers()[criterion.pk]
    existing = Answer.objects.filter(assessment=assessment, criterion=criterion).first()
    current = (existing.level, existing.comment) if existing else (None, "")
    started_from = (base.get("level"), (base.get("comment") or "").strip())
    if current != started_from and current != mine:
        raise Conflict(
            _("« %(criterion)s » a été modifié sur le serveur depuis la préparation.")
            % {"criterion": criterion.title},
            server={"level": current[0], "comment": current[1]},
            mine={"level": mine[0], "comment": mine[1]},
        )
    try:
        services.assessment_save(assessment=assessment, answers={criterion.pk: mine}, by=user)
    except services.DiagnosticsError as error:
        raise Refused(str(error)) from None
    return {"assessment": assessment.pk}


def _visit_form_data(visit) -> QueryDict:
    data = QueryDict(mutable=True)
    data["planned_on"] = visit.planned_on.isoformat()
    data["held_on"] = visit.held_on.isoformat() if visit.held_on else ""
    data["place"] = visit.place
    data["structure_participants"] = visit.structure_participants
    data.setlist(
        "staff_participants",
        [str(pk) for pk in visit.staff_participants.values_list("pk", flat=True)],
    )
    data.setlist(
        "partner_participants",
        [str(pk) for pk in visit.partner_participants.values_list("pk", flat=True)],
    )
    for name in VISIT_TEXTS:
        data[name] = getattr(visit, name)
    return data


def _texts_apply(*, user, change, visit) -> dict:
    fields, base = change.get("fields"), change.get("base") or {}
    if (
        not isinstance(fields, dict)
        or not isinstance(base, dict)
        or not set(fields) <= set(VISIT_TEXTS)
    ):
        raise Refused(_("Les constats envoyés ne sont pas valides."))
    mine = {name: text_of(fields, name).strip() for name in fields}
    visit.refresh_from_db(fields=list(VISIT_TEXTS))
    moved = {
        name: getattr(visit, name)
        for name, value in mine.items()
        if getattr(visit, name) != (base.get(name) or "").strip() and getattr(visit, name) != value
    }
    if moved:
        labels = ", ".join(str(Visit._meta.get_field(name).verbose_name) for name in moved)
        raise Conflict(
            _("Modifié sur le serveur depuis la préparation : %(fields)s.") % {"fields": labels},
            server=moved,
            mine={name: mine[name] for name in moved},
        )
    data = _visit_form_data(visit)
    for name, value in mine.items():
        data[name] = value
    form = VisitForm(data, user=user, instance=visit)
    if not form.is_valid():
        raise Refused(form_errors_text(form))
    form.save()
    return {}


def _item_apply(*, user, change, visit) -> dict:
    fields = change.get("fields")
    if not isinstance(fields, dict):
        raise Refused(_("L'action envoyée n'est pas valide."))
    data = {name: text_of(fields, name, max_length=5000) for name in ITEM_FIELDS if name != "axis"}
    axis = fields.get("axis")
    data["axis"] = str(axis) if isinstance(axis, int) and not isinstance(axis, bool) else ""
    data["status"] = ItemStatus.PLANNED
    form = ActionItemForm(data, user=user, grid=_grid_of(visit), structure=visit.structure)
    if not form.is_valid():
        raise Refused(form_errors_text(form))
    try:
        item = services.action_item_create(
            structure=visit.structure, by=user, visit=visit, **form.item_fields()
        )
    except services.DiagnosticsError as error:
        raise Refused(str(error)) from None
    return {"id": item.pk, "plan": item.plan_id}


APPLY = {"answer": _answer_apply, "visit_texts": _texts_apply, "action_item": _item_apply}


def visit_changes_apply(*, changes: list[dict], user) -> list[Result]:
    """Apply the changes in the order they were made; one result per change."""
    return changes_apply(changes=changes, user=user, handlers=APPLY, load=_visit, name="visit")
