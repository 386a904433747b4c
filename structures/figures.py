"""Every figure of a territory (or of the whole network) over a period, defined once.

`territory_figures()` is the only place that aggregates: the diagnostic page, the staff
home, the national view, the report PDF and the frozen snapshot of a diagnostic all read
its result. It computes the structures' own figures here and asks the providers that the
higher apps register in their `AppConfig.ready()` (diagnostics: scores and visits; network:
partners; events: meetings) for their sections, so no lower app imports a higher one.

The result is plain JSON (decimals and rates as strings, dates in ISO format): a frozen
diagnostic stores it whole, and a report of a frozen diagnostic reads nothing else. The page
of an open diagnostic reads it from the cache (`cached_territory_figures`, which states the
rule that keeps it true); reports and the freeze always compute it afresh.

Rules that hold for every figure:
- a structure that declared nothing for a year is missing from that year's totals, which
  say how many structures declared; a year nobody declared reads "non déclaré" (None here),
  never 0;
- rates are percentages rounded once, half up, to one decimal (`rate()`), and printed as
  stored, so a page and a PDF cannot disagree on a digit.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, Count, F, FilteredRelation, Q, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.versions import Version, cached

from .enums import AdhesionStatus, ConventionStatus, StructureKind
from .models import AdhesionCampaign, Convention, Structure, YearlyIndicators
from .rates import TARGET_DURABLE, TARGET_DYNAMIC
from .validators import search_key

# The format of the result: 2 holds the whole result (a frozen diagnostic reads nothing
# else), 3 adds the population and the figures per 10,000 inhabitants. A snapshot older
# than SNAPSHOT_MIN_VERSION (frozen when it kept the scores only) cannot make a report.
VERSION = 3
SNAPSHOT_MIN_VERSION = 2
YEARS_SHOWN = 3
RATE_DIGITS = Decimal("0.1")
# An annexe financière is in force in its year once signed (and still once ended).
CONVENTION_IN_FORCE = [ConventionStatus.SIGNED, ConventionStatus.ENDED]
PUBLIC_FIELDS = ["hired_rsa", "hired_under_26", "hired_over_50", "hired_disabled", "hired_qpv"]
COUNTED_EXIT_FIELDS = ["exits_durable", "exits_transition", "exits_positive", "exits_other"]
EXIT_FIELDS = [*COUNTED_EXIT_FIELDS, "exits_neutralised"]
SUM_FIELDS = ["employees", *PUBLIC_FIELDS, *EXIT_FIELDS]
DECIMAL_FIELDS = ["etp_realises", "hours_worked", "training_hours", "support_staff_etp"]


# Definitions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """What a figure counts and where it comes from; printed in the report's chapter
    "Sources, définitions et méthode"."""

    key: str
    label: str
    text: str
    source: str = ""
    # False: a figure of one structure only (fiche dialogue de gestion), not of a territory.
    territorial: bool = True


DEFINITIONS: dict[str, Definition] = {}


def define(key: str, label, text, source="", *, territorial: bool = True) -> Definition:
    definition = Definition(key=key, label=label, text=text, source=source, territorial=territorial)
    DEFINITIONS[key] = definition
    return definition


def definitions(*keys: str) -> list[Definition]:
    """The definitions printed by a report: those of `keys`, in that order, or every
    definition of the territorial figures."""
    if keys:
        return [DEFINITIONS[key] for key in keys]
    return [definition for definition in DEFINITIONS.values() if definition.territorial]


define(
    "structures",
    _("Structures"),
    _(
        "Structures du territoire enregistrées dans le portail à la date d'arrêt des données, "
        "quel que soit leur type (SIAE, GEIQ, PTCE, autres membres)."
    ),
)
define(
    "siae",
    _("SIAE"),
    _(
        "Structures d'un type conventionné par l'État : ACI, AI, EI, ETTI, EITI. Les "
        "indicateurs annuels ne sont totalisés que pour elles."
    ),
    _("Code du travail, L5132-2"),
)
define(
    "members",
    _("Adhérents"),
    _(
        "Structures dont l'adhésion a le statut « adhérente » dans la campagne d'adhésion de "
        "l'année de référence ; si la fédération n'a pas ouvert de campagne cette année-là, "
        "dans la dernière campagne ouverte avant la fin de la période (l'année de la campagne "
        "est toujours indiquée). Structures, SIAE et adhérents sont trois comptes différents."
    ),
    _("Campagnes d'adhésion de la fédération, saisies dans le portail"),
)
define(
    "conventions",
    _("SIAE conventionnées"),
    _(
        "SIAE ayant une annexe financière en vigueur dans l'année (signée, ou terminée après "
        "avoir été signée). Une annexe déposée ou en préparation ne compte pas."
    ),
    _("Annexes financières saisies dans le portail (Code du travail, R5132-1 et suivants)"),
)
define(
    "etp_conventionnes",
    _("ETP conventionnés"),
    _("Somme des postes en équivalent temps plein fixés par les annexes financières en vigueur."),
    _("Annexes financières"),
)
define(
    "etp_realises",
    _("ETP réalisés"),
    _(
        "Somme des ETP réalisés déclarés par les SIAE pour l'année : heures travaillées par "
        "les salariés en insertion divisées par la base annuelle d'un temps plein du type de "
        "structure."
    ),
    _("Déclaration annuelle de la structure dans le portail"),
)
define(
    "occupancy",
    _("Taux de réalisation"),
    _(
        "ETP réalisés ÷ ETP conventionnés, sur les seules SIAE ayant à la fois une annexe "
        "financière en vigueur et une déclaration pour l'année."
    ),
)
define(
    "population",
    _("Population"),
    _(
        "Population municipale légale de la commune ; sur la ligne du territoire, la somme de "
        "celles des communes listées (celles qui comptent au moins une structure), donnée "
        "seulement si chacune est connue."
    ),
    _("INSEE, populations légales, via le découpage administratif d'Etalab"),
)
define(
    "structures_per_10k",
    _("Structures pour 10 000 habitants"),
    _("Structures de la commune (ou des communes listées) × 10 000 ÷ population, au centième."),
)
define(
    "etp_per_10k",
    _("ETP réalisés pour 10 000 habitants"),
    _(
        "ETP réalisés déclarés dans la commune (ou les communes listées) pour l'année de "
        "référence × 10 000 ÷ population, au centième."
    ),
)
define(
    "employees",
    _("Salariés en insertion"),
    _(
        "Personnes ayant travaillé en contrat d'insertion (CDDI, mise à disposition) dans "
        "l'année, déclarées en nombre par la structure ; le portail ne détient aucune donnée "
        "nominative."
    ),
    _("Déclaration annuelle de la structure"),
)
define(
    "hours_worked",
    _("Heures travaillées"),
    _("Heures rémunérées des salariés en insertion dans l'année, déclarées par la structure."),
    _("Déclaration annuelle de la structure"),
    territorial=False,
)
define(
    "training_hours",
    _("Heures de formation"),
    _("Heures de formation suivies par les salariés en insertion dans l'année."),
    _("Déclaration annuelle de la structure"),
    territorial=False,
)
define(
    "support_staff_etp",
    _("Encadrement et accompagnement"),
    _(
        "Postes d'encadrement technique et d'accompagnement socio-professionnel, en "
        "équivalent temps plein."
    ),
    _("Déclaration annuelle de la structure"),
    territorial=False,
)
define(
    "aid_per_post",
    _("Aide au poste"),
    _(
        "Montant de l'aide de l'État par ETP conventionné fixé par l'annexe financière en "
        "vigueur (montant socle du type de structure et part modulée)."
    ),
    _("Annexe financière de la structure"),
    territorial=False,
)
define(
    "public",
    _("Publics embauchés"),
    _(
        "Embauches de l'année parmi les bénéficiaires du RSA, les moins de 26 ans, les plus "
        "de 50 ans, les personnes handicapées et les résidents des QPV ; une personne peut "
        "relever de plusieurs catégories."
    ),
    _("Déclaration annuelle de la structure"),
)
define(
    "exits_durable",
    _("Sorties en emploi durable"),
    _("CDI, CDD ou mission d'intérim de 6 mois et plus, titularisation, création d'entreprise."),
    _("Circulaire DGEFP n° 2008-21"),
)
define(
    "exits_transition",
    _("Sorties en emploi de transition"),
    _("CDD ou mission de moins de 6 mois, contrat aidé chez un employeur ordinaire."),
    _("Circulaire DGEFP n° 2008-21"),
)
define(
    "exits_positive",
    _("Sorties positives"),
    _("Formation qualifiante, embauche dans une autre SIAE."),
    _("Circulaire DGEFP n° 2008-21"),
)
define(
    "exits_other",
    _("Autres sorties"),
    _("Chômage, inactivité, sortie sans solution connue : elles restent au dénominateur."),
    _("Circulaire DGEFP n° 2008-21"),
)
define(
    "exits_neutralised",
    _("Sorties neutralisées"),
    _(
        "Décès, déménagement, maladie de longue durée et autres sorties que la structure ne "
        "peut influencer : elles sont exclues du dénominateur des taux."
    ),
    _("Circulaire DGEFP n° 2008-21"),
)
define(
    "exits_counted",
    _("Sorties comptabilisées"),
    _("Durables + transition + positives + autres (les sorties neutralisées exclues)."),
)
define(
    "exits_dynamic",
    _("Sorties dynamiques"),
    _("Durables + transition + positives : le numérateur du taux de sorties dynamiques."),
    _("Circulaire DGEFP n° 2008-21"),
)
define(
    "durable_rate",
    _("Taux de sortie en emploi durable"),
    _(
        "Sorties en emploi durable ÷ sorties comptabilisées, en pourcentage arrondi au "
        "dixième ; objectif national : 25 % au moins."
    ),
    _("Circulaire DGEFP n° 2008-21 du 10 décembre 2008"),
)
define(
    "dynamic_rate",
    _("Taux de sorties dynamiques"),
    _(
        "(Durables + transition + positives) ÷ sorties comptabilisées, en pourcentage arrondi "
        "au dixième ; objectif national : 60 % au moins."
    ),
    _("Circulaire DGEFP n° 2008-21 du 10 décembre 2008"),
)
define(
    "declared",
    _("Structures déclarantes"),
    _(
        "SIAE ayant transmis leurs indicateurs de l'année. Une SIAE qui n'a rien déclaré est "
        "« non déclarée » et absente des totaux : elle ne compte jamais pour 0. Une année "
        "verrouillée a été validée lors du dialogue de gestion ; toute modification "
        "ultérieure reste tracée."
    ),
)


# Providers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a set of figures is about: a territory (None: the whole network), a period,
    the reference year of the yearly figures and the instant the data were read."""

    region: object | None
    period_start: datetime.date
    period_end: datetime.date
    reference_year: int
    years: tuple[int, ...]
    as_of: datetime.datetime

    def structure_filter(self, prefix: str = "") -> Q:
        if self.region is None:
            return Q()
        return Q(**{f"{prefix}departement__region": self.region})

    @property
    def since(self) -> datetime.datetime:
        """The period's first instant, in the current time zone."""
        return day_start(self.period_start)

    @property
    def period_until(self) -> datetime.datetime:
        """The instant after the period's last day."""
        return day_start(self.period_end + datetime.timedelta(days=1))

    @property
    def until(self) -> datetime.datetime:
        """The instant after the period, or the as-of instant if earlier: nothing after the
        data were read counts."""
        return min(self.period_until, self.as_of)


