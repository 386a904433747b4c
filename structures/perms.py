"""Object-level permissions of the structures app: `can_<verb>_<thing>(user, obj)`.

Views first load the object through a queryset scoped to the user (out of scope: 404);
these functions then decide whether the user may *change* it. Partner agents are
read-only everywhere.
"""

from .models import Structure, StructureMembership, YearlyIndicators


def _is_staff_in_scope(user, structure: Structure) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_network_staff):
        return False
    if user.is_national_staff:
        return True
    return structure.departement.region_id in user.assigned_region_ids


def _membership(user, structure: Structure) -> StructureMembership | None:
    if not (user.is_authenticated and user.is_active and user.is_siae_manager):
        return None
    return StructureMembership.objects.filter(user=user, structure=structure).first()


def can_edit_structure(user, structure: Structure) -> bool:
    return _is_staff_in_scope(user, structure) or _membership(user, structure) is not None


def can_work_nationwide(user) -> bool:
    """National staff cover every territory: nothing of theirs is searched region first."""
    return bool(user.is_authenticated and user.is_active and user.is_national_staff)


def can_edit_identity(user, structure: Structure) -> bool:
    """Name, kind, SIRET and commune are the network's record: staff of the territory change
    them; managers edit the public profile only."""
    return _is_staff_in_scope(user, structure)


def can_edit_indicators(user, indicators: YearlyIndicators) -> bool:
    """A locked year (after the dialogue de gestion) can only be changed by staff."""
    if _is_staff_in_scope(user, indicators.structure):
        return True
    return not indicators.is_locked and _membership(user, indicators.structure) is not None


def can_lock_indicators(user, indicators: YearlyIndicators) -> bool:
    return _is_staff_in_scope(user, indicators.structure)


def can_edit_conventions(user, structure: Structure) -> bool:
    """Conventions are the State's decisions: staff record them, managers read them."""
    return _is_staff_in_scope(user, structure)


def can_upload_document(user, structure: Structure) -> bool:
    return can_edit_structure(user, structure)


def can_manage_colleagues(user, structure: Structure) -> bool:
    """Staff of the territory and the structure's administrators invite and remove people."""
    if _is_staff_in_scope(user, structure):
        return True
    membership = _membership(user, structure)
    return membership is not None and membership.is_admin


def can_import(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_network_staff


def last_admin_pk(structure: Structure) -> int | None:
    """The membership of the structure's only administrator, if it has exactly one: it can
    neither leave nor step down (the team would have nobody to manage it)."""
    admins = list(
        StructureMembership.objects.filter(structure=structure, is_admin=True).values_list(
            "pk", flat=True
        )[:2]
    )
    return admins[0] if len(admins) == 1 else None
