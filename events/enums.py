from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    CANCELLED = "cancelled", _("Annulé")
    HELD = "held", _("Tenu")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITING = "waiting", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


class ReminderKind(models.TextChoices):
    PARTICIPANT = "participant", _("Rappel aux inscrits")
    LOW_REGISTRATIONS = "low_registrations", _("Alerte aux organisateurs : peu d'inscrits")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("À faire")
    DONE = "done", _("Fait")
