"""Network events: collective meetings, trainings, information sessions, committees and
field missions, with registrations, attendance, minutes, personal calendar feeds and
reminders.

Times are stored in UTC and always shown in the territory's time zone (the event's
département, else its région: a 9:00 meeting in Cayenne is 12:00 UTC), with the viewer's
own time beside it when it differs.
"""

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import scoped_by_region
from core.versions import WritesQuerySet
from territories.models import Region

from .enums import EventStatus, FollowUpStatus, RegistrationStatus, ReminderKind


def zone_label(name: str) -> str:
    """ "America/Cayenne" → "heure de Cayenne"."""
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return _("heure de %(city)s") % {"city": city}


class EventKind(models.Model):
    """Editable list (collective meeting, training, information session…)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type d'événement")
        verbose_name_plural = _("types d'événements")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class EventQuerySet(WritesQuerySet):
    def visible_to(self, user):
        """Staff: events of their territories (drafts included); managers: events of the
        territories of their structures once published; partner agents: events their
        organisation is invited to or registered at."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_network_staff:
            return scoped_by_region(self, user, "region")
        shown = self.exclude(status=EventStatus.DRAFT)
        if user.is_siae_manager:
            regions = Region.objects.filter(departements__structures__memberships__user=user)
            audience = Event.audience_regions.through.objects.filter(region__in=regions)
            return shown.filter(Q(region__in=regions) | Q(pk__in=audience.values("event_id")))
        if user.is_partner_agent:
            invited = Event.invited_organisations.through.objects.filter(
                organisation=user.organisation_id
            )
            registered = Registration.objects.filter(organisation=user.organisation_id)
            return shown.filter(
                Q(pk__in=invited.values("event_id")) | Q(pk__in=registered.values("event_id"))
            )
        return self.none()

    def with_counts(self):
        return self.select_related("kind", "region", "departement", "commune").annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )


