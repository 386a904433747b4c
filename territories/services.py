"""Writes on territories: every commune of France from the official dataset, and the
INSEE commune file for a newer year."""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import AliasKind
from .models import Arrondissement, Commune, CommuneAlias, Departement, Epci, Postcode, Region
from .normalise import search_key
from .reference import read_rows


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
            ngettext(
                "%(count)s ligne invalide : aucune commune importée.",
                "%(count)s lignes invalides : aucune commune importée.",
                len(report.errors),
            )
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
                    insee_code=row["insee_code"],
                    name=row["name"],
                    departement=row["departement"],
                    search_key=search_key(row["name"]),
                )
            )
        elif commune.name != row["name"] or commune.departement_id != row["departement"].pk:
            commune.name, commune.departement = row["name"], row["departement"]
            commune.search_key = search_key(row["name"])
            to_update.append(commune)
        else:
            report.unchanged += 1
    Commune.objects.bulk_create(to_create, batch_size=1000)
    Commune.objects.bulk_update(to_update, ["name", "departement", "search_key"], batch_size=1000)
    report.created, report.updated = len(to_create), len(to_update)
    return report


# --- Every commune of France (@etalab/decoupage-administratif) ------------------------
#
# Current communes are places; delegated and associated communes, municipal
# arrondissements and former codes (`anciensCodes`) are aliases that resolve to their
# current commune. Régions and départements come from territories/data with their time
# zones; communes of a collectivité d'outre-mer that is not a département are left out.
# Every table is compared with the dataset before anything is written: a second run
# writes nothing and says so.

BATCH = 2000
ALIAS_KINDS = {
    "commune-deleguee": AliasKind.DELEGATED,
    "commune-associee": AliasKind.ASSOCIATED,
    "arrondissement-municipal": AliasKind.MUNICIPAL_ARRONDISSEMENT,
}


class DatasetMissing(TerritoriesError):
    pass


