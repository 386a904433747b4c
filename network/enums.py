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
    """The stages of a regional network's structuring, in order; abandoned ends it."""

    PROJECT = "project", _("En projet")
    PREFIGURATION = "prefiguration", _("En préfiguration")
    FOUNDING = "founding", _("En constitution")
    ACTIVE = "active", _("Actif")
    ABANDONED = "abandoned", _("Abandonné")


class NetworkMemberStatus(models.TextChoices):
    """Invited by staff, committed once the structure accepts, member once it has joined
    (usually at the assemblée constitutive), left when it leaves or declines."""

    INVITED = "invited", _("Invitée")
    COMMITTED = "committed", _("Engagée")
    MEMBER = "member", _("Membre")
    LEFT = "left", _("Partie")


class BureauRole(models.TextChoices):
    PRESIDENT = "president", _("Président·e")
    VICE_PRESIDENT = "vice_president", _("Vice-président·e")
    TREASURER = "treasurer", _("Trésorier·e")
    SECRETARY = "secretary", _("Secrétaire")
    OTHER = "other", _("Autre membre du bureau")


class NetworkDocumentKind(models.TextChoices):
    STATUTES = "statutes", _("Statuts")
    MINUTES = "minutes", _("Procès-verbal d'assemblée")
    OTHER = "other", _("Autre document")


class NetworkDocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Projet")
    ADOPTED = "adopted", _("Adopté")


class MilestoneState(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    REACHED = "reached", _("Atteinte")
    LATE = "late", _("En retard")


class NetworkDecisionKind(models.TextChoices):
    STATUTES_ADOPTED = "statutes", _("Adoption des statuts")
    BUREAU_ELECTED = "bureau", _("Élection du bureau")
    MILESTONE_REACHED = "milestone", _("Étape atteinte")
    OTHER = "other", _("Autre décision")


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
