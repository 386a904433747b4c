"""Object-level permissions for writes; objects are already loaded through `visible_to`."""

from structures.models import Structure


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_event(user, event) -> bool:
    """Create, edit, publish, cancel, take attendance, write minutes: network staff."""
    return _active(user) and user.is_network_staff


def can_register(user, event, structure=None) -> bool:
    """Staff register anybody; managers only people of a structure they belong to."""
    if not _active(user):
        return False
    if user.is_network_staff:
        return True
    if user.is_siae_manager:
        return structure is not None and (
            Structure.objects.filter(pk=structure.pk, memberships__user=user).exists()
        )
    return False


def can_cancel_registration(user, registration) -> bool:
    if not _active(user):
        return False
    if user.is_network_staff:
        return True
    if user.is_siae_manager and registration.structure_id:
        return registration.structure.memberships.filter(user=user).exists()
    return False


def can_record_network_decisions(user, minutes) -> bool:
    """Staff who may change the event's regional network record what its assembly decided,
    once the minutes are published."""
    from network.perms import can_manage_regional_network

    network = minutes.event.regional_network
    return (
        can_manage_event(user, minutes.event)
        and minutes.published_at is not None
        and network is not None
        and can_manage_regional_network(user, network)
    )
