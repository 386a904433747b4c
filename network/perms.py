"""Object-level permissions for writes: staff edit, managers renew their own adhesion,
partner agents are read-only everywhere."""

from structures.models import StructureMembership


def can_edit_partner(user, organisation) -> bool:
    return user.is_network_staff


def can_edit_contact(user, contact) -> bool:
    return user.is_network_staff and contact.erased_at is None


def can_erase_contact(user, contact) -> bool:
    return user.is_network_staff and contact.erased_at is None


def can_edit_mission(user, mission) -> bool:
    return user.is_network_staff


def can_edit_interaction(user, interaction) -> bool:
    return user.is_network_staff


def can_edit_follow_up(user, follow_up) -> bool:
    return user.is_network_staff


def can_open_campaign(user) -> bool:
    return user.is_national_staff


def can_update_adhesion(user, adhesion) -> bool:
    return user.is_network_staff


def can_renew_adhesion(user, adhesion) -> bool:
    """Only an administrator of the structure commits it to a adhesion."""
    return (
        user.is_siae_manager
        and StructureMembership.objects.filter(
            user=user, structure_id=adhesion.structure_id, is_admin=True
        ).exists()
    )


def can_publish_nationwide(user) -> bool:
    """A publication addressed to every territory is the national team's."""
    return user.is_national_staff


def can_edit_publication(user, publication) -> bool:
    """National staff edit everything; regional staff what is addressed to their regions
    only (a national publication is the national team's)."""
    if user.is_national_staff:
        return True
    if not user.is_network_staff:
        return False
    regions = {region.pk for region in publication.regions.all()}
    return bool(regions) and regions <= set(user.regions.values_list("pk", flat=True))
