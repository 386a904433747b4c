from django.db import models
from django.utils.translation import gettext_lazy as _


class StructureKind(models.TextChoices):
    ACI = "ACI", _("Atelier et chantier d'insertion (ACI)")
    AI = "AI", _("Association intermédiaire (AI)")
    EI = "EI", _("Entreprise d'insertion (EI)")
    ETTI = "ETTI", _("Entreprise de travail temporaire d'insertion (ETTI)")
    EITI = "EITI", _("Entreprise d'insertion par le travail indépendant (EITI)")
    GEIQ = "GEIQ", _("Groupement d'employeurs pour l'insertion et la qualification (GEIQ)")
    PTCE = "PTCE", _("Pôle territorial de coopération économique (PTCE)")
    OTHER = "OTHER", _("Autre membre")

    @classmethod
    def siae_kinds(cls):
        """Kinds under a State agreement (Code du travail L5132-2); the others are members only."""
        return [cls.ACI, cls.AI, cls.EI, cls.ETTI, cls.EITI]


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    FILED = "filed", _("Déposée")
    SIGNED = "signed", _("Signée")
    ENDED = "ended", _("Terminée")
