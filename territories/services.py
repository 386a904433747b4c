"""Writes on territories: the official INSEE commune file."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Commune, Departement


class TerritoriesError(Exception):
    """A domain error whose message is shown to the user as is."""


# --- Communes (INSEE "v_commune_<year>.csv") -------------------------------------------

COMMUNE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
REQUIRED_COLUMNS = ("TYPECOM", "COM", "DEP", "LIBELLE")


@dataclass
class RowError:
    line: int
    code: str
    reason: str

    def __str__(self):
        return _("ligne %(line)s (%(code)s) : %(reason)s") % {
            "line": self.line,
            "code": self.code or "—",
            "reason": self.reason,
        }


@dataclass
class CommuneImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


class CommuneImportError(TerritoriesError):
    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.errors = errors or []


def _read_commune_rows(text: str) -> list[tuple[int, dict]]:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # newline="": a bare carriage return ends a line instead of crashing the reader.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().upper() for name in next(reader)]
    except StopIteration as exc:
        raise CommuneImportError(_("Le fichier est vide.")) from exc
    except csv.Error as exc:
        raise CommuneImportError(_("L'en-tête du fichier ne peut pas être lu.")) from exc
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise CommuneImportError(
            _("Colonnes manquantes : %(columns)s (en-tête attendu : celui de v_commune_20xx.csv).")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            rows.append((reader.line_num, {"__error__": "?"}))
            break
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            rows.append((line, {"__error__": len(values)}))
            continue
        rows.append(
            (line, {name: value.strip() for name, value in zip(header, values, strict=True)})
        )
    return rows


def communes_validate(text: str) -> tuple[list[dict], CommuneImportReport]:
    """Check every row before anything is written: the import is all or nothing."""
    departements = {d.code: d for d in Departement.objects.select_related("region")}
    report = CommuneImportReport()
    valid, seen = [], {}
    for line, row in _read_commune_rows(text):
        if "__error__" in row:
            report.errors.append(
                RowError(line, "", _("nombre de colonnes incorrect (%s)") % row["__error__"])
            )
            continue
        code = row["COM"].upper()
        if row["TYPECOM"].upper() != "COM":
            # Associated and delegated communes and municipal arrondissements (COMA, COMD,
            # ARM) share a parent's territory: only full communes are imported.
            report.skipped += 1
            continue
        departement = departements.get(row["DEP"].upper())
        reason = None
        if not COMMUNE_CODE.match(code):
            reason = _("code commune invalide (5 caractères : chiffres, ou 2A/2B en Corse)")
        elif departement is None:
            reason = _("département inconnu : %s") % (row["DEP"] or "—")
        elif not code.startswith(departement.code):
            reason = _("le code commune ne commence pas par le code du département %s") % (
                departement.code
            )
        elif row.get("REG") and row["REG"] != departement.region.code:
            reason = _("la région %(reg)s ne correspond pas au département %(dep)s") % {
                "reg": row["REG"],
                "dep": departement.code,
            }
        elif not row["LIBELLE"]:
            reason = _("libellé vide")
        elif any("\x00" in value for value in row.values()):
            reason = _("caractère nul (0x00) dans la ligne")
        elif len(row["LIBELLE"]) > 100:
            reason = _("libellé trop long")
        elif code in seen:
            reason = _("code en double (déjà ligne %s)") % seen[code]
        if reason:
            report.errors.append(RowError(line, code, reason))
            continue
        seen[code] = line
        valid.append({"insee_code": code, "name": row["LIBELLE"], "departement": departement})
    return valid, report


@transaction.atomic
def communes_import(*, text: str) -> CommuneImportReport:
    """Import the official INSEE commune file: nothing is written if any row is bad;
    re-importing the same file changes nothing (postcodes, absent from it, are kept)."""
    valid, report = communes_validate(text)
    if report.errors:
        raise CommuneImportError(
            _("%(count)s ligne(s) invalide(s) : aucune commune importée.")
            % {"count": len(report.errors)},
            report.errors,
        )
    existing = {c.insee_code: c for c in Commune.objects.all()}
    to_create, to_update = [], []
    for row in valid:
        commune = existing.get(row["insee_code"])
        if commune is None:
            to_create.append(
                Commune(
                    insee_code=row["insee_code"], name=row["name"], departement=row["departement"]
                )
            )
        elif commune.name != row["name"] or commune.departement_id != row["departement"].pk:
            commune.name, commune.departement = row["name"], row["departement"]
            to_update.append(commune)
        else:
            report.unchanged += 1
    Commune.objects.bulk_create(to_create, batch_size=1000)
    Commune.objects.bulk_update(to_update, ["name", "departement"], batch_size=1000)
    report.created, report.updated = len(to_create), len(to_update)
    return report