class Event(models.Model):
    kind = models.ForeignKey(
        EventKind, verbose_name=_("type"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    departement = models.ForeignKey(
        "territories.Departement",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    online_url = models.URLField(_("lien de visioconférence"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    min_registrations = models.PositiveSmallIntegerField(
        _("seuil d'alerte d'inscriptions"),
        default=5,
        help_text=_("Les organisateurs sont prévenus avant l'événement sous ce nombre d'inscrits."),
    )
    audience_regions = models.ManyToManyField(
        "territories.Region",
        verbose_name=_("territoires invités"),
        blank=True,
        related_name="audience_events",
    )
    audience_structure_kinds = models.JSONField(
        _("types de structures invités"),
        default=list,
        blank=True,
        help_text=_("Aucun : tous les types de structures."),
    )
    invited_organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("partenaires invités"),
        blank=True,
        related_name="invited_events",
    )
    # Assemblies and meetings of a regional network: its minutes, once published, record
    # the network's decisions (see network.services.assembly_decisions_record).
    regional_network = models.ForeignKey(
        "network.RegionalNetwork",
        verbose_name=_("réseau régional concerné"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Assemblée ou réunion d'un réseau régional en construction."),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisateurs"),
        blank=True,
        related_name="organised_events",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The commune decides the département (and so the time zone); without one the
        # event is online and the région's zone applies.
        self.departement_id = self.commune.departement_id if self.commune_id else None
        super().save(*args, **kwargs)

    @property
    def time_zone_name(self) -> str:
        if self.departement_id:
            return self.departement.time_zone
        return self.region.time_zone

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone_name)

    @property
    def zone_label(self) -> str:
        return zone_label(self.time_zone_name)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def place_label(self) -> str:
        parts = [self.address, self.commune.name if self.commune_id else ""]
        place = ", ".join(part for part in parts if part)
        if self.online_url:
            place = f"{place} — {_('en ligne')}" if place else str(_("En ligne"))
        return place

    @property
    def is_open_for_registration(self) -> bool:
        now = timezone.now()
        if self.status != EventStatus.PUBLISHED or self.starts_at <= now:
            return False
        return self.registration_closes_at is None or now < self.registration_closes_at

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def attendance_closes_at(self):
        """Attendance is taken from the start until MAILLAGE_ATTENDANCE_DAYS_AFTER days after
        the end (walk-ins included)."""
        return self.ends_at + timedelta(days=settings.MAILLAGE_ATTENDANCE_DAYS_AFTER)

    @property
    def is_attendance_open(self) -> bool:
        return (
            self.status in (EventStatus.PUBLISHED, EventStatus.HELD)
            and self.starts_at <= timezone.now() < self.attendance_closes_at
        )

    def confirmed(self):
        return self.registrations.filter(status=RegistrationStatus.CONFIRMED)


class RegistrationQuerySet(WritesQuerySet):
    def visible_to(self, user):
        """Staff: their territories; managers: their structures' people; agents: nothing."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_siae_manager:
            return self.filter(structure__memberships__user=user)
        return scoped_by_region(self, user, "event__region")

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)


class Registration(models.Model):
    """A person registered to an event: SIAE staff (names and roles, never employees in
    insertion), a partner's agent or another guest."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations"
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=120, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    # A walk-in: someone who came without registering, added when attendance is taken.
    walk_in = models.BooleanField(_("venu·e sans inscription"), default=False)
    affiliation_name = models.CharField(
        _("structure ou organisation (texte libre)"), max_length=200, blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrit·e par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    promoted_at = models.DateTimeField(_("sorti·e de la liste d'attente le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    attended = models.BooleanField(_("présent·e"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status=RegistrationStatus.CANCELLED) & ~Q(email=""),
                name="registration_once_per_email",
            )
        ]

    def __str__(self):
        return f"{self.full_name} — {self.event}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def affiliation(self) -> str:
        return str(self.structure or self.organisation or self.affiliation_name)


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff: their territories; managers and partner agents: published minutes of
        events their structure or organisation took part in."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_network_staff:
            return scoped_by_region(self, user, "event__region")
        published = self.filter(published_at__isnull=False)
        # Published to the people marked present: their structure or organisation.
        took_part = Registration.objects.filter(status=RegistrationStatus.CONFIRMED, attended=True)
        if user.is_siae_manager:
            took_part = took_part.filter(structure__memberships__user=user)
        elif user.is_partner_agent:
            took_part = took_part.filter(organisation=user.organisation_id)
        else:
            return self.none()
        return published.filter(event__in=took_part.values("event_id"))


class Minutes(models.Model):
    """Compte rendu of a meeting, published to the structures that attended."""

    event = models.OneToOneField(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="minutes"
    )
    points = models.TextField(_("points abordés"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()
    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")

    def __str__(self):
        return _("Compte rendu — %(event)s") % {"event": self.event}


class MinutesFollowUp(models.Model):
    """A follow-up action decided in a meeting: who does what by when."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("compte rendu"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = models.CharField(_("action"), max_length=255)
    owner_name = models.CharField(_("responsable"), max_length=150)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable (compte)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure concernée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    # Where the follow-up was pushed, so it is not typed twice (diagnostics app).
    action_item = models.ForeignKey(
        "diagnostics.ActionItem",
        verbose_name=_("action du plan de progrès"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    territorial_action = models.ForeignKey(
        "diagnostics.TerritorialAction",
        verbose_name=_("action territoriale"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("suite à donner d'un compte rendu")
        verbose_name_plural = _("suites à donner des comptes rendus")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.action

    @property
    def is_pushed(self) -> bool:
        return bool(self.action_item_id or self.territorial_action_id)


class CalendarFeed(models.Model):
    """A personal, secret and revocable link to an .ics feed of one's events."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="event_feed",
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class EventReminderLog(models.Model):
    """Every event reminder sent; the constraint makes a second sending impossible."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="reminders"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("inscription"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=20, choices=ReminderKind.choices)
    recipient = models.EmailField(_("destinataire"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel d'événement envoyé")
        verbose_name_plural = _("rappels d'événements envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "recipient"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.recipient}"
