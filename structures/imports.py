"""Import of structures and yearly indicators from CSV or XLSX files, and of structures
from saved pages of the Plateforme de l'inclusion's SIAE API (JSON, or the same as CSV).

Two steps: the uploaded file is kept in private storage under a random token (never in
the session) and every row is validated to show a preview (create / update / unchanged /
reject with its reasons); on confirmation the file is validated again and, only if every
row is valid, written in one transaction. Structures are matched on SIRET and kind,
indicators on SIRET (and kind) and year, so importing the same file twice changes nothing.

Rows are read and checked one at a time (a national file has thousands): the preview keeps
the counts, the first rows and the first rejected rows, and the confirmation goes through
the file twice, checking every row, then writing them; memory does not grow with the file.
"""

import csv
import datetime
import io
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

import openpyxl
from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.forms import ModelForm
from territories.models import Commune
from territories.search import commune_for_address, communes_by_code
from territories.search import label as commune_label

from .coherence import indicator_problems
from .enums import ActivitySector, LegalForm, StructureKind
from .models import Structure, YearlyIndicators
from .validators import normalise_naf, normalise_siret, search_key, validate_siret

STRUCTURES = "structures"
INDICATORS = "indicators"
KINDS = (STRUCTURES, INDICATORS)
EXTENSIONS = (".csv", ".xlsx", ".json")

STRUCTURE_COLUMNS = {
    # column: model field
    "nom": "name",
    "type": "kind",
    "siret": "siret",
    "commune_insee": "commune",
    "forme_juridique": "legal_form",
    "code_naf": "naf_code",
    "adresse": "address",
    "secteurs": "sectors",
    "presentation": "description",
    "site_internet": "website",
    "email_public": "public_email",
    "telephone_public": "public_phone",
    "date_creation": "founded_on",
}
STRUCTURE_REQUIRED = ("nom", "type", "siret")
# The commune: its INSEE code (current or former), or a postcode and a city name.
COMMUNE_COLUMNS = ("commune_insee", "code_postal", "ville")

# The Plateforme de l'inclusion's SIAE API (/api/v1/siaes/): saved JSON pages, or the
# same fields as CSV columns. The creation and update dates are the platform's records,
# not the structure's founding date, and the open posts are not kept.
SIAE_COLUMNS = [
    "siret",
    "type",
    "raison_sociale",
    "enseigne",
    "telephone",
    "courriel",
    "site_web",
    "description",
    "addresse_ligne_1",
    "addresse_ligne_2",
    "code_postal",
    "ville",
]


def _siae_row(result: dict) -> dict:
    def text(name):
        value = result.get(name)
        return "" if value is None else str(value).strip()

    return {
        "nom": text("enseigne") or text("raison_sociale"),
        "type": text("type"),
        "siret": text("siret"),
        "adresse": ", ".join(
            part for part in (text("addresse_ligne_1"), text("addresse_ligne_2")) if part
        ),
        "presentation": text("description"),
        "site_internet": text("site_web"),
        "email_public": text("courriel"),
        "telephone_public": text("telephone"),
        "code_postal": text("code_postal"),
        "ville": text("ville"),
    }


def _is_siae(headers) -> bool:
    return "raison_sociale" in headers and "code_postal" in headers


INDICATOR_COLUMNS = {
    "annee": "year",
    "salaries_insertion": "employees",
    "heures_travaillees": "hours_worked",
    "etp_realises": "etp_realises",
    "embauches_rsa": "hired_rsa",
    "embauches_moins_26_ans": "hired_under_26",
    "embauches_plus_50_ans": "hired_over_50",
    "embauches_handicap": "hired_disabled",
    "embauches_qpv": "hired_qpv",
    "heures_formation": "training_hours",
    "etp_encadrement": "support_staff_etp",
    "sorties_durables": "exits_durable",
    "sorties_transition": "exits_transition",
    "sorties_positives": "exits_positive",
    "sorties_autres": "exits_other",
    "sorties_neutralisees": "exits_neutralised",
}
INDICATOR_REQUIRED = ("siret", "annee")

ACTION_LABELS = {
    "create": gettext_lazy("Création"),
    "update": gettext_lazy("Mise à jour"),
    "unchanged": gettext_lazy("Inchangée"),
    "reject": gettext_lazy("Rejetée"),
}


class ImportError_(Exception):
    """The file cannot be read at all (not a row problem)."""


