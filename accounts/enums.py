from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Équipe du réseau")
    MANAGER = "manager", _("Dirigeant·e de SIAE")
    PARTNER = "partner", _("Agent partenaire")


class StaffScope(models.TextChoices):
    NATIONAL = "national", _("Nationale (tous les territoires)")
    REGIONAL = "regional", _("Régionale (territoires affectés)")
