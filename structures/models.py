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
