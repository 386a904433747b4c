"""SIAE and the other member structures of the network."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region

from .enums import StructureKind


class StructureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff: their territories; managers: the structures they belong to; others: none."""
        if getattr(user, "is_siae_manager", False):
            return self.filter(memberships__user=user).distinct()
        return scoped_by_region(self, user, "departement__region")

    def siae(self):
        return self.filter(kind__in=StructureKind.siae_kinds())


class Structure(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=5, choices=StructureKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    commune = models.ForeignKey(
        "network.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    departement = models.ForeignKey(
        "network.Departement",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="structures",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.commune_id and not self.departement_id:
            self.departement_id = self.commune.departement_id
        super().save(*args, **kwargs)


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

    class Meta:
        verbose_name = _("membre d'une structure")
        verbose_name_plural = _("membres des structures")
        constraints = [
            models.UniqueConstraint(fields=["user", "structure"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.structure}"


class Convention(models.Model):
    """State–SIAE agreement year: the annexe financière fixes funded posts and aid."""

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="conventions"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.CharField(_("numéro d'annexe financière"), max_length=20)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    etp_conventionnes = models.DecimalField(_("ETP conventionnés"), max_digits=7, decimal_places=2)
    aid_per_post = models.DecimalField(
        _("aide au poste (€ par ETP)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("statut"), max_length=10, default="signed")

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["structure", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "year"], name="convention_one_per_year")
        ]

    def __str__(self):
        return self.number


class YearlyIndicators(models.Model):
    """Aggregated yearly figures of one structure: never nominative (see domain notes)."""

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

    class Meta:
        verbose_name = _("indicateurs annuels")
        verbose_name_plural = _("indicateurs annuels")
        ordering = ["structure", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "year"], name="indicators_one_per_year")
        ]

    def __str__(self):
        return f"{self.structure} — {self.year}"
