"""This app's part of a structure's pages (registered in `structures.sections`)."""

from structures import sections

from .models import Interaction


def structure_interactions(*, structure, user) -> dict:
    """The network's latest exchanges with the structure that `user` may see."""
    return {
        "interactions": Interaction.objects.visible_to(user)
        .filter(structures=structure)
        .order_by("-occurred_on")[:20]
    }


def register() -> None:
    sections.register_section(
        sections.STAFF_DETAIL,
        name="network",
        order=10,
        template="network/_structure_interactions.html",
        context=structure_interactions,
    )