# --- Files kept between preview and confirmation -----------------------------------------


def _folder(user, token: str) -> str:
    return f"private/imports/{user.pk}/{token}"


def stash(*, user, kind: str, content: bytes, extension: str) -> str:
    """Keep the upload privately under a random token bound to its user; return the token."""
    token = secrets.token_urlsafe(24)
    default_storage.save(f"{_folder(user, token)}/{kind}{extension}", ContentFile(content))
    return token


def unstash(*, user, token: str) -> tuple[str, str, bytes]:
    """(kind, extension, content) of a stashed upload; LookupError when there is none."""
    for kind in KINDS:
        for extension in EXTENSIONS:
            name = f"{_folder(user, token)}/{kind}{extension}"
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    return kind, extension, handle.read()
    raise LookupError(token)


def discard(*, user, token: str) -> None:
    for kind in KINDS:
        for extension in EXTENSIONS:
            default_storage.delete(f"{_folder(user, token)}/{kind}{extension}")


# --- Reading ------------------------------------------------------------------------------


def _header(value) -> str:
    return search_key(str(value or "")).replace(" ", "_")


def _cell(value) -> str:
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        # Our exports neutralise formulas with a leading quote: read the value back.
        return value[1:].strip()
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_siae_pages(content: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """One saved page of the SIAE API, or a list of pages: the structures of every page,
    numbered in order from 1."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportError_(_("Ce fichier JSON ne peut pas être lu.")) from exc
    pages = data if isinstance(data, list) else [data]
    results = []
    for page in pages:
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise ImportError_(
                _(
                    "Ce fichier JSON n'est pas une page de l'API des SIAE de la Plateforme de "
                    "l'inclusion (attendu : un objet avec « results »)."
                )
            )
        results.extend(page["results"])
    if not results:
        raise ImportError_(_("Le fichier est vide."))
    if not all(isinstance(result, dict) for result in results):
        raise ImportError_(_("Chaque élément de « results » doit être un objet."))
    rows = [(number, _siae_row(result)) for number, result in enumerate(results, start=1)]
    return ["nom", "type", "siret", "code_postal", "ville"], rows


CSV_FIELD_LIMIT = csv.field_size_limit()
SEPARATORS = ";,\t"


def _is_formula(value: str) -> bool:
    """A CSV cell a spreadsheet would run: =…, @…, or +/- before something not a number.
    (Our exports write such text behind a quote, which `_cell` reads back as text.)"""
    start, following = value[:1], value[1:2]
    if start in ("=", "@"):
        return True
    return (
        start in ("+", "-") and bool(following) and not (following.isdigit() or following in " .,")
    )


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    """The cells of each line of a CSV file, or ImportError_ naming what is wrong and where."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportError_(
            _(
                "Ce fichier CSV n'est pas en UTF-8 (caractère illisible ligne %(line)s). "
                "Enregistrez-le à nouveau au format « CSV UTF-8 » (Excel) ou avec le jeu "
                "de caractères « Unicode (UTF-8) » (LibreOffice)."
            )
            % {"line": line}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(SEPARATORS, key=first_line.count)
    if first_line.strip() and not first_line.count(delimiter):
        raise ImportError_(
            _(
                "Les colonnes de la première ligne ne sont pas séparées par un point-virgule, "
                "une virgule ou une tabulation : vérifiez le séparateur choisi à l'export."
            )
        )
    # newline="": a bare carriage return ends a line instead of crashing the reader.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            for column, cell in enumerate(cells, start=1):
                if _is_formula(cell):
                    raise ImportError_(
                        _(
                            "Ligne %(line)s, colonne %(column)s : « %(cell)s » est une "
                            "formule. Un import ne contient que des valeurs : collez-les en "
                            "valeurs (« Collage spécial ») et exportez à nouveau."
                        )
                        % {"line": reader.line_num, "column": column, "cell": cell[:40]}
                    )
            yield [_cell(cell) for cell in cells]
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _(
                "Ligne %(line)s : une cellule dépasse %(limit)s caractères. Vérifiez qu'aucun "
                "guillemet n'est resté ouvert et que la cellule ne contient pas un texte collé "
                "par erreur."
            ) % {"line": reader.line_num, "limit": f"{CSV_FIELD_LIMIT:,}".replace(",", "\u202f")}
        else:
            message = _(
                "Ligne %(line)s : le fichier CSV est mal formé (un guillemet ouvert sans être "
                "fermé, par exemple). Corrigez cette ligne et recommencez."
            ) % {"line": reader.line_num}
        raise ImportError_(message) from None


def _raw_rows(content: bytes, extension: str) -> Iterator[list[str]]:
    """The cells of each line as text, read as they are asked for."""
    if extension != ".xlsx":
        yield from _csv_rows(content)
        return
    unreadable = _(
        "Ce classeur XLSX ne peut pas être lu (fichier abîmé, protégé par un mot de passe ou "
        "sans feuille). Ouvrez-le et enregistrez-le à nouveau en XLSX."
    )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one message
        raise ImportError_(unreadable) from exc
    try:
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in row]
    except Exception as exc:  # noqa: BLE001 - a workbook broken further down, the same
        raise ImportError_(unreadable) from exc
    finally:
        workbook.close()


