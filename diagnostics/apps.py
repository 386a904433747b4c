from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = _("Diagnostics")

    def ready(self):
        from network.figures import register_meeting_source
        from structures import figures

        from . import list_cache, sections
        from .figures import activity, partner_visits, scores

        # What the lists hold (see `list_cache`): every save and deletion of it replaces
        # their version.
        list_cache.VERSION.watch(
            "diagnostics.Visit",
            "diagnostics.ActionPlan",
            "diagnostics.ActionItem",
            "diagnostics.Accompaniment",
            links=("diagnostics.Accompaniment_participants", "accounts.User_regions"),
        )
        sections.register()
        register_meeting_source(
            "visits",
            partner_visits,
            models=("diagnostics.Visit",),
            links=("diagnostics.Visit_partner_participants",),
        )
        figures.register(
            "scores",
            scores,
            models=(
                "diagnostics.Answer",
                "diagnostics.Assessment",
                "diagnostics.Criterion",
                "diagnostics.Axis",
                "structures.Structure",
                "territories.Departement",
            ),
        )
        figures.register(
            "activity",
            activity,
            models=(
                "structures.Structure",
                "territories.Departement",
                "diagnostics.Visit",
                "diagnostics.Accompaniment",
                "network.Organisation",
                "network.OrganisationKind",
                "network.Interaction",
            ),
            links=("network.Interaction_organisations", "diagnostics.Visit_partner_participants"),
        )
