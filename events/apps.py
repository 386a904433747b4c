from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self):
        from structures import figures

        from . import sections
        from .figures import meetings

        sections.register()
        figures.register(
            "meetings",
            meetings,
            models=(
                "events.Event",
                "events.Registration",
                "structures.Structure",
                "network.Organisation",
                "territories.Region",
                "territories.Departement",
                "territories.Commune",
            ),
        )