def read_rows(content: bytes, extension: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The headers, and (line number as the spreadsheet shows it, {column: text}) per row,
    read as they are asked for (ImportError_ when the file cannot be read, then or later);
    rows in the SIAE API's fields (JSON pages or CSV) are read into our columns."""
    if extension == ".json":
        headers, pages = _read_siae_pages(content)
        return headers, iter(pages)
    raw = _raw_rows(content, extension)
    first = next(raw, None)
    if first is None:
        raise ImportError_(_("Le fichier est vide."))
    headers = [_header(value) for value in first]

    def rows():
        for index, values in enumerate(raw, start=2):
            if not any(values):
                continue
            yield (
                index,
                {h: (values[i] if i < len(values) else "") for i, h in enumerate(headers) if h},
            )

    if _is_siae(headers):
        siae_rows = ((line, _siae_row(data)) for line, data in rows())
        return ["nom", "type", "siret", "code_postal", "ville"], siae_rows
    return headers, rows()


# --- Row validation -----------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    label: str
    action: str
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    instance: object = None
    found: str = ""  # the commune found from the postcode and the city, shown to be checked

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


# What a preview lists: the first rows of the file and the first rejected rows (a national
# file has thousands: the counts say the rest).
SHOWN_ROWS = 200


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult] = field(default_factory=list)  # the first SHOWN_ROWS rows
    rejected: list[RowResult] = field(default_factory=list)  # the first SHOWN_ROWS rejected
    errors: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(ACTION_LABELS, 0))

    def add(self, row: RowResult) -> None:
        self.counts[row.action] += 1
        if len(self.rows) < SHOWN_ROWS:
            self.rows.append(row)
        if row.action == "reject" and len(self.rejected) < SHOWN_ROWS:
            self.rejected.append(row)
        row.instance = None  # not kept: the confirmation reads the file again

    def count(self, action: str) -> int:
        return self.counts[action]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_not_shown(self) -> int:
        return self.total - len(self.rows)

    @property
    def rejected_not_shown(self) -> int:
        return self.counts["reject"] - len(self.rejected)

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.counts["reject"] and bool(self.total)


def _form_errors(form) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.append(f"{label} : {error}" if label else str(error))
    return messages


def _parse_date(value: str):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise forms.ValidationError(
        _("Date illisible « %(value)s » : attendu AAAA-MM-JJ ou JJ/MM/AAAA.") % {"value": value}
    )


_CHOICE_KEYS: dict = {}


def _choice(value: str, enum) -> str:
    """A code or a label of the `enum` TextChoices, whatever the case and accents."""
    cache_key = (enum, translation.get_language())
    choices = enum.choices
    if cache_key not in _CHOICE_KEYS:
        keys = {}
        for code, label in choices:
            keys[search_key(code)] = keys[search_key(str(label))] = code
        _CHOICE_KEYS[cache_key] = keys
    code = _CHOICE_KEYS[cache_key].get(search_key(value))
    if code is not None:
        return code
    raise forms.ValidationError(
        _("Valeur inconnue « %(value)s » (valeurs possibles : %(codes)s).")
        % {"value": value, "codes": ", ".join(code for code, _label in choices)}
    )


class _StructureRowForm(ModelForm):
    class Meta:
        model = Structure
        fields = [
            "name",
            "kind",
            "siret",
            "legal_form",
            "naf_code",
            "address",
            "description",
            "website",
            "public_email",
            "public_phone",
        ]

    def _get_validation_exclusions(self):
        # Matching on (SIRET, kind) is done once for the whole file, not one query per row;
        # the SIRET itself is checked before.
        return {*super()._get_validation_exclusions(), "siret", "kind"}

    def validate_unique(self):
        pass


