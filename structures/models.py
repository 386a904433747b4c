"""SIAE and the other member structures of the network.

What the network knows of each structure: its identity and public profile, its State
agreements (conventions and annexes financières), its yearly indicators (aggregated, never
nominative), its documents, the people who manage it and its yearly adhesion to the
federation. Changes to structures, conventions, indicators and adhesions are recorded
(django-simple-history) for the staff's audit.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import scoped_by_region
from core.fields import PhoneNumberField
from core.versions import WritesQuerySet

from .enums import (
    ActivitySector,
    AdhesionReminderKind,
    AdhesionStatus,
    ConventionStatus,
    DocumentKind,
    LegalForm,
    PaymentStatus,
    StructureKind,
)
from .rates import exit_rates, occupancy
from .validators import (
    normalise_naf,
    normalise_siret,
    search_key,
    validate_convention_number,
    validate_naf,
    validate_siret,
)

STRUCTURE_REGION = "structure__departement__region"
# Lazy labels: each is translated when shown, in the language of the request.
SECTOR_LABELS = dict(ActivitySector.choices)


def sector_labels(sectors) -> list[str]:
    return [str(SECTOR_LABELS.get(value, value)) for value in sectors or []]


def _scoped_through_structure(queryset, user):
    """Managers: objects of the structures they belong to; staff: their territories."""
    if getattr(user, "is_siae_manager", False) and user.is_active:
        return queryset.filter(structure__memberships__user=user)
    return scoped_by_region(queryset, user, STRUCTURE_REGION)


class StructureQuerySet(WritesQuerySet):
    def visible_to(self, user):
        """Staff: their territories; managers: the structures they belong to; others: none."""
        if getattr(user, "is_siae_manager", False):
            if not user.is_active:
                return self.none()
            return self.filter(
                pk__in=StructureMembership.objects.filter(user=user).values("structure")
            )
        return scoped_by_region(self, user, "departement__region")

    def siae(self):
        return self.filter(kind__in=StructureKind.siae_kinds())

    def search(self, text: str):
        """Accent- and case-insensitive search on the name; SIRET prefix for digits."""
        key = search_key(text)
        if not key:
            return self
        query = models.Q()
        for word in key.split():
            query &= models.Q(search_name__contains=word)
        digits = normalise_siret(text)
        if digits.isdigit() and len(digits) >= 3:
            query |= models.Q(siret__startswith=digits)
        return self.filter(query)


class Structure(models.Model):
    # The profile fields a manager is asked to fill (completeness on the member home).
    PROFILE_FIELDS = (
        "siret",
        "legal_form",
        "naf_code",
        "address",
        "sectors",
        "description",
        "website",
        "public_email",
        "public_phone",
        "founded_on",
    )

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=5, choices=StructureKind.choices)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, sans espace."),
    )
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=LegalForm.choices, blank=True
    )
    naf_code = models.CharField(
        _("code NAF (APE)"),
        max_length=5,
        blank=True,
        validators=[validate_naf],
        help_text=_("4 chiffres et une lettre, par exemple 8899B."),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    departement = models.ForeignKey(
        "territories.Departement",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="structures",
    )
    sectors = models.JSONField(_("secteurs d'activité"), default=list, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    public_email = models.EmailField(_("e-mail de contact public"), blank=True)
    public_phone = PhoneNumberField(_("téléphone de contact public"), blank=True)
    founded_on = models.DateField(_("date de création"), null=True, blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_name", "updated_at"])
    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        # Lists sorted by name (the structures', the adhesions') read their first page from
        # it instead of sorting every row of the territory.
        indexes = [models.Index(fields=["name"], name="structure_name")]
        constraints = [
            # Several establishments of one organisation may be members, as on the State's
            # IAE platform: a SIRET is unique per kind, not globally.
            models.UniqueConstraint(
                fields=["siret", "kind"],
                condition=~models.Q(siret=""),
                name="structure_siret_unique_per_kind",
                violation_error_message=_(
                    "Une structure de ce type est déjà enregistrée avec ce SIRET."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalise()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """What every write of a structure stores, `save()` and bulk writes (imports) alike."""
        if self.commune_id and not self.departement_id:
            self.departement_id = self.commune.departement_id
        self.siret = normalise_siret(self.siret)
        self.naf_code = normalise_naf(self.naf_code)
        self.search_name = search_key(self.name)

    @property
    def choice_label(self) -> str:
        """How a structure reads in a list to choose from (names repeat across communes);
        read with its commune (`select_related("commune")`)."""
        return f"{self.name} — {self.kind}, {self.commune.name}"

    @property
    def is_siae(self) -> bool:
        return self.kind in StructureKind.siae_kinds()

    @property
    def sector_labels(self) -> list[str]:
        return sector_labels(self.sectors)

    @property
    def missing_profile_fields(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.PROFILE_FIELDS
            if getattr(self, name) in (None, "", [])
        ]

    @property
    def completeness(self) -> int:
        """Share of the profile fields filled in, in percent."""
        filled = len(self.PROFILE_FIELDS) - len(self.missing_profile_fields)
        return round(100 * filled / len(self.PROFILE_FIELDS))


class StructureMembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped_through_structure(self, user)

    def admins(self):
        return self.filter(is_admin=True)


class StructureMembership(models.Model):
    """A person who manages a structure; admins invite and remove colleagues."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="structure_memberships",
    )
    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="memberships"
    )
    is_admin = models.BooleanField(_("administrateur"), default=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = StructureMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre d'une structure")
        verbose_name_plural = _("membres des structures")
        constraints = [
            models.UniqueConstraint(fields=["user", "structure"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.structure}"


class ConventionQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return _scoped_through_structure(self, user)


class Convention(models.Model):
    """State–SIAE agreement year: the annexe financière fixes funded posts and aid."""

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="conventions"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.CharField(
        _("numéro d'annexe financière"),
        max_length=20,
        validators=[validate_convention_number],
        help_text=_("Par exemple ACI973190001A0M0."),
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    etp_conventionnes = models.DecimalField(_("ETP conventionnés"), max_digits=7, decimal_places=2)
    aid_per_post = models.DecimalField(
        _("aide au poste (€ par ETP)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ConventionStatus.choices, default="signed"
    )

    history = HistoricalRecords()
    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["structure", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "year"], name="convention_one_per_year")
        ]

    def __str__(self):
        return self.number


class YearlyIndicatorsQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return _scoped_through_structure(self, user)


class YearlyIndicators(models.Model):
    """Aggregated yearly figures of one structure: never nominative (see domain notes).

    Once the year has gone through the dialogue de gestion, staff lock it: only staff may
    change a locked year afterwards, and every change is recorded in its history.
    """

    FIGURE_FIELDS = (
        "employees",
        "hours_worked",
        "etp_realises",
        "hired_rsa",
        "hired_under_26",
        "hired_over_50",
        "hired_disabled",
        "hired_qpv",
        "training_hours",
        "support_staff_etp",
        "exits_durable",
        "exits_transition",
        "exits_positive",
        "exits_other",
        "exits_neutralised",
    )

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="indicators"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    employees = models.PositiveIntegerField(_("salariés en insertion"), default=0)
    hours_worked = models.DecimalField(
        _("heures travaillées"), max_digits=10, decimal_places=1, default=0
    )
    etp_realises = models.DecimalField(_("ETP réalisés"), max_digits=7, decimal_places=2, default=0)
    hired_rsa = models.PositiveIntegerField(_("embauchés bénéficiaires du RSA"), default=0)
    hired_under_26 = models.PositiveIntegerField(_("embauchés de moins de 26 ans"), default=0)
    hired_over_50 = models.PositiveIntegerField(_("embauchés de plus de 50 ans"), default=0)
    hired_disabled = models.PositiveIntegerField(_("embauchés en situation de handicap"), default=0)
    hired_qpv = models.PositiveIntegerField(_("embauchés résidant en QPV"), default=0)
    training_hours = models.DecimalField(
        _("heures de formation"), max_digits=9, decimal_places=1, default=0
    )
    support_staff_etp = models.DecimalField(
        _("encadrement et accompagnement (ETP)"), max_digits=6, decimal_places=2, default=0
    )
    exits_durable = models.PositiveIntegerField(_("sorties en emploi durable"), default=0)
    exits_transition = models.PositiveIntegerField(_("sorties en emploi de transition"), default=0)
    exits_positive = models.PositiveIntegerField(_("sorties positives"), default=0)
    exits_other = models.PositiveIntegerField(_("autres sorties"), default=0)
    exits_neutralised = models.PositiveIntegerField(_("sorties neutralisées"), default=0)
    locked_at = models.DateTimeField(_("verrouillée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = YearlyIndicatorsQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicateurs annuels")
        verbose_name_plural = _("indicateurs annuels")
        ordering = ["structure", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "year"], name="indicators_one_per_year")
        ]
        # The latest year with indicators (the directory's reference year, asked on every
        # search) read from the index instead of every row.
        indexes = [models.Index(fields=["year"], name="indicators_year")]

    def __str__(self):
        return f"{self.structure} — {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @cached_property
    def rates(self):
        return exit_rates(
            durable=self.exits_durable,
            transition=self.exits_transition,
            positive=self.exits_positive,
            other=self.exits_other,
        )

    def occupancy_with(self, convention: "Convention | None"):
        if convention is None:
            return None
        return occupancy(
            etp_realises=self.etp_realises, etp_conventionnes=convention.etp_conventionnes
        )


def private_path(folder: str, filename: str) -> str:
    """A path nobody can guess under private/<folder>/: files are never served from it,
    only through a permission-checked view (core.downloads.private_file)."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"private/{folder}/{secrets.token_urlsafe(24)}{suffix}"


def document_path(instance, filename: str) -> str:
    return private_path("structures", filename)


class PrivateDocument(models.Model):
    """A document kept privately (a structure's, a regional network's): what the uploader
    named it, its checked type and size, who gave it. The concrete model has the `file`
    field (its own folder) and `uploaded_at`."""

    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def store(self, uploaded, *, file_type, by) -> None:
        """Save a checked upload (structures.files.check_upload) and the row; a row that
        cannot be saved leaves no file behind. Call inside the service's transaction."""
        self.original_name = (uploaded.name or "document")[-255:]
        self.content_type = file_type.content_type
        self.size = uploaded.size
        self.uploaded_by = by
        self.file.save(uploaded.name, uploaded, save=False)
        try:
            self.save()
        except Exception:
            self.file.delete(save=False)
            raise

    def delete_with_file(self) -> None:
        """Delete the row, and the file once the transaction is committed (a rolled-back
        deletion keeps both)."""
        from django.db import transaction

        name, storage = self.file.name, self.file.storage
        self.delete()
        transaction.on_commit(lambda: storage.delete(name))


class StructureDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped_through_structure(self, user)


class StructureDocument(PrivateDocument):
    """Statuts, rapport d'activité, bilan: stored privately, served by a checked view."""

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("type de document"), max_length=10, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=255)
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    objects = StructureDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["structure", "-uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.original_name}"


class AdhesionCampaign(models.Model):
    """One campaign per year: the federation's adhesion period (fixed dates)."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    starts_on = models.DateField(_("début de la période"))
    ends_on = models.DateField(_("fin de la période"))
    default_dues = models.DecimalField(
        _("cotisation par défaut (€)"), max_digits=9, decimal_places=2, default=0
    )
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("jours entre deux relances"), default=14
    )

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne d'adhésion")
        verbose_name_plural = _("campagnes d'adhésion")
        ordering = ["-year"]

    def __str__(self):
        return _("Campagne %(year)s") % {"year": self.year}

    @classmethod
    def current(cls):
        """The latest opened campaign (None before the first one)."""
        return cls.objects.filter(opened_at__isnull=False).order_by("-year").first()


class AdhesionQuerySet(WritesQuerySet):
    def visible_to(self, user):
        if getattr(user, "is_siae_manager", False):
            return self.filter(structure__memberships__user=user)
        return scoped_by_region(self, user, "structure__departement__region")


class Adhesion(models.Model):
    """A structure's adhesion to the federation for one campaign year (not to be confused
    with `StructureMembership`, a person in a structure's team)."""

    campaign = models.ForeignKey(
        AdhesionCampaign,
        verbose_name=_("campagne"),
        on_delete=models.PROTECT,
        related_name="adhesions",
    )
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="adhesions",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=AdhesionStatus.choices, default="invited"
    )
    dues_amount = models.DecimalField(_("cotisation (€)"), max_digits=9, decimal_places=2)
    payment_status = models.CharField(
        _("paiement"), max_length=10, choices=PaymentStatus.choices, default="due"
    )
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    contact_email = models.EmailField(
        _("e-mail pour l'adhésion"),
        blank=True,
        help_text=_("Reçoit les relances ; à défaut, les administrateurs de la structure."),
    )
    renewed_at = models.DateTimeField(_("renouvelée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AdhesionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "structure"], name="adhesion_one_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.structure} — {self.campaign.year}"


class AdhesionReminderLog(models.Model):
    """Every adhesion reminder sent, at most one per adhesion, kind and day (so reruns send
    nothing)."""

    adhesion = models.ForeignKey(
        Adhesion, verbose_name=_("adhésion"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("type"), max_length=10, choices=AdhesionReminderKind.choices)
    sent_on = models.DateField(_("envoyée le (jour)"))
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    recipients = models.TextField(_("destinataires"))

    class Meta:
        verbose_name = _("relance d'adhésion envoyée")
        verbose_name_plural = _("relances d'adhésion envoyées")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["adhesion", "kind", "sent_on"], name="adhesion_reminder_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.adhesion} — {self.get_kind_display()} — {self.sent_on}"
