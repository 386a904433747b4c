"""Writes of the diagnostics app: one function per user-facing write."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import AssessmentKind, AssessmentStatus, ItemStatus
from .models import (
    Accompaniment,
    ActionItem,
    ActionPlan,
    Answer,
    Assessment,
    Axis,
    Criterion,
    FreeAnswer,
    FreeQuestion,
    Grid,
    Level,
    ProgressNote,
    TerritorialDiagnostic,
    Visit,
)


class DiagnosticsError(Exception):
    """A domain rule refused the write; the message is shown to the user."""


class IncompleteAssessment(DiagnosticsError):
    def __init__(self, missing):
        self.missing = list(missing)
        titles = ", ".join(f"« {criterion.title} »" for criterion in self.missing)
        super().__init__(
            ngettext(
                "Il reste %(count)s critère sans niveau : %(titles)s. Vos réponses sont enregistrées.",
                "Il reste %(count)s critères sans niveau : %(titles)s. Vos réponses sont enregistrées.",
                len(self.missing),
            )
            % {"count": len(self.missing), "titles": titles}
        )


# Grids ----------------------------------------------------------------------------------


def default_grid() -> Grid:
    """The latest version of the default grid's lineage."""
    grid = Grid.objects.filter(is_default=True).first()
    if grid is None:
        raise DiagnosticsError(_("Aucune grille par défaut n'est publiée."))
    return grid


