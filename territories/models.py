"""Territories, lowest layer of the domain: régions, départements and communes.

They follow the INSEE codes: régions, départements (overseas ones have three characters,
Corsica 2A/2B) and communes (five characters, distinct from postcodes). Every other app
reads territories from here; nothing here imports another domain app.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.versions import WritesQuerySet

from .enums import AliasKind, EpciKind
from .normalise import search_key


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Fuseau horaire inconnu : %(tz)s"), params={"tz": value})


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )

    # Read by the cached figures and directories: bulk writes replace their versions.
    objects = WritesQuerySet.as_manager()

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

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Arrondissement(models.Model):
    """Arrondissement of a département (seat of a sous-préfecture): Guyane has three,
    Cayenne, Saint-Laurent-du-Maroni and Saint-Georges."""

    code = models.CharField(_("code INSEE"), max_length=4, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="arrondissements",
    )

    class Meta:
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Epci(models.Model):
    """Intercommunalité à fiscalité propre (EPCI), such as the CACL around Cayenne: a
    commune belongs to at most one."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=5, choices=EpciKind.choices)

    class Meta:
        verbose_name = _("intercommunalité (EPCI)")
        verbose_name_plural = _("intercommunalités (EPCI)")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    """A current commune: the place structures, organisations and events are in."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
    )
    epci = models.ForeignKey(
        Epci,
        verbose_name=_("intercommunalité (EPCI)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
    )
    postcode = models.CharField(
        _("code postal principal"),
        max_length=5,
        blank=True,
        help_text=_("Tous les codes postaux de la commune sont listés à part."),
    )
    population = models.PositiveIntegerField(
        _("population municipale légale"), null=True, blank=True
    )
    search_key = models.CharField(_("clé de recherche"), max_length=150, default="", editable=False)

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["search_key"], name="territories_commune_key")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def time_zone(self) -> str:
        return self.departement.time_zone


class Postcode(models.Model):
    """A commune can have several postcodes (Ajaccio: 20000, 20090, 20167) and a postcode
    several communes."""

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="postcodes"
    )

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="territories_postcode_unique")
        ]

    def __str__(self):
        return self.code


class CommuneAlias(models.Model):
    """Another name or code of a current commune: a delegated or associated commune, a
    municipal arrondissement (Paris, Lyon, Marseille) or a former INSEE code, so that an
    old code or name in an import still finds its commune."""

    kind = models.CharField(_("nature"), max_length=20, choices=AliasKind.choices)
    insee_code = models.CharField(_("code INSEE"), max_length=5, db_index=True)
    name = models.CharField(_("nom"), max_length=100, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune actuelle"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    search_key = models.CharField(_("clé de recherche"), max_length=150, default="", editable=False)

    class Meta:
        verbose_name = _("ancienne commune ou ancien code")
        verbose_name_plural = _("anciennes communes et anciens codes")
        ordering = ["insee_code"]
        indexes = [models.Index(fields=["search_key"], name="territories_alias_key")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "insee_code", "commune"], name="territories_alias_unique"
            )
        ]

    def __str__(self):
        return f"{self.name or self.insee_code} → {self.commune}"

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)
