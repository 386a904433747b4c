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


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association loi 1901")
    SARL = "sarl", _("SARL")
    SAS = "sas", _("SAS / SASU")
    EURL = "eurl", _("EURL")
    SCOP = "scop", _("SCOP")
    SCIC = "scic", _("SCIC")
    PUBLIC = "public", _("Établissement public / collectivité")
    OTHER = "other", _("Autre")


class DocumentKind(models.TextChoices):
    STATUTES = "statuts", _("Statuts")
    ACTIVITY_REPORT = "rapport", _("Rapport d'activité")
    BALANCE_SHEET = "bilan", _("Bilan")


class ActivitySector(models.TextChoices):
    """Broad activity sectors of SIAE, as the federations group them."""

    ENVIRONMENT = "environnement", _("Espaces verts, environnement")
    BUILDING = "batiment", _("Bâtiment, second œuvre")
    AGRICULTURE = "agriculture", _("Agriculture, maraîchage")
    RECYCLING = "recyclage", _("Recyclage, réemploi")
    CLEANING = "proprete", _("Propreté, nettoyage")
    SERVICES = "services", _("Services aux personnes")
    TRANSPORT = "transport", _("Transport, logistique")
    CATERING = "restauration", _("Restauration")
    TEXTILE = "textile", _("Couture, textile")
    WOOD = "bois", _("Bois, artisanat")
    TEMPORARY_WORK = "interim", _("Mise à disposition, intérim")
    OTHER = "autre", _("Autre")


class AdhesionStatus(models.TextChoices):
    INVITED = "invited", _("Invitée")
    PENDING = "pending", _("En attente")
    MEMBER = "member", _("Adhérente")
    LAPSED = "lapsed", _("Non renouvelée")
    LEFT = "left", _("Partie")


class PaymentStatus(models.TextChoices):
    DUE = "due", _("À payer")
    PAID = "paid", _("Payée")
    WAIVED = "waived", _("Exonérée")


class AdhesionReminderKind(models.TextChoices):
    RENEWAL = "renewal", _("Relance d'adhésion")
    PAYMENT = "payment", _("Relance de paiement")
