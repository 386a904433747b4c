"""The map of the field: partner organisations, the federation, the
interaction log and publications. Territories live in the `territories` app."""

import functools
import operator
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import scoped_by_region
from core.fields import PhoneNumberField
from core.versions import WritesQuerySet
from structures.models import PrivateDocument, private_path
from territories.models import Commune, Departement, Region

from .enums import (
    BureauRole,
    InteractionKind,
    MilestoneState,
    NetworkDecisionKind,
    NetworkDocumentKind,
    NetworkDocumentStatus,
    NetworkMemberStatus,
    OrganisationCategory,
    PublicationKind,
    RegionalNetworkStatus,
)


class OrganisationKind(models.Model):
    """Editable list: State services are renamed often (DIECCTE became DREETS/DDETS)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=50, unique=True)
    category = models.CharField(
        _("famille"), max_length=20, choices=OrganisationCategory.choices, default="other"
    )

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("type de partenaire")
        verbose_name_plural = _("types de partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(WritesQuerySet):
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


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contacts are staff-only: regional staff see those of their regions' partners."""
        return scoped_by_region(self, user, "organisation__region")


class Contact(models.Model):
    """A person at a partner organisation: personal data, exported and erased on request."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    PERSONAL_FIELDS = ("first_name", "last_name", "role", "email", "phone")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class Federation(models.Model):
    """The national federation; its regional delegations cover one region each."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("fédération")
        verbose_name_plural = _("fédérations")

    def __str__(self):
        return self.name


class DelegationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoped_by_region(self, user, "region")


class RegionalDelegation(models.Model):
    federation = models.ForeignKey(
        Federation,
        verbose_name=_("fédération"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="delegations"
    )
    name = models.CharField(_("nom"), max_length=200)
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("délégués"), blank=True, related_name="+"
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("délégation régionale")
        verbose_name_plural = _("délégations régionales")
        ordering = ["region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "region"], name="delegation_one_per_region"
            )
        ]

    def __str__(self):
        return self.name


class RegionalNetworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff: the networks of their regions; managers: the networks one of their
        structures is invited to or belongs to (not once it has left); others: none."""
        if getattr(user, "is_siae_manager", False):
            if not user.is_active:
                return self.none()
            return self.filter(pk__in=NetworkMember.objects.for_manager(user).values("network_id"))
        return scoped_by_region(self, user, "region")


class RegionalNetwork(models.Model):
    """A regional network of SIAE the federation helps structure (e.g. réseau IAE de Guyane).

    Its stage moves projet → préfiguration → constitution → actif (or abandonné); each
    change is a `NetworkStageChange`, dated and explained, shown as the network's history.
    """

    # Stages a network may move to from each stage (abandoned is final).
    NEXT_STAGES = {
        RegionalNetworkStatus.PROJECT: [
            RegionalNetworkStatus.PREFIGURATION,
            RegionalNetworkStatus.FOUNDING,
            RegionalNetworkStatus.ABANDONED,
        ],
        RegionalNetworkStatus.PREFIGURATION: [
            RegionalNetworkStatus.PROJECT,
            RegionalNetworkStatus.FOUNDING,
            RegionalNetworkStatus.ABANDONED,
        ],
        RegionalNetworkStatus.FOUNDING: [
            RegionalNetworkStatus.PREFIGURATION,
            RegionalNetworkStatus.ACTIVE,
            RegionalNetworkStatus.ABANDONED,
        ],
        RegionalNetworkStatus.ACTIVE: [RegionalNetworkStatus.ABANDONED],
        RegionalNetworkStatus.ABANDONED: [],
    }

    name = models.CharField(_("nom"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="networks"
    )
    federation = models.ForeignKey(
        Federation,
        verbose_name=_("fédération accompagnatrice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
    )
    status = models.CharField(
        _("étape"),
        max_length=15,
        choices=RegionalNetworkStatus.choices,
        default=RegionalNetworkStatus.PROJECT,
    )
    purpose = models.TextField(_("objet du réseau"), blank=True)
    governance_notes = models.TextField(_("notes sur la gouvernance"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = RegionalNetworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réseau régional")
        verbose_name_plural = _("réseaux régionaux")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="network_unique_per_region")
        ]

    def __str__(self):
        return self.name

    @property
    def next_stages(self) -> list[str]:
        return self.NEXT_STAGES.get(self.status, [])

    @property
    def is_closed(self) -> bool:
        return self.status == RegionalNetworkStatus.ABANDONED


class NetworkStageChange(models.Model):
    """One move of a network from a stage to another: when, why and by whom."""

    network = models.ForeignKey(
        RegionalNetwork,
        verbose_name=_("réseau"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_status = models.CharField(
        _("étape précédente"), max_length=15, choices=RegionalNetworkStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("nouvelle étape"), max_length=15, choices=RegionalNetworkStatus.choices
    )
    changed_on = models.DateField(_("date"))
    reason = models.TextField(_("explication"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["changed_on", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.network} — {self.get_to_status_display()} ({self.changed_on})"


class College(models.Model):
    """A college of the network's governance (SIAE, partners, qualified persons…)."""

    network = models.ForeignKey(
        RegionalNetwork, verbose_name=_("réseau"), on_delete=models.CASCADE, related_name="colleges"
    )
    name = models.CharField(_("nom du collège"), max_length=150)
    description = models.CharField(_("composition"), max_length=300, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("sièges au conseil"), null=True, blank=True, help_text=_("Vide : non fixé.")
    )

    class Meta:
        verbose_name = _("collège")
        verbose_name_plural = _("collèges")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="college_unique_per_network")
        ]

    def __str__(self):
        return self.name


