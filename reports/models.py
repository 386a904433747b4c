"""Reports handed to the State: one row per version, rendered by a worker.

The database, not the broker, is the source of truth: a report row says what was asked
and where its rendering stands; a lost Celery message is re-sent from it (tasks.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region

from .enums import ReportKind, ReportStatus


class ReportImmutableError(Exception):
    """A ready report is a document handed to the State: it never changes."""


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff: reports of their territories (national reports: national staff only);
        partner agents: ready versions shared with their organisation; others: none."""
        if getattr(user, "is_partner_agent", False) and user.is_active:
            return self.filter(
                status=ReportStatus.READY, shares__organisation_id=user.organisation_id
            ).distinct()
        return scoped_by_region(self, user, "region")

    def ready(self):
        return self.filter(status=ReportStatus.READY)

    def pending(self):
        return self.filter(status__in=ReportStatus.pending_values())


class Report(models.Model):
    kind = models.CharField(_("type de rapport"), max_length=30, choices=ReportKind.choices)
    # The subject: a territory, a structure or a meeting (none for the national report).
    # `region` is always filled when the subject lies in a territory: it scopes access.
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    # The territorial diagnostic a territorial report is built from (chosen by staff).
    diagnostic = models.ForeignKey(
        "diagnostics.TerritorialDiagnostic",
        verbose_name=_("diagnostic territorial"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    # The events app is built alongside: a plain id keeps this table independent of it.
    event_id = models.PositiveBigIntegerField(_("réunion"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    subject_key = models.CharField(_("sujet"), max_length=60, editable=False)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=250, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    status = models.CharField(
        _("état"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    enqueued_at = models.DateTimeField(_("envoyé aux serveurs de rendu le"), null=True, blank=True)
    started_at = models.DateTimeField(_("rendu commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    render_seconds = models.FloatField(_("durée du rendu (s)"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to="reports/", max_length=255, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One row per version: a re-delivered task works on the same row, and two
            # requests racing for a version number cannot both win.
            models.UniqueConstraint(
                fields=["kind", "subject_key", "version"], name="report_version_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.READY) | ~Q(file=""),
                name="report_ready_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self):
        return f"{self.title or self.get_kind_display()} — v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_ready_write", False):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == ReportStatus.READY:
                raise ReportImmutableError(f"Report {self.pk} is ready and cannot change.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:detail", kwargs={"pk": self.pk})

    @staticmethod
    def make_subject_key(*, kind, region_id=None, structure_id=None, event_id=None, year=None):
        from .enums import SUBJECT_OF_KIND, SubjectType

        subject = SUBJECT_OF_KIND[ReportKind(kind)]
        key = {
            SubjectType.NATIONAL: "national",
            SubjectType.REGION: f"region:{region_id}",
            SubjectType.STRUCTURE: f"structure:{structure_id}",
            SubjectType.EVENT: f"event:{event_id}",
        }[subject]
        return f"{key}:{year}" if year else key

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_pending(self) -> bool:
        return self.status in ReportStatus.pending_values()

    @property
    def is_failed(self) -> bool:
        return self.status == ReportStatus.FAILED

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.title or self.kind)}-v{self.version}.pdf"

    def siblings(self):
        """Every version of the same report, newest first."""
        return (
            type(self)
            .objects.filter(kind=self.kind, subject_key=self.subject_key)
            .order_by("-version")
        )


class ReportShare(models.Model):
    """A ready version handed to a partner organisation: its agents may download it."""

    report = models.ForeignKey(
        Report, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="shares"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.CASCADE,
        related_name="report_shares",
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partagé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("partagé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("partage de rapport")
        verbose_name_plural = _("partages de rapports")
        ordering = ["-shared_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "organisation"], name="report_share_unique")
        ]

    def __str__(self):
        return f"{self.report} → {self.organisation}"


class ReportDownload(models.Model):
    """Every download of a report file: who, when, which version."""

    report = models.ForeignKey(
        Report, verbose_name=_("rapport"), on_delete=models.PROTECT, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="report_downloads",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    downloaded_at = models.DateTimeField(_("téléchargé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("téléchargement de rapport")
        verbose_name_plural = _("téléchargements de rapports")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.user} — {self.report} — {self.downloaded_at:%Y-%m-%d %H:%M}"
