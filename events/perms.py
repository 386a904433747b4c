"""Object-level permissions of the events app; objects are already loaded through
`visible_to`, so these functions only decide what someone who sees an event may do."""

from structures.models import Structure


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_event(user, event) -> bool:
    """Create, edit, publish, cancel, take attendance, write minutes: network staff."""
    return _active(user) and user.is_network_staff


def can_view_registrations(user, event) -> bool:
    """Staff see every registration, managers those of their own structures."""
    return _active(user) and (user.is_network_staff or user.is_siae_manager)


def can_register_anybody(user, event) -> bool:
    """Staff register people of any structure of the territory and partners' agents."""
    return can_manage_event(user, event)


def can_register(user, event, structure=None) -> bool:
    """Staff register anybody; managers only people of a structure they belong to (of any
    of theirs when no structure is named yet)."""
    if not _active(user):
        return False
    if user.is_network_staff:
        return True
    if user.is_siae_manager:
        structures = Structure.objects.filter(memberships__user=user)
        if structure is not None:
            structures = structures.filter(pk=structure.pk)
        return structures.exists()
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