@dataclass(frozen=True)
class Section:
    """What a provider gives for a scope: its figures (plain JSON), and the instant from
    which time alone may change them, at or after the scope's `as_of` (None: only a write
    does), read with them: the start of the first meeting to come, say, which will then
    count as held. The figures are true until that instant."""

    figures: dict | list
    changes_at: datetime.datetime | None


# The version of every table the figures read (see `core.versions`): the structures' own
# (`OWN_SOURCES`, watched in `StructuresConfig.ready()`) and those each provider names when
# it registers. The cached figures are kept at it (`cached_territory_figures`).
SOURCES = Version("structures:figures:sources")
OWN_SOURCES = (
    "structures.Structure",
    "structures.Convention",
    "structures.YearlyIndicators",
    "structures.Adhesion",
    "structures.AdhesionCampaign",
    "territories.Region",
    "territories.Departement",
    "territories.Commune",
)

PROVIDERS: dict[str, Callable[[Scope], Section]] = {}


def register(
    name: str,
    provider: Callable[[Scope], Section],
    *,
    models: tuple[str, ...],
    links: tuple[str, ...] = (),
) -> None:
    """A higher app adds a section of figures (called from its `AppConfig.ready()`).

    `provider(scope)` returns a `Section`: its figures and when time alone changes them.
    `models` ("app.Model") and `links` (the "app.Model_field" models of many-to-many
    fields) are every table it reads, those it only joins or filters on included: every
    write on them replaces `SOURCES`, so the cached figures are never served after it. A
    provider that names no model is refused, and so is a model whose bulk writes would not
    replace the version (see `core.versions.Version.watch`)."""
    if not models:
        raise ImproperlyConfigured(
            f"The section {name!r} of the figures names no model: say which it reads "
            "(models=..., and links=... for many-to-many fields), so that a write on them "
            "replaces the version of the cached figures."
        )
    SOURCES.watch(*models, links=links)
    PROVIDERS[name] = provider


