from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Diagnostic territorial")
    NATIONAL = "national", _("Bilan national")
    STRUCTURE_DIAGNOSTIC = "structure_diagnostic", _("Diagnostic de structure")
    DIALOGUE_GESTION = "dialogue_gestion", _("Fiche dialogue de gestion")
    MINUTES = "minutes", _("Compte rendu de réunion")


class SubjectType(models.TextChoices):
    """What a kind of report is about: decides which subject field is required."""

    NATIONAL = "national", _("Tous les territoires")
    REGION = "region", _("Territoire")
    STRUCTURE = "structure", _("Structure")
    EVENT = "event", _("Réunion")


SUBJECT_OF_KIND = {
    ReportKind.TERRITORIAL: SubjectType.REGION,
    ReportKind.NATIONAL: SubjectType.NATIONAL,
    ReportKind.STRUCTURE_DIAGNOSTIC: SubjectType.STRUCTURE,
    ReportKind.DIALOGUE_GESTION: SubjectType.STRUCTURE,
    ReportKind.MINUTES: SubjectType.EVENT,
}
KINDS_WITH_YEAR = {ReportKind.DIALOGUE_GESTION}


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RENDERING = "rendering", _("En cours de production")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")

    @classmethod
    def pending_values(cls):
        return [cls.QUEUED, cls.RENDERING]