def _structure_values(data: dict) -> tuple[dict, list[str]]:
    errors, values = [], {}
    for column in STRUCTURE_REQUIRED:
        if not data.get(column):
            errors.append(_("La colonne « %(column)s » est obligatoire.") % {"column": column})
    try:
        values["kind"] = _choice(data.get("type", ""), StructureKind) if data.get("type") else ""
    except forms.ValidationError as error:
        errors.extend(error.messages)
    try:
        values["legal_form"] = (
            _choice(data["forme_juridique"], LegalForm) if data.get("forme_juridique") else ""
        )
    except forms.ValidationError as error:
        errors.extend(error.messages)
    sectors = []
    for part in (data.get("secteurs") or "").replace(",", "|").split("|"):
        if part.strip():
            try:
                sectors.append(_choice(part.strip(), ActivitySector))
            except forms.ValidationError as error:
                errors.extend(error.messages)
    values["sectors"] = sectors
    values["founded_on"] = None
    if data.get("date_creation"):
        try:
            values["founded_on"] = _parse_date(data["date_creation"])
        except forms.ValidationError as error:
            errors.extend(error.messages)
    return values, errors


def _row_commune(data: dict, communes: dict, addresses: dict) -> tuple[Commune | None, str]:
    """The row's commune from its INSEE code, or from its postcode and city through the
    commune search; else an error naming the candidates."""
    code = (data.get("commune_insee") or "").strip().upper()
    if code:
        commune = communes.get(code)
        if commune is None:
            return None, _("Aucune commune n'a le code INSEE « %(code)s ».") % {"code": code}
        return commune, ""
    postcode, city = (data.get("code_postal") or "").strip(), (data.get("ville") or "").strip()
    cache_key = (postcode, city.upper())
    if not postcode and not city:
        return None, _(
            "La commune manque : colonne « commune_insee », ou « code_postal » et « ville »."
        )
    if cache_key not in addresses:
        addresses[cache_key] = commune_for_address(postcode, city)
    commune, candidates = addresses[cache_key]
    if commune is not None:
        return commune, ""
    values = {
        "postcode": postcode or "—",
        "city": city or "—",
        "candidates": ", ".join(commune_label(c) for c in candidates[:10]),
    }
    if not candidates:
        return None, _(
            "Aucune commune ne correspond au code postal %(postcode)s et à la ville « %(city)s »."
        ) % values
    return None, _(
        "La ville « %(city)s » ne désigne pas une seule commune du code postal %(postcode)s "
        "(communes possibles : %(candidates)s)."
    ) % values


def structure_results(rows, *, user) -> Iterator[RowResult]:
    """What each row of a structures file would do, row after row. (The rows' text is read
    once ahead, to look their communes up in one query: a few megabytes at most.)"""
    rows = list(rows)
    communes = communes_by_code(data.get("commune_insee", "") for _line, data in rows)
    addresses = {}  # (postcode, city): what the commune search found, asked once
    existing = {
        (s.siret, s.kind): s
        for s in Structure.objects.exclude(siret="").select_related("departement")
    }
    visible = set(Structure.objects.visible_to(user).values_list("pk", flat=True))
    allowed_regions = (
        None if user.is_national_staff else set(user.regions.values_list("pk", flat=True))
    )
    seen = {}
    for line, data in rows:
        label = data.get("nom") or data.get("siret") or ""
        values, errors = _structure_values(data)
        siret = normalise_siret(data.get("siret", ""))
        try:
            validate_siret(siret)
        except forms.ValidationError as error:
            errors.extend(error.messages)
        commune, commune_error = _row_commune(data, communes, addresses)
        if commune_error:
            errors.append(commune_error)
        if (
            commune
            and allowed_regions is not None
            and commune.departement.region_id not in allowed_regions
        ):
            errors.append(_("Cette commune est hors de votre territoire."))
        key = (siret, values.get("kind"))
        if siret and key in seen:
            errors.append(
                _("Même SIRET et même type qu'à la ligne %(line)s.") % {"line": seen[key]}
            )
        seen.setdefault(key, line)
        instance = existing.get(key)
        if instance is not None and instance.pk not in visible:
            errors.append(_("Cette structure existe mais est hors de votre territoire."))
        if errors:
            yield RowResult(line, label, "reject", errors=errors)
            continue
        before = (
            {
                name: getattr(instance, name)
                for name in (*_StructureRowForm.Meta.fields, "sectors", "founded_on", "commune_id")
            }
            if instance
            else None
        )
        form_data = {
            "name": data.get("nom", ""),
            "kind": values["kind"],
            "siret": siret,
            "legal_form": values["legal_form"],
            "naf_code": normalise_naf(data.get("code_naf", "")),
            "address": data.get("adresse", ""),
            "description": data.get("presentation", ""),
            "website": data.get("site_internet", ""),
            "public_email": data.get("email_public", ""),
            "public_phone": data.get("telephone_public", ""),
        }
        form = _StructureRowForm(form_data, instance=instance or Structure())
        if not form.is_valid():
            yield RowResult(line, label, "reject", errors=_form_errors(form))
            continue
        structure = form.instance
        structure.sectors = values["sectors"]
        structure.founded_on = values["founded_on"]
        structure.commune = commune
        structure.departement = commune.departement
        found = "" if data.get("commune_insee") else _("Commune : %s") % commune_label(commune)
        if before is None:
            yield RowResult(line, label, "create", instance=structure, found=found)
            continue
        changes = [
            str(Structure._meta.get_field(name.removesuffix("_id")).verbose_name)
            for name, old in before.items()
            if getattr(structure, name) != old
        ]
        yield RowResult(
            line,
            label,
            "update" if changes else "unchanged",
            changes=changes,
            instance=structure,
            found=found,
        )