# Helpers ----------------------------------------------------------------------------------


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def collate(value: str) -> tuple[str, str]:
    """French alphabetical order, the same on every backend: accents and case are ignored
    first ("Échelle" between "Dubois" and "Fort", not after "Zèbre" as the C collation puts
    it), then break the tie. Every list of names the figures give is sorted with it."""
    return (search_key(value), value or "")


def number(value) -> str | None:
    """Decimals travel as strings, to the hundredth; None stays None (non déclaré)."""
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rate(numerator, denominator) -> str | None:
    """The one rounding rule of the portal: a percentage, half up, to one decimal
    ("33.3" for 1 ÷ 3); None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return str(value.quantize(RATE_DIGITS, rounding=ROUND_HALF_UP))


def meets(value: str | None, target: Decimal) -> bool | None:
    return None if value is None else Decimal(value) >= target * 100


def last_complete_year(today: datetime.date | None = None) -> int:
    """The directory's and exports' default year: the last year that has ended."""
    return (today or timezone.localdate()).year - 1


def default_reference_year(period_end: datetime.date) -> int:
    """The last complete year before the period ends (the period's own year if it ends on
    31 December)."""
    if (period_end.month, period_end.day) == (12, 31):
        return period_end.year
    return period_end.year - 1


def membership_campaigns(reference_year: int, period_end: datetime.date):
    """The campaigns that may make the members, the one that does first (see
    `membership_campaign`): a queryset, so a page can read the first inside its own query."""
    return AdhesionCampaign.objects.filter(
        Q(year=reference_year) | Q(opened_at__isnull=False, opened_at__date__lte=period_end)
    ).order_by(Case(When(year=reference_year, then=0), default=1), "-year")


def membership_campaign(reference_year: int, period_end: datetime.date):
    """The campaign whose statuses make the members (see the definition of "members"): the
    reference year's campaign, else the latest opened by the period's end."""
    return membership_campaigns(reference_year, period_end).first()


def _exit_figures(values: dict) -> dict:
    """Exit totals and rates from summed counts (None everywhere when nothing declared)."""
    if values.get("exits_durable") is None:
        return {
            "exits_counted": None,
            "exits_dynamic": None,
            "exits_total": None,
            "durable_rate": None,
            "dynamic_rate": None,
            "durable_meets_target": None,
            "dynamic_meets_target": None,
        }
    counted = sum(values[field] for field in COUNTED_EXIT_FIELDS)
    dynamic = values["exits_durable"] + values["exits_transition"] + values["exits_positive"]
    durable_rate, dynamic_rate = rate(values["exits_durable"], counted), rate(dynamic, counted)
    return {
        "exits_counted": counted,
        "exits_dynamic": dynamic,
        "exits_total": counted + values["exits_neutralised"],
        "durable_rate": durable_rate,
        "dynamic_rate": dynamic_rate,
        "durable_meets_target": meets(durable_rate, TARGET_DURABLE),
        "dynamic_meets_target": meets(dynamic_rate, TARGET_DYNAMIC),
    }


def _totals(rows: list[dict]) -> dict:
    """Sums over the structures that declared (rows with figures), with their count."""
    declared = [row for row in rows if row["declared"]]
    with_both = [row for row in declared if row["etp_conventionnes"] is not None]
    conventioned = [row for row in rows if row["etp_conventionnes"] is not None]
    sums: dict = {"declared": len(declared), "structures": len(rows)}
    for field in SUM_FIELDS:
        sums[field] = sum(row[field] for row in declared) if declared else None
    for field in DECIMAL_FIELDS:
        sums[field] = number(sum(Decimal(row[field]) for row in declared)) if declared else None
    sums["conventions"] = len(conventioned)
    sums["etp_conventionnes"] = (
        number(sum(Decimal(row["etp_conventionnes"]) for row in conventioned))
        if conventioned
        else None
    )
    sums["occupancy"] = rate(
        sum(Decimal(row["etp_realises"]) for row in with_both),
        sum(Decimal(row["etp_conventionnes"]) for row in with_both),
    )
    sums["locked"] = sum(1 for row in declared if row["locked"])
    sums.update(_exit_figures(sums))
    return sums


# The structures' figures ------------------------------------------------------------------


def _row(structure: dict, year: int, declaration: dict | None, etp_conventionnes) -> dict:
    """One SIAE's figures for one year: the ETP conventionnés of its annexe financière in
    force (None without one) and its declaration (or "non déclaré": every declared figure
    None, never 0)."""
    row = {
        "id": structure["pk"],
        "name": structure["name"],
        "kind": structure["kind"],
        "commune": structure["commune__name"],
        "region": structure["departement__region__name"],
        "year": year,
        "declared": declaration is not None,
        "locked": bool(declaration and declaration["locked_at"]),
        "etp_conventionnes": number(etp_conventionnes),
    }
    for field in SUM_FIELDS:
        row[field] = declaration[field] if declaration else None
    for field in DECIMAL_FIELDS:
        row[field] = number(declaration[field]) if declaration else None
    row["occupancy"] = rate(declaration["etp_realises"], etp_conventionnes) if declaration else None
    row.update(_exit_figures(row))
    return row


def _with_etp_conventionnes(structures, years):
    """Structures with `_etp_key(year)` for each year: the ETP conventionnés of the
    structure's annexe financière in force that year (at most one a year), None without
    one, joined to its row rather than read apart."""
    for year in years:
        in_force = FilteredRelation(
            "conventions",
            condition=Q(conventions__year=year, conventions__status__in=CONVENTION_IN_FORCE),
        )
        structures = structures.alias(**{f"convention_{year}": in_force}).annotate(
            **{_etp_key(year): F(f"convention_{year}__etp_conventionnes")}
        )
    return structures


def _etp_key(year: int) -> str:
    return f"etp_conventionnes_{year}"


def _conventions(filter_: Q, years) -> dict[tuple[int, int], dict]:
    return {
        (row["structure_id"], row["year"]): row
        for row in Convention.objects.filter(
            filter_, year__in=years, status__in=CONVENTION_IN_FORCE
        ).values("structure_id", "year", "number", "etp_conventionnes", "aid_per_post")
    }


def _declarations(filter_: Q, years) -> dict[tuple[int, int], dict]:
    return {
        (row["structure_id"], row["year"]): row
        for row in YearlyIndicators.objects.filter(filter_, year__in=years).values(
            "structure_id", "year", "locked_at", "updated_at", *SUM_FIELDS, *DECIMAL_FIELDS
        )
    }


def _structure_rows(scope: Scope, structures: list[dict]) -> dict[int, list[dict]]:
    """One row per SIAE and year: its annexe financière (read with the structures, see
    `_with_etp_conventionnes`) and its declaration (or None)."""
    in_scope = scope.structure_filter("structure__")
    # Sorted once by commune, then name (the same order every year): each key is computed
    # once per structure instead of once per structure and year.
    siae = sorted(
        (row for row in structures if row["kind"] in StructureKind.siae_kinds()),
        key=lambda row: (collate(row["commune__name"]), collate(row["name"])),
    )
    declarations = _declarations(in_scope, scope.years)
    rows_by_year: dict[int, list[dict]] = {}
    for year in scope.years:
        rows_by_year[year] = [
            _row(
                structure,
                year,
                declarations.get((structure["pk"], year)),
                structure[_etp_key(year)],
            )
            for structure in siae
        ]
    return rows_by_year


def structure_figures(*, structure, reference_year: int) -> dict:
    """One SIAE's figures for its reference year and the two years before, built by the
    code that builds the rows of the territory's table by SIAE (same definitions, same
    rounding, "non déclaré" where nothing was declared): the fiche dialogue de gestion and
    the structure diagnostic report read it. Each year also names its annexe financière in
    force (number and aid per post) and whether the year was locked."""
    years = tuple(range(reference_year - YEARS_SHOWN + 1, reference_year + 1))
    values = (
        Structure.objects.filter(pk=structure.pk)
        .values("pk", "name", "kind", "commune__name", "departement__region__name")
        .get()
    )
    only = Q(structure_id=structure.pk)
    conventions = _conventions(only, years)
    declarations = _declarations(only, years)
    rows = []
    for year in years:
        convention = conventions.get((structure.pk, year))
        declaration = declarations.get((structure.pk, year))
        row = _row(
            values, year, declaration, convention["etp_conventionnes"] if convention else None
        )
        row["convention_number"] = convention["number"] if convention else None
        row["aid_per_post"] = number(convention["aid_per_post"]) if convention else None
        row["locked_at"] = (
            declaration["locked_at"].isoformat()
            if declaration and declaration["locked_at"]
            else None
        )
        rows.append(row)
    return {
        "version": VERSION,
        "reference_year": reference_year,
        "siae": structure.kind in StructureKind.siae_kinds(),
        "years": rows,
        "reference": rows[-1],
    }


def _per_10k(population: int | None, structures: int, etp_realises: str | None) -> dict:
    """Structures and ETP réalisés per 10,000 inhabitants (definitions "structures_per_10k"
    and "etp_per_10k"); None where the population or the ETP are not known."""
    if not population:
        return {"structures_per_10k": None, "etp_per_10k": None}
    return {
        "structures_per_10k": number(Decimal(structures) * 10_000 / population),
        "etp_per_10k": number(Decimal(etp_realises) * 10_000 / population)
        if etp_realises is not None
        else None,
    }


def _population(communes: list[dict]) -> dict:
    """The population of the communes listed (those with at least one structure): their
    sum, None unless every one of them is known (never a partial sum). Not the whole
    territory's: a database may hold only some of its communes."""
    known = [row["population"] for row in communes]
    return {
        "population": sum(known) if known and all(known) else None,
        "communes": len(communes),
    }


