"""This app's part of a structure's pages (registered in `structures.sections`)."""

from django.utils.translation import gettext_lazy as _

from structures import sections

from . import perms
from .models import Interaction, NetworkMember


def structure_interactions(*, structure, user) -> dict:
    """The network's latest exchanges with the structure that `user` may see."""
    return {
        "interactions": Interaction.objects.visible_to(user)
        .filter(structures=structure)
        .order_by("-occurred_on")[:20]
    }


def structure_regional_networks(*, structure, user) -> dict:
    """The regional networks the structure is invited to or belongs to, for its member
    home, with the invitation's answer when `user` may give it."""
    entries = (
        NetworkMember.objects.current()
        .filter(structure=structure)
        .select_related("network", "structure")
        .order_by("network__name")
    )
    return {
        "items": [
            {"entry": entry, "can_answer": perms.can_answer_network_invitation(user, entry)}
            for entry in entries
        ]
    }


def register() -> None:
    sections.register_section(
        sections.STAFF_DETAIL,
        name="network",
        order=10,
        template="network/_structure_interactions.html",
        context=structure_interactions,
    )
    sections.register_section(
        sections.MEMBER_HOME,
        name="regional_networks",
        order=10,
        template="network/_structure_regional_networks.html",
        context=structure_regional_networks,
    )
    sections.register_member_link(
        order=5, label=_("Réseau régional"), url_name="network:member_regional_networks"
    )