@transaction.atomic
def grid_new_version(*, grid: Grid, by=None) -> tuple[Grid, dict[int, Axis], dict[int, Criterion]]:
    """Copy `grid` into the next version of its lineage; the copy becomes the default if
    the original was. Returns the copy and the maps old axis/criterion id → copy."""
    next_number = (
        Grid.objects.filter(lineage=grid.lineage).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    was_default = grid.is_default
    if was_default:
        Grid.objects.filter(pk=grid.pk).update(is_default=False)
    copy = Grid.objects.create(
        name=grid.name,
        lineage=grid.lineage,
        version=next_number,
        parent=grid,
        description=grid.description,
        published_at=timezone.now(),
        is_default=was_default,
        created_by=by,
    )
    axes, criteria = {}, {}
    for axis in grid.axes.prefetch_related("criteria__levels"):
        axes[axis.pk] = Axis.objects.create(
            grid=copy, order=axis.order, title=axis.title, description=axis.description
        )
        for criterion in axis.criteria.all():
            criteria[criterion.pk] = Criterion.objects.create(
                axis=axes[axis.pk],
                order=criterion.order,
                title=criterion.title,
                help=criterion.help,
            )
            Level.objects.bulk_create(
                Level(
                    criterion=criteria[criterion.pk], value=level.value, descriptor=level.descriptor
                )
                for level in criterion.levels.all()
            )
    FreeQuestion.objects.bulk_create(
        FreeQuestion(grid=copy, order=question.order, text=question.text)
        for question in grid.free_questions.all()
    )
    return copy, axes, criteria


@dataclass
class CriterionEdit:
    title: str
    help: str = ""
    levels: dict[int, str] = field(default_factory=dict)
    delete: bool = False


@transaction.atomic
def grid_edit(
    *,
    grid: Grid,
    by,
    axes: dict[int, tuple[str, str]],
    criteria: dict[int, CriterionEdit],
    new_criteria: dict[int, CriterionEdit] | None = None,
) -> Grid:
    """Apply staff edits to a grid. A grid that an assessment already uses is never changed
    in place: the edits go to a new version, so past assessments keep their criteria.

    `axes`: axis id → (title, description); `criteria`: criterion id → edit;
    `new_criteria`: axis id → a criterion to add. Returns the grid that holds the edits.
    """
    new_criteria = {k: v for k, v in (new_criteria or {}).items() if v.title.strip()}
    if grid.next_versions.exists():
        raise DiagnosticsError(_("Seule la dernière version d'une grille peut être modifiée."))
    current_axes = {axis.pk: axis for axis in grid.axes.all()}
    current_criteria = {
        c.pk: c for c in Criterion.objects.filter(axis__grid=grid).prefetch_related("levels")
    }
    if not _grid_changed(current_axes, current_criteria, axes, criteria, new_criteria):
        return grid
    target, axis_map, criterion_map = grid, current_axes, current_criteria
    if grid.is_used:
        target, axis_map, criterion_map = grid_new_version(grid=grid, by=by)
    for axis_id, (title, description) in axes.items():
        axis = axis_map[axis_id]
        axis.title, axis.description = title, description
        axis.save(update_fields=["title", "description"])
    for criterion_id, edit in criteria.items():
        criterion = criterion_map[criterion_id]
        if edit.delete:
            criterion.delete()
            continue
        criterion.title, criterion.help = edit.title, edit.help
        criterion.save(update_fields=["title", "help"])
        for value, descriptor in edit.levels.items():
            Level.objects.update_or_create(
                criterion=criterion, value=value, defaults={"descriptor": descriptor}
            )
    for axis_id, edit in new_criteria.items():
        axis = axis_map[axis_id]
        order = (axis.criteria.aggregate(o=Max("order"))["o"] or 0) + 1
        criterion = Criterion.objects.create(
            axis=axis, order=order, title=edit.title, help=edit.help
        )
        Level.objects.bulk_create(
            Level(criterion=criterion, value=value, descriptor=descriptor)
            for value, descriptor in edit.levels.items()
            if descriptor.strip()
        )
    return target


def _grid_changed(current_axes, current_criteria, axes, criteria, new_criteria) -> bool:
    if new_criteria:
        return True
    for axis_id, (title, description) in axes.items():
        axis = current_axes[axis_id]
        if (axis.title, axis.description) != (title, description):
            return True
    for criterion_id, edit in criteria.items():
        criterion = current_criteria[criterion_id]
        if edit.delete or (criterion.title, criterion.help) != (edit.title, edit.help):
            return True
        levels = {level.value: level.descriptor for level in criterion.levels.all()}
        if any(levels.get(value) != text for value, text in edit.levels.items()):
            return True
    return False


# Assessments ----------------------------------------------------------------------------


@transaction.atomic
def self_assessment_start(*, structure, by) -> Assessment:
    """The structure's draft self-assessment, created on the default grid if none is open."""
    draft = structure.assessments.filter(
        kind=AssessmentKind.SELF, status=AssessmentStatus.DRAFT
    ).first()
    if draft is not None:
        return draft
    return Assessment.objects.create(
        structure=structure, grid=default_grid(), kind=AssessmentKind.SELF, created_by=by
    )


@transaction.atomic
def assessment_save(
    *,
    assessment: Assessment,
    answers: dict[int, tuple[int | None, str]],
    free_answers: dict[int, str] | None = None,
    by,
) -> Assessment:
    """Store a sitting's answers (criterion id → (level, comment)); drafts only."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        raise DiagnosticsError(
            _("Cette évaluation est transmise : elle ne peut plus être modifiée.")
        )
    valid = set(
        Criterion.objects.filter(axis__grid=assessment.grid_id).values_list("pk", flat=True)
    )
    existing = {answer.criterion_id: answer for answer in assessment.answers.all()}
    to_create, to_update = [], []
    for criterion_id, (level, comment) in answers.items():
        if criterion_id not in valid:
            raise DiagnosticsError(_("Ce critère n'appartient pas à la grille de l'évaluation."))
        answer = existing.get(criterion_id)
        if answer is None:
            if level is None and not comment:
                continue
            to_create.append(
                Answer(
                    assessment=assessment, criterion_id=criterion_id, level=level, comment=comment
                )
            )
        elif (answer.level, answer.comment) != (level, comment):
            answer.level, answer.comment = level, comment
            to_update.append(answer)
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(to_update, ["level", "comment"])
    questions = set(assessment.grid.free_questions.values_list("pk", flat=True))
    for question_id, text in (free_answers or {}).items():
        if question_id in questions:
            FreeAnswer.objects.update_or_create(
                assessment=assessment, question_id=question_id, defaults={"text": text}
            )
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return assessment


def assessment_missing_criteria(*, assessment: Assessment) -> list[Criterion]:
    """The criteria of the assessment's grid still without a level, in grid order."""
    return list(
        Criterion.objects.filter(axis__grid=assessment.grid_id)
        .exclude(answers__assessment=assessment, answers__level__isnull=False)
        .select_related("axis")
        .order_by("axis__order", "order", "pk")
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    """Submit a complete assessment; after this it is read-only. An incomplete one raises
    IncompleteAssessment naming the criteria left without a level (answers stay saved:
    call assessment_save first, in its own transaction)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        raise DiagnosticsError(_("Cette évaluation est déjà transmise."))
    missing = assessment_missing_criteria(assessment=assessment)
    if missing:
        raise IncompleteAssessment(missing)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    return assessment


# Visits ---------------------------------------------------------------------------------


@transaction.atomic
def visit_assessment_start(*, visit: Visit, by) -> Assessment:
    """The staff's grid for the visit, on the default grid (created once)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.assessment_id:
        return visit.assessment
    assessment = Assessment.objects.create(
        structure_id=visit.structure_id,
        grid=default_grid(),
        kind=AssessmentKind.VISIT,
        created_by=by,
    )
    visit.assessment = assessment
    visit.save(update_fields=["assessment"])
    return assessment


# Action plans ---------------------------------------------------------------------------


@transaction.atomic
def action_item_create(*, structure, by, visit: Visit | None = None, **fields) -> ActionItem:
    """Add an item to the structure's action plan (the plan is created with its first item)."""
    plan, _created = ActionPlan.objects.get_or_create(
        structure=structure, defaults={"created_by": by}
    )
    axis = fields.get("axis")
    grid_id = visit.assessment.grid_id if visit is not None and visit.assessment_id else None
    if axis is not None and grid_id is not None and axis.grid_id != grid_id:
        raise DiagnosticsError(_("Cet axe n'appartient pas à la grille de la visite."))
    return ActionItem.objects.create(plan=plan, visit=visit, **fields)


@transaction.atomic
def progress_note_add(
    *, item: ActionItem, by, text: str, written_on: datetime.date, status: str | None = None
) -> ProgressNote:
    """A dated progress note; it may move the item's status at the same time."""
    if item.status in (ItemStatus.DONE, ItemStatus.DROPPED) and status is None:
        raise DiagnosticsError(_("Cette action est close : rouvrez-la pour noter un avancement."))
    note = ProgressNote.objects.create(item=item, written_on=written_on, text=text, author=by)
    if status and status != item.status:
        item.status = status
        item.save(update_fields=["status", "updated_at"])
    return note


# Accompaniments -------------------------------------------------------------------------


def accompaniment_participant_add(*, accompaniment: Accompaniment, structure, by) -> None:
    """A structure joins a collective action (nothing changes if it already takes part)."""
    if structure.pk == accompaniment.structure_id:
        raise DiagnosticsError(
            _(
                "%(structure)s est la structure accompagnée : elle ne s'ajoute pas aux participantes."
            )
            % {"structure": structure.name}
        )
    accompaniment.participants.add(structure)


def accompaniment_participant_remove(*, accompaniment: Accompaniment, structure, by) -> None:
    """A structure leaves a collective action (nothing changes if it was not taking part)."""
    accompaniment.participants.remove(structure)


# Territorial diagnostic -----------------------------------------------------------------


@transaction.atomic
def territorial_diagnostic_freeze(
    *, diagnostic: TerritorialDiagnostic, by
) -> TerritorialDiagnostic:
    """Keep the figures as they are today: the report handed to the State must not move.

    A diagnostic frozen before the snapshot kept the whole result is frozen again: its
    figures are read today (the first freezing date stays in the history)."""
    diagnostic = TerritorialDiagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if diagnostic.is_frozen and not diagnostic.snapshot_outdated:
        raise DiagnosticsError(_("Ce diagnostic est déjà figé."))
    diagnostic.frozen_at = timezone.now()
    diagnostic.frozen_figures = diagnostic.compute_figures(as_of=diagnostic.frozen_at)
    diagnostic.save(update_fields=["frozen_figures", "frozen_at", "updated_at"])
    return diagnostic
