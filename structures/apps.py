from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = _("Structures")

    def ready(self):
        from accounts.enums import Role
        from accounts.invitations import on_accept

        from . import directory_cache, figures
        from .services import invitation_accepted_as_manager

        on_accept(Role.MANAGER, invitation_accepted_as_manager)

        # What the directories show (see `directory_cache`): every save and deletion of it
        # replaces their version.
        directory_cache.VERSION.watch(
            "structures.Structure",
            "structures.Convention",
            "structures.YearlyIndicators",
            "structures.Adhesion",
            "structures.AdhesionCampaign",
            "territories.Region",
            "territories.Departement",
            "territories.Commune",
        )
        # What the territory's figures read themselves (the sections' providers name
        # theirs when they register): the version of the cached figures.
        figures.SOURCES.watch(*figures.OWN_SOURCES)
