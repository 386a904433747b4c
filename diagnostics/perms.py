"""Object-level permissions for writes (reads are scoped by each QuerySet's visible_to).

Partner agents are read-only everywhere; managers write only their own structure's
self-assessment and action-plan progress; the rest is the work of the network staff who
cover the object's territory (its structure's region, or the diagnostic's region).
"""

from .enums import AssessmentKind


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_network_staff", False) and user.is_active)


def _covers(user, region_id) -> bool:
    """Staff of the territory: national staff, or regional staff assigned to the region."""
    if not _is_staff(user):
        return False
    return user.is_national_staff or region_id in user.assigned_region_ids


def _covers_structure(user, structure) -> bool:
    return _covers(user, structure.departement.region_id)


def _manages(user, structure_id) -> bool:
    return bool(
        getattr(user, "is_siae_manager", False)
        and user.is_active
        and user.structure_memberships.filter(structure_id=structure_id).exists()
    )


def can_edit_grid(user, grid) -> bool:
    """The network's grid, the same in every territory; a grid already replaced by a newer
    version stays as it was for the assessments made with it."""
    return _is_staff(user) and not grid.next_versions.exists()


def can_start_self_assessment(user, structure) -> bool:
    return _manages(user, structure.pk)


def can_edit_assessment(user, assessment) -> bool:
    """Drafts only; the self-assessment by its structure's managers, the visit grid by the
    staff of the structure's territory."""
    if assessment.is_submitted:
        return False
    if assessment.kind == AssessmentKind.SELF:
        return _manages(user, assessment.structure_id)
    return _covers_structure(user, assessment.structure)


def can_view_visit_of_assessment(user, assessment) -> bool:
    """The visit an assessment belongs to is the staff's record; managers see the grid only."""
    return _is_staff(user)


def can_edit_visit(user, visit) -> bool:
    return _covers_structure(user, visit.structure)


def can_manage_action_plan(user, plan) -> bool:
    """Creating items and changing their content is the staff's part of the plan."""
    return _covers_structure(user, plan.structure)


def can_update_action_item(user, item) -> bool:
    """Status and progress notes: staff of the territory, or a manager of the structure."""
    return can_manage_action_plan(user, item.plan) or _manages(user, item.plan.structure_id)


def can_edit_accompaniment(user, accompaniment) -> bool:
    """The staff of the accompanied structure's territory; staff who see a collective action
    only through one of its participants read it."""
    return _covers_structure(user, accompaniment.structure)


def can_edit_territorial_diagnostic(user, diagnostic) -> bool:
    return _covers(user, diagnostic.region_id) and not diagnostic.is_frozen


def can_freeze_territorial_diagnostic(user, diagnostic) -> bool:
    """Freeze an open diagnostic, or freeze again one whose snapshot is outdated."""
    return _covers(user, diagnostic.region_id) and (
        not diagnostic.is_frozen or diagnostic.snapshot_outdated
    )
