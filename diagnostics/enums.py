from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelValue(models.IntegerChoices):
    """Four maturity levels, the scale of the network's evaluation tools."""

    START = 1, _("1 — À construire")
    PARTIAL = 2, _("2 — En progression")
    GOOD = 3, _("3 — Maîtrisé")
    EXEMPLARY = 4, _("4 — Exemplaire")


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Auto-évaluation")
    VISIT = "visit", _("Évaluation en visite")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Transmise")


class ItemStatus(models.TextChoices):
    """Status of an action-plan item and of a territorial action."""

    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")

    @classmethod
    def open_values(cls):
        return [cls.PLANNED, cls.IN_PROGRESS]


class AccompanimentKind(models.TextChoices):
    DLA = "dla", _("DLA (dispositif local d'accompagnement)")
    DIALOGUE_GESTION = "dialogue_gestion", _("Préparation du dialogue de gestion")
    TRAINING = "training", _("Formation")
    QUALITY = "quality", _("Démarche qualité")
    OTHER = "other", _("Autre accompagnement")


class DlaStage(models.TextChoices):
    """The DLA path: intake → shared diagnostic → plan → providers → follow-up."""

    INTAKE = "intake", _("Accueil")
    SHARED_DIAGNOSTIC = "shared_diagnostic", _("Diagnostic partagé")
    PLAN = "plan", _("Plan d'accompagnement")
    PROVIDERS = "providers", _("Intervention des prestataires")
    FOLLOW_UP = "follow_up", _("Suivi")


class AccompanimentStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminé")
    DROPPED = "dropped", _("Abandonné")