def _members(campaign, total: int, counts: dict[str, int]) -> dict:
    """Members and the other statuses of `campaign` (`counts`: structures by status)."""
    if campaign is None:
        return {"campaign_year": None, "members": None, "non_members": None, "by_status": []}
    members = counts.get(AdhesionStatus.MEMBER, 0)
    labels = dict(AdhesionStatus.choices)
    return {
        "campaign_year": campaign.year,
        "members": members,
        "non_members": total - members,
        "without_membership": total - sum(counts.values()),
        "by_status": [
            {"status": status, "label": str(labels[status]), "count": counts.get(status, 0)}
            for status in AdhesionStatus.values
        ],
    }


def scope_of(
    *,
    region,
    period_start: datetime.date,
    period_end: datetime.date,
    reference_year: int | None = None,
    as_of: datetime.datetime | None = None,
) -> Scope:
    """The scope of `territory_figures()` for these arguments (see there)."""
    reference_year = reference_year or default_reference_year(period_end)
    return Scope(
        region=region,
        period_start=period_start,
        period_end=period_end,
        reference_year=reference_year,
        years=tuple(range(reference_year - YEARS_SHOWN + 1, reference_year + 1)),
        as_of=as_of or timezone.now(),
    )


def cache_key(scope: Scope, leave_out: tuple[str, ...] = ()) -> str:
    """Where `cached_territory_figures` keeps the figures of `scope` (as of any instant)."""
    parts = (
        "structures:figures",
        VERSION,
        scope.region.pk if scope.region is not None else "network",
        scope.period_start.isoformat(),
        scope.period_end.isoformat(),
        scope.reference_year,
        ",".join(sorted(leave_out)),
        get_language(),
        timezone.get_current_timezone_name(),
    )
    return ":".join(str(part) for part in parts)


