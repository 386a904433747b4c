from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Réseau")

    def ready(self):
        # Imported for its definition of "partners met", printed with the other figures'.
        import network.figures  # noqa: F401

        from . import sections
        from .figures import ACTIVITY

        sections.register()
        # What the staff home reads of the network's activity (see `figures.ACTIVITY`).
        ACTIVITY.watch(
            "network.Organisation",
            "network.Interaction",
            "network.InteractionFollowUp",
            "network.Mission",
            links=("network.Interaction_organisations",),
        )
