"""The map of the field: territories and partner organisations.

Territories follow the INSEE codes: régions, départements (overseas ones have three
characters, Corsica 2A/2B) and communes (five characters, distinct from postcodes).
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region

from .enums import MembershipStatus, OrganisationCategory, PaymentStatus


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Fuseau horaire inconnu : %(tz)s"), params={"tz": value})


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="departements"
    )
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.Model):
    """Editable list: State services are renamed often (DIECCTE became DREETS/DDETS)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=50, unique=True)
    category = models.CharField(
        _("famille"), max_length=20, choices=OrganisationCategory.choices, default="other"
    )

    class Meta:
        verbose_name = _("type de partenaire")
        verbose_name_plural = _("types de partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see the partners of their territories; agents see their own organisation."""
        if getattr(user, "is_partner_agent", False):
            return self.filter(pk=user.organisation_id)
        return scoped_by_region(self, user, "region")


class Organisation(models.Model):
    """A partner: State service, public employment service, collectivité, CRESS, PTCE…"""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.ForeignKey(
        OrganisationKind, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="organisations"
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region"], name="organisation_unique_per_region"
            )
        ]

    def __str__(self):
        return self.name


class MembershipCampaign(models.Model):
    """One campaign per year: the federation's membership period (fixed dates)."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    starts_on = models.DateField(_("début de la période"))
    ends_on = models.DateField(_("fin de la période"))
    default_dues = models.DecimalField(
        _("cotisation par défaut (€)"), max_digits=9, decimal_places=2, default=0
    )
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)

    class Meta:
        verbose_name = _("campagne d'adhésion")
        verbose_name_plural = _("campagnes d'adhésion")
        ordering = ["-year"]

    def __str__(self):
        return _("Campagne %(year)s") % {"year": self.year}


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        if getattr(user, "is_siae_manager", False):
            return self.filter(structure__memberships__user=user)
        return scoped_by_region(self, user, "structure__departement__region")


class Membership(models.Model):
    """A structure's membership (adhésion) of the federation for one campaign year."""

    campaign = models.ForeignKey(
        MembershipCampaign,
        verbose_name=_("campagne"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="federation_memberships",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=MembershipStatus.choices, default="invited"
    )
    dues_amount = models.DecimalField(_("cotisation (€)"), max_digits=9, decimal_places=2)
    payment_status = models.CharField(
        _("paiement"), max_length=10, choices=PaymentStatus.choices, default="due"
    )
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "structure"], name="membership_one_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.structure} — {self.campaign.year}"
