from django.db import models
from django.utils.translation import gettext_lazy as _


class EpciKind(models.TextChoices):
    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METRO = "METRO", _("Métropole")
    MET69 = "MET69", _("Métropole de Lyon")


class AliasKind(models.TextChoices):
    DELEGATED = "delegated", _("commune déléguée")
    ASSOCIATED = "associated", _("commune associée")
    MUNICIPAL_ARRONDISSEMENT = "arrondissement", _("arrondissement municipal")
    FORMER_CODE = "former_code", _("ancien code")
