from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = _("Structures")

    def ready(self):
        from accounts.enums import Role
        from accounts.invitations import on_accept

        from .services import invitation_accepted_as_manager

        on_accept(Role.MANAGER, invitation_accepted_as_manager)