def cached_territory_figures(
    *,
    region,
    period_start: datetime.date,
    period_end: datetime.date,
    reference_year: int | None = None,
    leave_out: tuple[str, ...] = (),
    now: datetime.datetime | None = None,
) -> dict:
    """`territory_figures()` with every section, as of `now` (default: the current
    instant), less the parts `leave_out` names, kept in the cache for a page that shows
    live figures (an open diagnostic's). Reports and the freeze always compute theirs.

    The rule: a value is served only while it is what `territory_figures()` would give at
    that instant.
    - Its key holds every input: the territory, the period, the reference year, the parts
      left out, the format (`VERSION`), the language (labels are translated) and the current
      time zone (the period's days are local days). Nothing depends on the day itself, so the
      date is not in the key.
    - It is stored beside `SOURCES`, the version of every table the figures read: every
      save, deletion, many-to-many change or bulk write on them replaces it (a provider names
      its tables when it registers), and the next request computes again.
    - Time alone changes some figures (a meeting counts as held once started, an assessment
      once submitted): each section says from when (`Section.changes_at`), and the value is
      kept until the earliest of those instants at most, and never served from then on.
    """
    now = now or timezone.now()
    scope = scope_of(
        region=region,
        period_start=period_start,
        period_end=period_end,
        reference_year=reference_year,
        as_of=now,
    )
    key = cache_key(scope, leave_out)

    def compute():
        figures, changes_at = _figures(scope, sections=True, detail=True)
        for part in leave_out:
            figures.pop(part, None)
        return figures, changes_at

    figures, _changes_at = cached(key, compute, (SOURCES,), expires=lambda value: value[1], now=now)
    return figures


