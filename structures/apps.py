from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = _("Structures")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.enums import Role
        from accounts.invitations import on_accept

        from . import directory_cache
        from .services import invitation_accepted_as_manager

        on_accept(Role.MANAGER, invitation_accepted_as_manager)

        # What the directories show (see `directory_cache`): every save and deletion of it
        # replaces their version, and so does every migration (a new release).
        for model in (
            "structures.Structure",
            "structures.Convention",
            "structures.YearlyIndicators",
            "structures.Adhesion",
            "structures.AdhesionCampaign",
            "territories.Region",
            "territories.Departement",
            "territories.Commune",
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    directory_cache.data_changed, sender=model, dispatch_uid=f"directory-{model}"
                )
        post_migrate.connect(directory_cache.data_changed, sender=self)
