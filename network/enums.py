from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationCategory(models.TextChoices):
    """Broad families of partner kinds; the kinds themselves are editable data."""

    STATE = "state", _("Services de l'État")
    EMPLOYMENT = "employment", _("Service public de l'emploi")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité")
    SOCIAL_ECONOMY = "social_economy", _("Économie sociale et solidaire")
    SUPPORT = "support", _("Accompagnement")
    FUNDER = "funder", _("Financeur")
    OTHER = "other", _("Autre")


class RegionalNetworkStatus(models.TextChoices):
    PROJECT = "project", _("En projet")
    FOUNDING = "founding", _("En constitution")
    ACTIVE = "active", _("Actif")


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Rencontre")
    COLLECTIVE = "collective", _("Réunion collective")
    CALL = "call", _("Appel")
    EMAIL = "email", _("Échange écrit")
    SUPPORT = "support", _("Accompagnement")


class PublicationKind(models.TextChoices):
    NEWS = "news", _("Actualité")
    LEGAL = "legal", _("Note juridique")
    TEMPLATE = "template", _("Modèle de document")
    GUIDE = "guide", _("Guide")
    RECORDING = "recording", _("Enregistrement")

    @classmethod
    def resources(cls):
        return [cls.LEGAL, cls.TEMPLATE, cls.GUIDE, cls.RECORDING]