def territory_figures(
    *,
    region,
    period_start: datetime.date,
    period_end: datetime.date,
    reference_year: int | None = None,
    as_of: datetime.datetime | None = None,
    sections: bool = True,
    detail: bool = True,
) -> dict:
    """Every figure of a territory (None: the whole network) over a period.

    `reference_year` (default: the last complete year before the period ends) is the year
    of the per-SIAE table and of the synthesis; the two years before it are shown beside it.
    `as_of` (default: now) is the instant the data are read: a meeting counts as held only
    if it started before it. `sections=False` leaves out the registered providers' sections
    (the staff home shows the structures' figures only); `detail=False` leaves out the
    yearly figures, the per-SIAE table and the non-SIAE list too, and keeps the counts (by
    kind, commune and region), the population and the members (the staff home shows
    nothing else).
    """
    scope = scope_of(
        region=region,
        period_start=period_start,
        period_end=period_end,
        reference_year=reference_year,
        as_of=as_of,
    )
    return _figures(scope, sections=sections, detail=detail)[0]


def _figures(
    scope: Scope, *, sections: bool, detail: bool
) -> tuple[dict, datetime.datetime | None]:
    """The figures of `scope`, and the first instant from which time alone may change them
    (None: only a write does; see `Section`)."""
    region, reference_year, as_of = scope.region, scope.reference_year, scope.as_of
    # The counts by kind, commune and region from one query: grouped (a few hundred rows,
    # communes × kinds, whatever the number of structures) when the structures are not
    # listed, else made from the list. The statuses of the membership campaign are read in
    # the same query (at most one adhesion per structure and campaign).
    campaign = membership_campaign(scope.reference_year, scope.period_end)
    # The territory's départements as values rather than a join on the region: the planner
    # then reads how many structures they hold from its statistics (a join made it guess
    # fifty, and look up thousands of adhesions one at a time).
    in_territory = scope.structure_filter()
    if region is not None:
        in_territory = Q(departement_id__in=list(region.departements.values_list("pk", flat=True)))
    groups = Structure.objects.filter(in_territory)
    status = []
    if campaign is not None:
        groups = groups.annotate(
            campaign_adhesion=FilteredRelation(
                "adhesions", condition=Q(adhesions__campaign=campaign)
            )
        )
        status = ["campaign_adhesion__status"]
    fields = [
        "kind",
        "commune_id",
        "commune__name",
        "commune__insee_code",
        "commune__population",
        "departement__region__name",
        *status,
    ]
    structures = []
    if detail:
        # The per-SIAE table and the non-SIAE list read every structure (with its annexes
        # financières): the counts are made from the same rows, one structure each.
        structures = list(
            _with_etp_conventionnes(groups, scope.years)
            .values("pk", "name", *fields, *(_etp_key(year) for year in scope.years))
            .order_by("name", "pk")
        )
        groups = [{**row, "count": 1} for row in structures]
    else:
        groups = (
            groups.values(*fields)
            .annotate(count=Count("pk"))
            .order_by("commune__insee_code", "kind", "departement__region__name", *status)
        )
    kind_labels = dict(StructureKind.choices)
    siae_kinds = StructureKind.siae_kinds()
    by_kind: dict[str, int] = {}
    by_commune: dict[int, dict] = {}
    by_region: dict[str, dict] = {}
    by_status: dict[str, int] = {}
    for row in groups:
        count, siae = row["count"], row["count"] if row["kind"] in siae_kinds else 0
        if status and row[status[0]] is not None:
            by_status[row[status[0]]] = by_status.get(row[status[0]], 0) + count
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + count
        commune = by_commune.setdefault(
            row["commune_id"],
            {
                "commune_id": row["commune_id"],
                "commune": row["commune__name"],
                "insee": row["commune__insee_code"],
                "population": row["commune__population"],
                "count": 0,
                "siae": 0,
            },
        )
        place = by_region.setdefault(
            row["departement__region__name"],
            {"region": row["departement__region__name"], "count": 0, "siae": 0},
        )
        for entry in (commune, place):
            entry["count"] += count
            entry["siae"] += siae
    total = sum(by_kind.values())
    year_rows, reference_rows = [], []
    declared_by_commune: dict[str, list[dict]] = {}
    if detail:
        rows_by_year = _structure_rows(scope, structures)
        year_rows = [{"year": year, **_totals(rows_by_year[year])} for year in scope.years]
        reference_rows = rows_by_year[reference_year]
        for row in reference_rows:
            if row["declared"]:
                declared_by_commune.setdefault(row["commune"], []).append(row)
    for commune in by_commune.values():
        declared = declared_by_commune.get(commune["commune"])
        commune["etp_realises"] = (
            number(sum(Decimal(row["etp_realises"]) for row in declared)) if declared else None
        )
        commune.update(_per_10k(commune["population"], commune["count"], commune["etp_realises"]))
    reference = next((row for row in year_rows if row["year"] == reference_year), None)
    population = _population(list(by_commune.values()))
    figures = {
        "version": VERSION,
        "region": {"code": region.code, "name": region.name} if region is not None else None,
        "period": {"start": scope.period_start.isoformat(), "end": scope.period_end.isoformat()},
        "reference_year": reference_year,
        "as_of": as_of.isoformat(),
        "structures": {
            "total": total,
            "siae": sum(count for kind, count in by_kind.items() if kind in siae_kinds),
            "by_kind": [
                {
                    "kind": kind,
                    "label": str(kind_labels.get(kind, kind)),
                    "count": by_kind[kind],
                    "siae": kind in siae_kinds,
                }
                for kind in StructureKind.values
                if kind in by_kind
            ],
            "by_commune": sorted(
                by_commune.values(),
                key=lambda row: (-row["count"], collate(row["commune"]), row["insee"]),
            ),
            "by_region": sorted(by_region.values(), key=lambda row: collate(row["region"])),
            "others": [
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "commune": row["commune__name"],
                    "region": row["departement__region__name"],
                }
                for row in structures
                if row["kind"] not in siae_kinds
            ],
        },
        "population": {
            **population,
            **_per_10k(
                population["population"],
                total,
                reference["etp_realises"] if reference else None,
            ),
        },
        "members": _members(campaign, total, by_status),
    }
    if detail:
        figures["years"] = year_rows
        figures["reference"] = reference
        figures["by_siae"] = reference_rows
    # The structures' own figures do not change with time alone; the sections say when theirs do.
    changes = []
    for name, provider in PROVIDERS.items() if sections else ():
        section = provider(scope)
        if not isinstance(section, Section):
            raise TypeError(f"The provider of {name!r} must return a Section: {section!r}")
        figures[name] = section.figures
        if section.changes_at is not None:
            changes.append(section.changes_at)
    return figures, min(changes, default=None)
