"""Evaluation grids, assessments and visits, action plans, accompaniments and the
territorial diagnostic.

Grids are data and versioned: a grid that has been used by an assessment is never changed
in place; editing it creates the next version of the same lineage, and each assessment
keeps a foreign key to the version it was made with.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import scoped_by_region
from core.french import date_text, of
from core.versions import WritesQuerySet

from .enums import (
    AccompanimentKind,
    AccompanimentStatus,
    AssessmentKind,
    AssessmentStatus,
    DlaStage,
    ItemStatus,
    LevelValue,
)

STRUCTURE_REGION = "structure__departement__region"


def _staff_or_manager(queryset, user, structure_path: str):
    """Managers: their own structures; staff: their territories; everyone else: none."""
    if getattr(user, "is_siae_manager", False) and user.is_active:
        return queryset.filter(**{f"{structure_path}__memberships__user": user}).distinct()
    return scoped_by_region(queryset, user, f"{structure_path}__departement__region")


# Grids ----------------------------------------------------------------------------------


class GridQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Grids are the network's tools: staff see them all; others reach a grid only
        through an assessment they may see."""
        if getattr(user, "is_network_staff", False) and user.is_active:
            return self
        return self.none()

    def latest_versions(self):
        return self.filter(next_versions__isnull=True)


class Grid(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    lineage = models.SlugField(
        _("famille"),
        max_length=60,
        help_text=_("Identifiant commun à toutes les versions d'une même grille."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("version précédente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    description = models.TextField(_("présentation"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    is_default = models.BooleanField(_("grille par défaut"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = GridQuerySet.as_manager()

    class Meta:
        verbose_name = _("grille d'évaluation")
        verbose_name_plural = _("grilles d'évaluation")
        ordering = ["lineage", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="grid_version_unique"),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="grid_one_default",
            ),
        ]

    def __str__(self):
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}

    @property
    def is_used(self) -> bool:
        return self.assessments.exists()


class Axis(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="axes"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["grid", "order", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    axis = models.ForeignKey(
        Axis, verbose_name=_("axe"), on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=300)
    help = models.TextField(_("aide"), blank=True)

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["axis__order", "order", "pk"]

    def __str__(self):
        return self.title


class Level(models.Model):
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("critère"), on_delete=models.CASCADE, related_name="levels"
    )
    value = models.PositiveSmallIntegerField(_("niveau"), choices=LevelValue.choices)
    descriptor = models.TextField(_("descripteur"))

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaux")
        ordering = ["criterion", "value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="level_unique"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=4), name="level_value_1_4"
            ),
        ]

    def __str__(self):
        return f"{self.value} — {self.descriptor[:60]}"


class FreeQuestion(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="free_questions"
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("question"))

    class Meta:
        verbose_name = _("question ouverte")
        verbose_name_plural = _("questions ouvertes")
        ordering = ["grid", "order", "pk"]

    def __str__(self):
        return self.text[:80]


# Assessments and visits ------------------------------------------------------------------


class AssessmentQuerySet(WritesQuerySet):
    def visible_to(self, user):
        """Managers: their structure's self-assessments; staff: their territories."""
        if getattr(user, "is_siae_manager", False):
            return _staff_or_manager(self, user, "structure").filter(kind=AssessmentKind.SELF)
        return _staff_or_manager(self, user, "structure")

    def submitted(self):
        return self.filter(status=AssessmentStatus.SUBMITTED)


class Assessment(models.Model):
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grille (version utilisée)"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.SELF
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.structure} ({self.created_at:%d/%m/%Y})"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("évaluation"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("critère"), on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField(
        _("niveau"), choices=LevelValue.choices, null=True, blank=True
    )
    comment = models.TextField(_("commentaire"), blank=True)

    objects = WritesQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="answer_unique")
        ]

    def __str__(self):
        return f"{self.criterion} : {self.level or '—'}"


