"""Identifiers of the SIAE world: SIRET, NAF code, annexe financière number."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siret as stdnum_siret

from .enums import StructureKind

NAF_RE = re.compile(r"^\d{4}[A-Z]$")
# kind + département (01–95, 2A/2B, or 971–976 overseas) + 2-digit year + 4-digit
# structure number + A<renewal>M<modification>, e.g. ACI973190001A0M0.
CONVENTION_RE = re.compile(
    r"^(?P<kind>ACI|AI|EI|ETTI|EITI)(?P<departement>97[1-6]|2[AB]|0[1-9]|[1-8]\d|9[0-5])(?P<year>\d{2})"
    r"(?P<number>\d{4})A(?P<renewal>\d{1,2})M(?P<modification>\d{1,2})$"
)


def normalise_siret(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_siret(value: str) -> None:
    """14 digits with a valid Luhn key (La Poste's establishments are handled by stdnum)."""
    if not value:
        return
    compact = normalise_siret(value)
    if not compact.isdigit() or len(compact) != 14:
        raise ValidationError(
            _("Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi %(count)s)."),
            params={"count": sum(c.isdigit() for c in compact)},
            code="siret_length",
        )
    try:
        stdnum_siret.validate(compact)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _(
                "Ce SIRET n'est pas valide : la clé de contrôle ne correspond pas. "
                "Vérifiez les chiffres sur l'avis de situation SIRENE."
            ),
            code="siret_checksum",
        ) from exc


def normalise_naf(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "").upper()


def validate_naf(value: str) -> None:
    if value and not NAF_RE.match(normalise_naf(value)):
        raise ValidationError(
            _("Le code NAF (APE) s'écrit avec 4 chiffres et une lettre, par exemple 8899B."),
            code="naf",
        )


def parse_convention_number(value: str) -> dict | None:
    match = CONVENTION_RE.match((value or "").strip().upper())
    return match.groupdict() if match else None


def validate_convention_number(value: str) -> None:
    if parse_convention_number(value) is None:
        raise ValidationError(
            _(
                "Numéro d'annexe financière invalide : attendu type + département + année sur "
                "2 chiffres + numéro sur 4 chiffres + A<renouvellement>M<modification>, "
                "par exemple ACI973190001A0M0."
            ),
            code="convention_number",
        )


def convention_number_matches(number: str, *, kind: str, year: int) -> list[str]:
    """The inconsistencies between a valid number and the structure's kind and the year."""
    parts = parse_convention_number(number)
    if parts is None:
        return []
    problems = []
    if kind in StructureKind.siae_kinds() and parts["kind"] != kind:
        problems.append(
            _("Le numéro commence par %(got)s alors que la structure est de type %(kind)s.")
            % {"got": parts["kind"], "kind": kind}
        )
    if year and int(parts["year"]) != year % 100:
        problems.append(
            _("Le numéro porte l'année %(got)s et non %(year)s.")
            % {"got": parts["year"], "year": f"{year % 100:02d}"}
        )
    return problems


def search_key(value: str) -> str:
    """Lower-case, accent-free and single-spaced: the same on PostgreSQL and SQLite."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"[’'`\-_/.,]", " ", stripped.casefold())
    return " ".join(stripped.split())
