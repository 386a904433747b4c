from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = _("Diagnostics")

    def ready(self):
        from structures import figures

        from . import sections
        from .figures import activity, scores

        sections.register()
        figures.register("scores", scores)
        figures.register("activity", activity)