class NetworkMemberQuerySet(models.QuerySet):
    def for_manager(self, user):
        """The member entries of the structures a manager belongs to, left ones aside."""
        return self.filter(structure__memberships__user=user).exclude(
            status=NetworkMemberStatus.LEFT
        )

    def joined(self):
        return self.filter(status=NetworkMemberStatus.MEMBER)

    def current(self):
        return self.exclude(status=NetworkMemberStatus.LEFT)


class NetworkMember(models.Model):
    """A structure of the territory (member of the federation or not) or, as an associate
    member, a partner organisation, in one regional network."""

    network = models.ForeignKey(
        RegionalNetwork, verbose_name=_("réseau"), on_delete=models.CASCADE, related_name="members"
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="regional_networks",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partenaire (membre associé)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="regional_networks",
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=NetworkMemberStatus.choices,
        default=NetworkMemberStatus.INVITED,
    )
    is_founding = models.BooleanField(_("membre fondateur"), default=False)
    college = models.ForeignKey(
        College,
        verbose_name=_("collège"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    invited_on = models.DateField(_("invitée le"), null=True, blank=True)
    committed_on = models.DateField(_("engagée le"), null=True, blank=True)
    joined_on = models.DateField(_("membre depuis le"), null=True, blank=True)
    left_on = models.DateField(_("partie le"), null=True, blank=True)
    note = models.CharField(_("remarque"), max_length=300, blank=True)

    objects = NetworkMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre du réseau régional")
        verbose_name_plural = _("membres du réseau régional")
        ordering = ["-is_founding", "structure__name", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(structure__isnull=False, organisation__isnull=True)
                    | models.Q(structure__isnull=True, organisation__isnull=False)
                ),
                name="network_member_structure_or_partner",
            ),
            models.UniqueConstraint(
                fields=["network", "structure"], name="network_member_structure_once"
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"], name="network_member_partner_once"
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.network}"

    @property
    def name(self) -> str:
        return str(self.structure or self.organisation)

    @property
    def is_associate(self) -> bool:
        return self.organisation_id is not None


class BureauMandate(models.Model):
    """A seat on the bureau, held by a named person of a member structure, with dates."""

    network = models.ForeignKey(
        RegionalNetwork, verbose_name=_("réseau"), on_delete=models.CASCADE, related_name="bureau"
    )
    role = models.CharField(_("fonction"), max_length=20, choices=BureauRole.choices)
    person_name = models.CharField(_("prénom et nom"), max_length=150)
    member = models.ForeignKey(
        NetworkMember,
        verbose_name=_("structure membre"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    starts_on = models.DateField(_("depuis le"))
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandat au bureau")
        verbose_name_plural = _("mandats au bureau")
        ordering = ["role", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="mandate_dates_order",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} : {self.person_name}"

    @property
    def is_current(self) -> bool:
        return self.ends_on is None or self.ends_on >= timezone.localdate()


def network_document_path(instance, filename: str) -> str:
    return private_path("networks", filename)


class NetworkDocument(PrivateDocument):
    """Statutes (draft or adopted), minutes of assemblies: private, served by a checked
    view; members of the network read the adopted ones."""

    network = models.ForeignKey(
        RegionalNetwork,
        verbose_name=_("réseau"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("type"), max_length=10, choices=NetworkDocumentKind.choices)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=NetworkDocumentStatus.choices,
        default=NetworkDocumentStatus.DRAFT,
    )
    title = models.CharField(_("titre"), max_length=200)
    adopted_on = models.DateField(_("adopté le"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=network_document_path, max_length=255)
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        verbose_name = _("document du réseau")
        verbose_name_plural = _("documents du réseau")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == NetworkDocumentStatus.ADOPTED


class Milestone(models.Model):
    network = models.ForeignKey(
        RegionalNetwork,
        verbose_name=_("réseau"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("étape"), max_length=200)
    due_on = models.DateField(_("échéance"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reached_on = models.DateField(_("atteinte le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "title"], name="milestone_unique_title")
        ]

    def __str__(self):
        return self.title

    @property
    def reached(self) -> bool:
        return self.reached_on is not None

    def state_on(self, day) -> str:
        """Reached once a date is recorded; late when its due date has passed without it."""
        if self.reached_on is not None:
            return MilestoneState.REACHED
        if self.due_on < day:
            return MilestoneState.LATE
        return MilestoneState.PLANNED

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return MilestoneState(self.state).label


class NetworkDecision(models.Model):
    """A decision taken for the network (adoption of statutes, election of the bureau…),
    usually by an assembly whose published minutes record it."""

    network = models.ForeignKey(
        RegionalNetwork,
        verbose_name=_("réseau"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(_("type"), max_length=10, choices=NetworkDecisionKind.choices)
    decided_on = models.DateField(_("date"))
    summary = models.TextField(_("décision"))
    source = models.CharField(
        _("prise lors de"), max_length=250, blank=True, help_text=_("L'assemblée, la réunion…")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    class Meta:
        verbose_name = _("décision du réseau")
        verbose_name_plural = _("décisions du réseau")
        ordering = ["-decided_on", "-recorded_at"]

    def __str__(self):
        return self.summary[:80]


class MissionQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return scoped_by_region(self, user, "region")


class Mission(models.Model):
    """A stay (séjour) in a territory that groups many meetings over several days."""

    title = models.CharField(_("intitulé"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="missions"
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("équipe"), blank=True, related_name="missions"
    )
    purpose = models.TextField(_("objet"), blank=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["title", "region"], name="mission_unique_per_region"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="mission_dates_order"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin précède le début.")})


class InteractionQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return scoped_by_region(self, user, "region")


class Interaction(models.Model):
    """A meeting or exchange with partners and structures, possibly within a mission."""

    region = models.ForeignKey(
        Region, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="interactions"
    )
    mission = models.ForeignKey(
        Mission,
        verbose_name=_("mission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=InteractionKind.choices, default=InteractionKind.MEETING
    )
    title = models.CharField(_("intitulé"), max_length=200)
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants du réseau"),
        blank=True,
        related_name="interactions",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("partenaires"), blank=True, related_name="interactions"
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), blank=True, related_name="interactions"
    )
    structures = models.ManyToManyField(
        "structures.Structure", verbose_name=_("structures"), blank=True, related_name="+"
    )
    topics = models.TextField(_("sujets abordés"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        ordering = ["-occurred_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "occurred_on", "title"], name="interaction_unique_per_day"
            )
        ]

    def __str__(self):
        return self.title


class InteractionFollowUpQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return scoped_by_region(self, user, "interaction__region")

    def open(self):
        return self.filter(done_at__isnull=True)


class InteractionFollowUp(models.Model):
    """Something to do after an exchange with partners, by one member of the staff."""

    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("échange"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    title = models.CharField(_("suite à donner"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("échéance"))
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)

    objects = InteractionFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suite à donner d'un échange")
        verbose_name_plural = _("suites à donner des échanges")
        ordering = ["due_on"]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


def publication_upload_to(instance, filename: str) -> str:
    """A random name: the file is private and only ever served by a checked view."""
    return f"network/publications/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def addressed_to(self, *, regions, kinds):
        """Addressed to everyone, or to one of `regions` (a queryset of pks) and `kinds`."""
        targeted = Publication.regions.through.objects.filter(publication=OuterRef("pk"))
        region_ok = ~Exists(targeted) | Exists(targeted.filter(region__in=regions))
        kind_ok = functools.reduce(
            operator.or_,
            [models.Q(structure_kinds__contains=f",{kind},") for kind in kinds],
            models.Q(structure_kinds=""),
        )
        return self.filter(region_ok, kind_ok)

    def visible_to(self, user):
        """Staff see what concerns their regions (drafts included); managers what is
        published for their structures' territories and kinds; others nothing."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_national_staff:
            return self
        if user.is_network_staff:
            targeted = Publication.regions.through.objects.filter(publication=OuterRef("pk"))
            return self.filter(
                ~Exists(targeted) | Exists(targeted.filter(region__in=user.regions.values("pk")))
            )
        if user.is_siae_manager:
            from structures.models import Structure

            structures = Structure.objects.filter(memberships__user=user)
            kinds = list(structures.values_list("kind", flat=True).distinct())
            return self.published().addressed_to(
                regions=structures.values("departement__region"), kinds=kinds
            )
        return self.none()


class Publication(models.Model):
    """News and resources for members, in Markdown (sanitised when shown), addressed to
    all members or to chosen territories and kinds of structure."""

    kind = models.CharField(
        _("type"), max_length=10, choices=PublicationKind.choices, default=PublicationKind.NEWS
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("chapô"), max_length=300, blank=True)
    body = models.TextField(_("texte (Markdown)"), blank=True)
    attachment = models.FileField(
        _("pièce jointe"), upload_to=publication_upload_to, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    link = models.URLField(_("lien (enregistrement, page externe)"), blank=True)
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("territoires"),
        blank=True,
        related_name="+",
        help_text=_("Aucun : tous les territoires."),
    )
    structure_kinds = models.CharField(
        _("types de structure"),
        max_length=100,
        blank=True,
        help_text=_("Aucun : tous les types."),
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    notify_members = models.BooleanField(_("prévenir les adhérents par e-mail"), default=False)
    notified_at = models.DateTimeField(_("adhérents prévenus le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["title", "kind"], name="publication_unique_title")
        ]

    def __str__(self):
        return self.title

    @property
    def kinds_list(self) -> list[str]:
        return [kind for kind in self.structure_kinds.split(",") if kind]

    def set_kinds(self, kinds) -> None:
        """Stored as ",ACI,EI," so that one `contains` lookup matches one kind exactly
        (EI is not matched by EITI) on PostgreSQL and SQLite alike."""
        self.structure_kinds = f",{','.join(sorted(kinds))}," if kinds else ""

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def body_html(self):
        from .markdown import render_markdown

        return render_markdown(self.body)