def _number(value: str) -> str:
    return (value or "0").replace("\u202f", "").replace(" ", "").replace(",", ".") or "0"


class _IndicatorsRowForm(ModelForm):
    class Meta:
        model = YearlyIndicators
        fields = ["year", *YearlyIndicators.FIGURE_FIELDS]

    def validate_unique(self):
        pass


def indicator_results(rows, *, user) -> Iterator[RowResult]:
    """What each row of an indicators file would do, row after row."""
    structures = {}
    for structure in Structure.objects.visible_to(user).exclude(siret=""):
        structures.setdefault(structure.siret, []).append(structure)
    existing = {
        (i.structure_id, i.year): i
        for i in YearlyIndicators.objects.filter(structure__in=Structure.objects.visible_to(user))
    }
    seen = {}
    for line, data in rows:
        siret = normalise_siret(data.get("siret", ""))
        errors = [
            _("La colonne « %(column)s » est obligatoire.") % {"column": column}
            for column in INDICATOR_REQUIRED
            if not data.get(column)
        ]
        candidates = structures.get(siret, [])
        if data.get("type"):
            candidates = [s for s in candidates if search_key(s.kind) == search_key(data["type"])]
        structure = None
        if siret and not candidates:
            errors.append(
                _("Aucune structure de votre territoire n'a le SIRET %(siret)s.") % {"siret": siret}
            )
        elif len(candidates) > 1:
            errors.append(_("Plusieurs structures ont ce SIRET : précisez la colonne « type »."))
        elif candidates:
            structure = candidates[0]
        label = f"{structure.name if structure else siret} — {data.get('annee', '')}"
        form_data = {"year": data.get("annee", "")}
        for column, name in INDICATOR_COLUMNS.items():
            if name != "year":
                form_data[name] = _number(data.get(column, ""))
        year = form_data["year"]
        key = (structure.pk if structure else None, year)
        if structure and key in seen:
            errors.append(
                _("Même structure et même année qu'à la ligne %(line)s.") % {"line": seen[key]}
            )
        seen.setdefault(key, line)
        instance = (
            existing.get((structure.pk, int(year))) if structure and str(year).isdigit() else None
        )
        before = (
            {name: getattr(instance, name) for name in YearlyIndicators.FIGURE_FIELDS}
            if instance
            else None
        )
        form = _IndicatorsRowForm(form_data, instance=instance or YearlyIndicators())
        valid = form.is_valid()
        warnings = []
        if valid and structure is not None:
            # The rules of the yearly form (structures/coherence.py): impossible figures
            # reject the row; hours far from the ETP are shown for the user to confirm.
            problems = indicator_problems(form.cleaned_data, structure=structure)
            named: dict[str, list[str]] = {}
            for name, messages in problems.errors.items():
                for message in messages:
                    named.setdefault(message, []).append(str(form.fields[name].label))
            errors.extend(f"{', '.join(labels)} : {message}" for message, labels in named.items())
            for messages in problems.warnings.values():
                warnings.extend(_("À vérifier : %(message)s") % {"message": m} for m in messages)
        if errors or not valid:
            yield RowResult(
                line, label, "reject", errors=errors + (_form_errors(form) if not valid else [])
            )
            continue
        indicators = form.instance
        indicators.structure = structure
        if before is None:
            yield RowResult(line, label, "create", errors=warnings, instance=indicators)
            continue
        changes = [
            str(YearlyIndicators._meta.get_field(name).verbose_name)
            for name, old in before.items()
            if Decimal(getattr(indicators, name)) != Decimal(old)
        ]
        yield RowResult(
            line,
            label,
            "update" if changes else "unchanged",
            errors=warnings,
            changes=changes,
            instance=indicators,
        )


