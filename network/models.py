"""The map of the field: territories and partner organisations.

Territories follow the INSEE codes: régions, départements (overseas ones have three
characters, Corsica 2A/2B) and communes (five characters, distinct from postcodes).
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region

from .enums import OrganisationCategory


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