@dataclass
class TableChanges:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def count(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class FranceLoadReport:
    tables: dict[str, TableChanges] = field(default_factory=dict)
    communes: int = 0
    aliases: int = 0
    skipped: int = 0  # communes of a collectivité d'outre-mer that is not a département

    @property
    def changed(self) -> int:
        return sum(table.count for table in self.tables.values())


def dataset_read(name: str) -> list[dict]:
    path = Path(settings.MAILLAGE_DECOUPAGE_DIR) / f"{name}.json"
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as error:
        raise DatasetMissing(
            _("Fichier %(path)s introuvable : installez les paquets npm (npm ci, make assets).")
            % {"path": path}
        ) from error


def _sync(model, wanted: dict, existing: dict, fields: list[str]) -> TableChanges:
    """Create what `existing` lacks and update what differs (both keyed alike)."""
    to_create, to_update = [], []
    for key, values in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append(model(**values))
        elif any(getattr(current, name) != values[name] for name in fields):
            for name in fields:
                setattr(current, name, values[name])
            to_update.append(current)
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    return TableChanges(created=len(to_create), updated=len(to_update))


def _reference_sync(report: FranceLoadReport) -> dict[str, int]:
    """Régions and départements of territories/data, written only where they differ."""
    regions = {row["code"]: row for row in read_rows("regions.csv")}
    report.tables["regions"] = _sync(
        Region,
        {
            code: {"code": code, "name": r["name"], "time_zone": r["time_zone"]}
            for code, r in regions.items()
        },
        {r.code: r for r in Region.objects.all()},
        ["name", "time_zone"],
    )
    region_ids = dict(Region.objects.values_list("code", "pk"))
    report.tables["departements"] = _sync(
        Departement,
        {
            row["code"]: {
                "code": row["code"],
                "name": row["name"],
                "region_id": region_ids[row["region"]],
                "time_zone": row["time_zone"],
            }
            for row in read_rows("departements.csv")
        },
        {d.code: d for d in Departement.objects.all()},
        ["name", "region_id", "time_zone"],
    )
    return dict(Departement.objects.values_list("code", "pk"))


@transaction.atomic
def territories_load() -> FranceLoadReport:
    """Load or bring up to date every commune of France with its arrondissement, EPCI,
    postcodes, legal population and aliases. Idempotent."""
    places = dataset_read("communes")
    arrondissements_data = dataset_read("arrondissements")
    epci_data = dataset_read("epci")
    report = FranceLoadReport()
    departements = _reference_sync(report)

    report.tables["arrondissements"] = _sync(
        Arrondissement,
        {
            row["code"]: {
                "code": row["code"],
                "name": row["nom"],
                "departement_id": departements[row["departement"]],
            }
            for row in arrondissements_data
            if row["departement"] in departements
        },
        {a.code: a for a in Arrondissement.objects.all()},
        ["name", "departement_id"],
    )
    arrondissements = dict(Arrondissement.objects.values_list("code", "pk"))

    report.tables["epci"] = _sync(
        Epci,
        {
            row["code"]: {"siren": row["code"], "name": row["nom"], "kind": row["type"]}
            for row in epci_data
        },
        {e.siren: e for e in Epci.objects.all()},
        ["name", "kind"],
    )
    epci_ids = dict(Epci.objects.values_list("siren", "pk"))
    epci_of = {
        member["code"]: epci_ids[row["code"]] for row in epci_data for member in row["membres"]
    }

    current = {}
    for row in places:
        if row["type"] != "commune-actuelle":
            continue
        if row["departement"] not in departements:
            report.skipped += 1
            continue
        current[row["code"]] = row
    fields = [
        "name",
        "departement_id",
        "arrondissement_id",
        "epci_id",
        "postcode",
        "population",
        "search_key",
    ]
    report.tables["communes"] = _sync(
        Commune,
        {
            code: {
                "insee_code": code,
                "name": row["nom"],
                "departement_id": departements[row["departement"]],
                "arrondissement_id": arrondissements.get(row.get("arrondissement")),
                "epci_id": epci_of.get(code),
                "postcode": (row.get("codesPostaux") or [""])[0],
                "population": row.get("population"),
                "search_key": search_key(row["nom"]),
            }
            for code, row in current.items()
        },
        {c.insee_code: c for c in Commune.objects.only("insee_code", *fields)},
        fields,
    )
    report.communes = len(current)
    commune_ids = dict(Commune.objects.values_list("insee_code", "pk"))

    wanted_postcodes = {
        (postcode, commune_ids[code])
        for code, row in current.items()
        for postcode in row.get("codesPostaux") or []
    }
    managed = {commune_ids[code] for code in current}
    existing_postcodes = {
        (code, commune_id): pk
        for pk, code, commune_id in Postcode.objects.values_list("pk", "code", "commune_id")
        if commune_id in managed
    }
    Postcode.objects.bulk_create(
        [
            Postcode(code=code, commune_id=commune_id)
            for code, commune_id in wanted_postcodes - existing_postcodes.keys()
        ],
        batch_size=BATCH,
    )
    obsolete = [pk for key, pk in existing_postcodes.items() if key not in wanted_postcodes]
    Postcode.objects.filter(pk__in=obsolete).delete()
    report.tables["postcodes"] = TableChanges(
        created=len(wanted_postcodes - existing_postcodes.keys()), deleted=len(obsolete)
    )

    wanted_aliases = {}
    for row in places:
        kind = ALIAS_KINDS.get(row["type"])
        parent = row.get("chefLieu") or row.get("commune")
        if kind and parent in current:
            wanted_aliases[(kind.value, row["code"], commune_ids[parent])] = row["nom"]
        elif row["type"] == "commune-actuelle" and row["code"] in current:
            for former in row.get("anciensCodes") or []:
                wanted_aliases[(AliasKind.FORMER_CODE.value, former, commune_ids[row["code"]])] = ""
    existing_aliases = {(a.kind, a.insee_code, a.commune_id): a for a in CommuneAlias.objects.all()}
    report.tables["aliases"] = _sync(
        CommuneAlias,
        {
            key: {
                "kind": key[0],
                "insee_code": key[1],
                "commune_id": key[2],
                "name": name,
                "search_key": search_key(name),
            }
            for key, name in wanted_aliases.items()
        },
        existing_aliases,
        ["name", "search_key"],
    )
    obsolete = [a.pk for key, a in existing_aliases.items() if key not in wanted_aliases]
    CommuneAlias.objects.filter(pk__in=obsolete).delete()
    report.tables["aliases"].deleted = len(obsolete)
    report.aliases = len(wanted_aliases)
    return report
