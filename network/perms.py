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


def _covers_region(user, region_id) -> bool:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_national_staff:
        return True
    return user.is_network_staff and user.regions.filter(pk=region_id).exists()


def can_create_regional_network(user, region) -> bool:
    """National staff everywhere, regional staff in the regions they are assigned."""
    return _covers_region(user, region.pk)


def can_manage_regional_network(user, network) -> bool:
    """Stages, members, governance, milestones and documents: the staff of its territory,
    as long as the network has not been abandoned."""
    return _covers_region(user, network.region_id) and not network.is_closed


def can_answer_network_invitation(user, member) -> bool:
    """An administrator of an invited structure accepts or declines joining."""
    from .enums import NetworkMemberStatus

    return (
        member.status == NetworkMemberStatus.INVITED
        and member.structure_id is not None
        and getattr(user, "is_siae_manager", False)
        and StructureMembership.objects.filter(
            user=user, structure_id=member.structure_id, is_admin=True
        ).exists()
    )


def can_read_network_document(user, document) -> bool:
    """Staff of the territory read every document; managers of a current member the
    adopted ones (the network itself is already loaded through `visible_to`)."""
    if _covers_region(user, document.network.region_id):
        return True
    return getattr(user, "is_siae_manager", False) and document.is_adopted