def _results(*, kind: str, content: bytes, extension: str, user) -> Iterator[RowResult]:
    """Each row's result, read and checked as it is asked for (ImportError_ when the file
    cannot be read or lacks a required column)."""
    headers, rows = read_rows(content, extension)
    required = STRUCTURE_REQUIRED if kind == STRUCTURES else INDICATOR_REQUIRED
    missing = [column for column in required if column not in headers]
    if (
        kind == STRUCTURES
        and "commune_insee" not in headers
        and not ("code_postal" in headers and "ville" in headers)
    ):
        missing.append(_("commune_insee (ou code_postal et ville)"))
    if missing:
        raise ImportError_(
            _("Colonnes manquantes : %(columns)s.") % {"columns": ", ".join(missing)}
        )
    results = structure_results if kind == STRUCTURES else indicator_results
    return results(rows, user=user)


def preview(*, kind: str, content: bytes, extension: str, user) -> ImportReport:
    report = ImportReport(kind=kind)
    try:
        for row in _results(kind=kind, content=content, extension=extension, user=user):
            report.add(row)
    except ImportError_ as error:
        report.errors.append(str(error))
    return report


# Rows written per statement: a national file in a few dozen statements instead of two
# (the row and its history) per row.
WRITE_BATCH = 500


def _write(model, rows: list[RowResult], *, user) -> None:
    """Create or update the rows' instances with their history records, in bulk: what
    `save()` would store (normalised values, `auto_now` dates), and who did it."""
    now = timezone.now()
    creates, updates = [], []
    for row in rows:
        instance = row.instance
        if hasattr(instance, "normalise"):
            instance.normalise()
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False):
                setattr(instance, model_field.attname, now)
        (creates if row.action == "create" else updates).append(instance)
    if creates:
        bulk_create_with_history(creates, model, batch_size=WRITE_BATCH, default_user=user)
    if updates:
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key and not getattr(f, "auto_now_add", False)
        ]
        bulk_update_with_history(updates, model, fields, batch_size=WRITE_BATCH, default_user=user)


@transaction.atomic
def run(*, kind: str, content: bytes, extension: str, user) -> ImportReport:
    """Check every row of the file again, and only if every one is valid go through it once
    more to write it, a batch at a time."""
    report = preview(kind=kind, content=content, extension=extension, user=user)
    if not report.is_valid:
        return report
    model = Structure if kind == STRUCTURES else YearlyIndicators
    batch = []
    for row in _results(kind=kind, content=content, extension=extension, user=user):
        if row.action in ("create", "update"):
            batch.append(row)
        if len(batch) >= WRITE_BATCH:
            _write(model, batch, user=user)
            batch = []
    _write(model, batch, user=user)
    return report


def extension_of(name: str) -> str:
    return PurePosixPath(name or "").suffix.lower()


def purge_stale(*, max_age: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete uploads left in preview (never confirmed) for longer than `max_age`."""
    from django.utils import timezone

    limit = timezone.now() - max_age
    removed = 0
    try:
        users, _files = default_storage.listdir("private/imports")
    except FileNotFoundError:
        return 0
    for user_folder in users:
        tokens, _files = default_storage.listdir(f"private/imports/{user_folder}")
        for token in tokens:
            folder = f"private/imports/{user_folder}/{token}"
            for name in default_storage.listdir(folder)[1]:
                path = f"{folder}/{name}"
                if default_storage.get_modified_time(path) < limit:
                    default_storage.delete(path)
                    removed += 1
    return removed