class FreeAnswer(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("évaluation"),
        on_delete=models.CASCADE,
        related_name="free_answers",
    )
    question = models.ForeignKey(
        FreeQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("réponse ouverte")
        verbose_name_plural = _("réponses ouvertes")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="free_answer_unique")
        ]

    def __str__(self):
        return self.text[:80]


class VisitQuerySet(WritesQuerySet):
    def visible_to(self, user):
        """Visits are the network's working notes: staff of the territory only."""
        return scoped_by_region(self, user, STRUCTURE_REGION)


class Visit(models.Model):
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    planned_on = models.DateField(_("date prévue"))
    held_on = models.DateField(_("date de réalisation"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    staff_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants du réseau"),
        blank=True,
        related_name="diagnostic_visits",
    )
    structure_participants = models.TextField(
        _("participants de la structure"),
        blank=True,
        help_text=_("Noms et fonctions des personnes de la structure présentes."),
    )
    partner_participants = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("partenaires présents"),
        blank=True,
        related_name="diagnostic_visits",
    )
    strengths = models.TextField(_("points forts"), blank=True)
    weaknesses = models.TextField(_("points de vigilance"), blank=True)
    recommendations = models.TextField(_("préconisations"), blank=True)
    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("évaluation du réseau"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visite de diagnostic")
        verbose_name_plural = _("visites de diagnostic")
        ordering = ["-planned_on", "-pk"]
        # The list's default sort: its first page is read in this order, not sorted whole.
        indexes = [models.Index(fields=["planned_on"], name="visit_planned_on")]

    def __str__(self):
        return _("Visite %(of_structure)s le %(date)s") % {
            "of_structure": of(self.structure),
            "date": date_text(self.held_on or self.planned_on, "short"),
        }


class AttachedFile(models.Model):
    """A file attached to a visit or an accompaniment: stored privately, served only
    through a permission-checked view."""

    title = models.CharField(_("titre"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title


class VisitAttachment(AttachedFile):
    visit = models.ForeignKey(
        Visit, verbose_name=_("visite"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fichier"), upload_to="diagnostics/visits/%Y/")

    class Meta(AttachedFile.Meta):
        verbose_name = _("pièce jointe de visite")
        verbose_name_plural = _("pièces jointes de visite")


# Action plans ----------------------------------------------------------------------------


class ActionPlanQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return _staff_or_manager(self, user, "structure")


class ActionPlan(models.Model):
    """The structure's "plan de progrès", one per structure, fed from visits."""

    structure = models.OneToOneField(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de progrès")
        verbose_name_plural = _("plans de progrès")
        ordering = ["structure__name"]

    def __str__(self):
        return _("Plan de progrès %(of_structure)s") % {"of_structure": of(self.structure)}


class ActionItemQuerySet(WritesQuerySet):
    def visible_to(self, user):
        return _staff_or_manager(self, user, "plan__structure")

    def open(self):
        return self.filter(status__in=ItemStatus.open_values())

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class ActionItem(models.Model):
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan de progrès"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("axe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visite d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    finding = models.TextField(_("constat"), blank=True)
    objective = models.CharField(_("objectif"), max_length=300)
    actions = models.TextField(_("actions"), blank=True)
    owner_name = models.CharField(_("responsable"), max_length=200, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable (compte)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    resources = models.TextField(_("moyens"), blank=True)
    indicator = models.CharField(_("indicateur"), max_length=300, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action du plan de progrès")
        verbose_name_plural = _("actions du plan de progrès")
        ordering = ["due_on", "pk"]
        # The overdue actions' default sort (see `Visit.Meta.indexes`).
        indexes = [models.Index(fields=["due_on"], name="action_item_due_on")]

    def __str__(self):
        return self.objective

    @property
    def owner_label(self) -> str:
        return self.owner_name or (str(self.owner_user) if self.owner_user_id else "")

    def is_overdue(self, today=None) -> bool:
        return bool(
            self.due_on
            and self.status in ItemStatus.open_values()
            and self.due_on < (today or timezone.localdate())
        )


class ProgressNote(models.Model):
    item = models.ForeignKey(
        ActionItem, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes"
    )
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("avancement"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.written_on:%d/%m/%Y} — {self.text[:60]}"


# Accompaniments --------------------------------------------------------------------------


class AccompanimentQuerySet(WritesQuerySet):
    def visible_to(self, user):
        """Staff: accompaniments of structures in their territories (lead or participant)."""
        if not getattr(user, "is_network_staff", False):
            return self.none()
        if user.is_national_staff:
            return scoped_by_region(self, user, STRUCTURE_REGION)
        regions = user.regions.values("pk")
        # The keys of both ways in, as one set: a subquery rather than a join, so list
        # annotations (participant counts) stay right, and a union rather than an OR of two
        # tests, which PostgreSQL can only check row by row against every accompaniment.
        led = Accompaniment.objects.filter(structure__departement__region__in=regions)
        joined = Accompaniment.participants.through.objects.filter(
            structure__departement__region__in=regions
        )
        return self.filter(
            pk__in=led.order_by().values("pk").union(joined.values("accompaniment_id"))
        )


class Accompaniment(models.Model):
    """A support action given to a structure, or to several at once (collective sessions
    such as the "CAP" sessions held with 12 SIAE and a PTCE)."""

    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure accompagnée"),
        on_delete=models.CASCADE,
        related_name="accompaniments",
    )
    participants = models.ManyToManyField(
        "structures.Structure",
        verbose_name=_("structures participantes"),
        blank=True,
        related_name="collective_accompaniments",
        help_text=_("Pour une action collective : les autres structures qui y prennent part."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=AccompanimentKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    stage = models.CharField(_("étape du DLA"), max_length=20, choices=DlaStage.choices, blank=True)
    operator = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("opérateur ou prestataire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompaniments",
    )
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=AccompanimentStatus.choices,
        default=AccompanimentStatus.PLANNED,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    history = HistoricalRecords()
    objects = AccompanimentQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["-started_on", "-pk"]
        # The list's default sort (see `Visit.Meta.indexes`).
        indexes = [models.Index(fields=["started_on"], name="accompaniment_started_on")]

    def __str__(self):
        return self.title


class AccompanimentDocument(AttachedFile):
    accompaniment = models.ForeignKey(
        Accompaniment,
        verbose_name=_("accompagnement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("fichier"), upload_to="diagnostics/accompaniments/%Y/")

    class Meta(AttachedFile.Meta):
        verbose_name = _("document d'accompagnement")
        verbose_name_plural = _("documents d'accompagnement")


# Territorial diagnostic ------------------------------------------------------------------


class TerritorialDiagnosticQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff of the territory; partner agents read it only once a report is shared."""
        return scoped_by_region(self, user, "region")


class TerritorialDiagnostic(models.Model):
    """The territory's bilan, issues, structuring hypotheses and action plan handed to the
    State. While open, its figures are computed from live data; once frozen, the figures
    of that day are kept in `frozen_figures`."""

    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="territorial_diagnostics",
    )
    title = models.CharField(_("titre"), max_length=200)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    reference_year = models.PositiveSmallIntegerField(
        _("année de référence"),
        null=True,
        blank=True,
        help_text=_(
            "Année des indicateurs et des conventions analysés ; par défaut, la dernière année "
            "complète avant la fin de la période."
        ),
    )
    recommended_hypothesis = models.ForeignKey(
        "Hypothesis",
        verbose_name=_("hypothèse recommandée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    request_to_state = models.TextField(
        _("ce qui est demandé à l'État"),
        blank=True,
        help_text=_("Imprimé en première page du rapport, après la synthèse."),
    )
    context = models.TextField(_("contexte"), blank=True)
    method = models.TextField(_("méthode"), blank=True)
    issues = models.TextField(_("enjeux"), blank=True)
    frozen_at = models.DateTimeField(_("figé le"), null=True, blank=True)
    frozen_figures = models.JSONField(_("chiffres figés"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["frozen_figures"])
    objects = TerritorialDiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic territorial")
        verbose_name_plural = _("diagnostics territoriaux")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="territorial_diagnostic_period_order",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def effective_reference_year(self) -> int:
        from structures.figures import default_reference_year

        return self.reference_year or default_reference_year(self.period_end)

    @property
    def snapshot_outdated(self) -> bool:
        """Frozen before the snapshot kept the whole result (it kept the scores only): its
        other figures were never frozen, so no report is made from it until it is frozen
        again (see `territorial_diagnostic_freeze`)."""
        from structures.figures import SNAPSHOT_MIN_VERSION

        return self.is_frozen and (self.frozen_figures or {}).get("version", 0) < (
            SNAPSHOT_MIN_VERSION
        )

    def figures(self) -> dict:
        """The state of play: as frozen once frozen (the whole result, nothing read live),
        else computed now from live data by structures.figures.territory_figures. An
        outdated snapshot gives the live figures: the page says so, a report refuses."""
        if self.is_frozen and not self.snapshot_outdated:
            return self.frozen_figures
        return self.compute_figures()

    def page_figures(self, *, leave_out: tuple[str, ...] = (), now=None) -> dict:
        """What its page shows: as frozen once frozen, else the live figures as of `now`
        (default: the current instant) from the cache, less the parts `leave_out` names
        (see the rule that keeps them true: structures.figures.cached_territory_figures).
        A report computes its own (`figures()`)."""
        if self.is_frozen and not self.snapshot_outdated:
            return self.frozen_figures
        from structures.figures import cached_territory_figures

        return cached_territory_figures(
            region=self.region,
            period_start=self.period_start,
            period_end=self.period_end,
            reference_year=self.effective_reference_year,
            leave_out=leave_out,
            now=now,
        )

    def compute_figures(self, *, as_of=None) -> dict:
        from structures.figures import territory_figures

        return territory_figures(
            region=self.region,
            period_start=self.period_start,
            period_end=self.period_end,
            reference_year=self.effective_reference_year,
            as_of=as_of,
        )


class Hypothesis(models.Model):
    diagnostic = models.ForeignKey(
        TerritorialDiagnostic,
        verbose_name=_("diagnostic territorial"),
        on_delete=models.CASCADE,
        related_name="hypotheses",
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pros = models.TextField(_("atouts"), blank=True)
    cons = models.TextField(_("limites"), blank=True)
    conditions = models.TextField(_("conditions de réussite"), blank=True)

    class Meta:
        verbose_name = _("hypothèse structurante")
        verbose_name_plural = _("hypothèses structurantes")
        ordering = ["diagnostic", "order", "pk"]

    def __str__(self):
        return self.title


class TerritorialAction(models.Model):
    diagnostic = models.ForeignKey(
        TerritorialDiagnostic,
        verbose_name=_("diagnostic territorial"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("action"), max_length=300)
    owner_name = models.CharField(_("pilote"), max_length=200, blank=True)
    owner_organisation = models.CharField(
        _("organisation du pilote"),
        max_length=200,
        blank=True,
        help_text=_("La structure, l'administration ou le réseau qui porte l'action."),
    )
    timing = models.TextField(_("calendrier"), blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    indicator = models.CharField(_("indicateur"), max_length=300, blank=True)
    baseline = models.CharField(
        _("valeur de départ"),
        max_length=100,
        blank=True,
        help_text=_("La valeur de l'indicateur au début du plan, avec son année."),
    )
    target = models.CharField(_("cible"), max_length=100, blank=True)
    funding = models.CharField(_("financement"), max_length=300, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )

    class Meta:
        verbose_name = _("action territoriale")
        verbose_name_plural = _("actions territoriales")
        ordering = ["diagnostic", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def pilot(self) -> str:
        """The pilot and the organisation that carries it: "Hélène Thérèse (APROSEP)"."""
        if self.owner_name and self.owner_organisation:
            if self.owner_organisation in self.owner_name:
                return self.owner_name
            return f"{self.owner_name} ({self.owner_organisation})"
        return self.owner_name or self.owner_organisation
