"""People: one account per e-mail address, with a role that decides what they may see.

Roles are exclusive: network staff (national or regional), SIAE manager (through
structure memberships) or partner agent (attached to one partner organisation).
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import PhoneNumberField

from .enums import Role, StaffScope

TIME_ZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz]


class EmailUserManager(UserManager):
    def network_staff_seen_by(self, user):
        """Active network staff a member of staff works with: every one for national staff;
        for regional staff, the national team and the staff of their own regions."""
        staff = self.filter(role=Role.STAFF, is_active=True)
        if getattr(user, "is_national_staff", False):
            return staff
        if not getattr(user, "is_network_staff", False):
            return staff.none()
        return staff.filter(
            models.Q(staff_scope=StaffScope.NATIONAL) | models.Q(regions__in=user.regions.all())
        ).distinct()

    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.password = ""
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, username, email, password, **extra_fields):
        user = self._create_user_object(username, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.STAFF)
        extra_fields.setdefault("staff_scope", StaffScope.NATIONAL)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, blank=True)
    staff_scope = models.CharField(
        _("périmètre"), max_length=10, choices=StaffScope.choices, blank=True
    )
    regions = models.ManyToManyField(
        "territories.Region",
        verbose_name=_("territoires affectés"),
        blank=True,
        related_name="staff",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
    )
    job_title = models.CharField(_("fonction"), max_length=120, blank=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Paris"
    )
    mfa_exempt = models.BooleanField(
        _("dispensé de double authentification"),
        default=False,
        help_text=_("Réservé aux comptes de démonstration."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def is_network_staff(self) -> bool:
        return self.is_superuser or self.role == Role.STAFF

    @property
    def is_national_staff(self) -> bool:
        return self.is_superuser or (
            self.role == Role.STAFF and self.staff_scope == StaffScope.NATIONAL
        )

    @property
    def is_regional_staff(self) -> bool:
        return self.role == Role.STAFF and not self.is_national_staff

    @property
    def is_siae_manager(self) -> bool:
        return self.role == Role.MANAGER and not self.is_superuser

    @property
    def is_partner_agent(self) -> bool:
        return self.role == Role.PARTNER and self.organisation_id is not None

    @cached_property
    def assigned_region_ids(self) -> frozenset:
        """The regions a member of staff is assigned to, read once per loaded user (once
        per request): the permission checks of one page all ask it."""
        return frozenset(self.regions.values_list("pk", flat=True))

    @cached_property
    def role_label(self) -> str:
        if self.is_superuser:
            return _("Administrateur")
        if self.role == Role.STAFF:
            return StaffScope(self.staff_scope or StaffScope.REGIONAL).label
        return Role(self.role).label if self.role else _("Sans rôle")


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def visible_to(self, user):
        """National staff: all; regional staff: those they sent or that land in their regions."""
        if not getattr(user, "is_network_staff", False) or not user.is_active:
            return self.none()
        if user.is_national_staff:
            return self
        regions = user.regions.values("pk")
        return self.filter(
            models.Q(invited_by=user)
            | models.Q(region__in=regions)
            | models.Q(structure__departement__region__in=regions)
            | models.Q(organisation__region__in=regions)
        )


class Invitation(models.Model):
    """An e-mailed, signed and expiring link into a role and an organisation."""

    SALT = "maillage.invitation"

    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices)
    staff_scope = models.CharField(
        _("périmètre"), max_length=10, choices=StaffScope.choices, blank=True
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    structure_admin = models.BooleanField(_("administrateur de la structure"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def token(self) -> str:
        """Signed (not timestamped): expiry is `created_at` + the setting, checked on use."""
        return signing.Signer(salt=self.SALT).sign_object({"id": self.pk, "email": self.email})

    @property
    def expires_at(self):
        return self.created_at + timezone.timedelta(days=settings.MAILLAGE_INVITATION_MAX_AGE_DAYS)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return _("Acceptée")
        if self.revoked_at:
            return _("Annulée")
        if self.is_expired:
            return _("Expirée")
        return _("En attente")

    @property
    def target_label(self) -> str:
        return str(self.structure or self.organisation or self.region or _("National"))
