"""Object-level permissions for writes (reads are scoped by each QuerySet's visible_to).

Partner agents are read-only everywhere; managers write only their own structure's
self-assessment and action-plan progress; the rest is the network staff's work.
"""

from .enums import AssessmentKind


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_network_staff", False) and user.is_active)


def _manages(user, structure_id) -> bool:
    return bool(
        getattr(user, "is_siae_manager", False)
        and user.is_active
        and user.structure_memberships.filter(structure_id=structure_id).exists()
    )


def can_edit_grid(user, grid) -> bool:
    return _is_staff(user) and not grid.next_versions.exists()


def can_start_self_assessment(user, structure) -> bool:
    return _manages(user, structure.pk)


def can_edit_assessment(user, assessment) -> bool:
    """Drafts only; the self-assessment by its structure's managers, the visit grid by staff."""
    if assessment.is_submitted:
        return False
    if assessment.kind == AssessmentKind.SELF:
        return _manages(user, assessment.structure_id)
    return _is_staff(user)


def can_edit_visit(user, visit) -> bool:
    return _is_staff(user)


def can_manage_action_plan(user, plan_or_structure) -> bool:
    """Creating items and changing their content is the staff's part of the plan."""
    return _is_staff(user)


def can_update_action_item(user, item) -> bool:
    """Status and progress notes: staff, or a manager of the item's structure."""
    return _is_staff(user) or _manages(user, item.plan.structure_id)


def can_edit_accompaniment(user, accompaniment) -> bool:
    return _is_staff(user)


def can_edit_territorial_diagnostic(user, diagnostic) -> bool:
    return _is_staff(user) and not diagnostic.is_frozen


def can_freeze_territorial_diagnostic(user, diagnostic) -> bool:
    return _is_staff(user) and not diagnostic.is_frozen
