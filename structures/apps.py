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

        # What the directories show (see `directory_cache`): the same tables as the
        # figures' own; every save and deletion of them replaces their version.
        directory_cache.VERSION.watch(*figures.OWN_SOURCES)
        # What the territory's figures read themselves (the sections' providers name
        # theirs when they register): the version of the cached figures.
        figures.SOURCES.watch(*figures.OWN_SOURCES)
