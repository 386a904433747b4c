"""Rules that make a year of indicators possible, shared by the yearly form and the import.

A structure's declaration feeds the figures handed to the State: a year whose numbers
cannot all be true (more exits than employees, more full-time posts than people) is refused
with a message naming the fields and saying what to change, never stored.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import StructureKind

EXIT_FIELDS = ("exits_durable", "exits_transition", "exits_positive", "exits_other")
# Yearly hours of one full-time post by kind (2014 bases, domain notes: verify against the
# year's decree); the others take the legal full-time year (35 h × 52 weeks − holidays).
YEARLY_HOURS = {
    StructureKind.AI: Decimal("1607"),
    StructureKind.ETTI: Decimal("1600"),
    StructureKind.EI: Decimal("1505"),
    StructureKind.ACI: Decimal("1820"),
}
DEFAULT_YEARLY_HOURS = Decimal("1607")
# Hours ÷ yearly base may differ from the declared ETP by this share before the user is
# asked to confirm: bases change by decree and some SIAE count paid leave differently.
HOURS_TOLERANCE = Decimal("0.15")


@dataclass
class Problems:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def warn(self, name: str, message: str) -> None:
        self.warnings.setdefault(name, []).append(message)


def _fr(value) -> str:
    return f"{Decimal(value):f}".rstrip("0").rstrip(".").replace(".", ",") if value else "0"


def indicator_problems(values: dict, *, structure, today=None) -> Problems:
    """Errors (refused) and warnings (confirmed by the user) of one year of indicators."""
    problems = Problems()
    today = today or timezone.localdate()
    year = values.get("year")
    if year is not None:
        if year > today.year:
            problems.error(
                "year",
                _(
                    "%(year)s n'est pas encore commencée ou terminée : saisissez une année "
                    "passée ou l'année en cours (%(current)s au plus)."
                )
                % {"year": year, "current": today.year},
            )
        founded = getattr(structure, "founded_on", None)
        if founded and year < founded.year:
            problems.error(
                "year",
                _(
                    "%(year)s est antérieure à la création de la structure (%(founded)s) : "
                    "saisissez une année à partir de %(founded)s."
                )
                % {"year": year, "founded": founded.year},
            )
    employees = values.get("employees")
    if employees is None:
        return problems
    exits = sum(values.get(name) or 0 for name in EXIT_FIELDS)
    neutralised = values.get("exits_neutralised") or 0
    if exits + neutralised > employees:
        message = _(
            "%(exits)s sorties pour %(employees)s salariés : le nombre de sorties ne peut pas "
            "dépasser le nombre de salariés en insertion de l'année. Corrigez les sorties ou "
            "le nombre de salariés."
        ) % {"exits": exits + neutralised, "employees": employees}
        for name in (*EXIT_FIELDS, "exits_neutralised"):
            if values.get(name):
                problems.error(name, message)
    if neutralised > exits:
        problems.error(
            "exits_neutralised",
            _(
                "%(neutralised)s sorties neutralisées pour %(exits)s autres sorties : les "
                "sorties neutralisées ne peuvent pas dépasser les sorties comptabilisées "
                "(durables, transition, positives et autres)."
            )
            % {"neutralised": neutralised, "exits": exits},
        )
    etp = values.get("etp_realises")
    if etp is not None and Decimal(etp) > employees:
        problems.error(
            "etp_realises",
            _(
                "%(etp)s ETP réalisés pour %(employees)s salariés : un salarié compte au plus "
                "pour 1 ETP. Vérifiez la virgule décimale (par exemple 11,5) ou le nombre de "
                "salariés."
            )
            % {"etp": _fr(etp), "employees": employees},
        )
    hours = values.get("hours_worked")
    if hours and etp:
        base = YEARLY_HOURS.get(getattr(structure, "kind", None), DEFAULT_YEARLY_HOURS)
        expected = Decimal(hours) / base
        if abs(expected - Decimal(etp)) > HOURS_TOLERANCE * Decimal(etp):
            problems.warn(
                "hours_worked",
                _(
                    "%(hours)s heures travaillées font %(expected)s ETP sur la base de "
                    "%(base)s heures par an, loin des %(etp)s ETP déclarés (écart toléré : "
                    "15 %%). Vérifiez les heures et les ETP, ou confirmez."
                )
                % {
                    "hours": _fr(hours),
                    "expected": _fr(expected.quantize(Decimal("0.01"))),
                    "base": _fr(base),
                    "etp": _fr(etp),
                },
            )
    return problems
