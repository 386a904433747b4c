"""CSV and XLSX exports of the directory and of yearly indicators.

Every text cell that a spreadsheet could read as a formula (starting with =, +, -, @, or
a tab/carriage return) is prefixed with a quote, so opening an export never runs
anything a structure typed into its profile (OWASP "CSV injection").
"""

from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _

from network.enums import MembershipStatus

from .enums import ConventionStatus
from .imports import INDICATOR_COLUMNS, STRUCTURE_COLUMNS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _dataset(headers, rows) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=[str(h) for h in headers])
    for row in rows:
        dataset.append([neutralise(value) for value in row])
    return dataset


def directory_dataset(structures, *, year: int) -> tablib.Dataset:
    """The import's columns first (an export re-imports), then what the directory shows."""
    statuses = dict(ConventionStatus.choices)
    membership_statuses = dict(MembershipStatus.choices)
    headers = [
        *STRUCTURE_COLUMNS,
        "commune",
        "departement",
        "territoire",
        f"convention_{year}",
        "statut_convention",
        f"indicateurs_{year}",
        "adhesion",
    ]
    rows = (
        [
            s.name,
            s.kind,
            s.siret,
            s.commune.insee_code,
            s.legal_form,
            s.naf_code,
            s.address,
            "|".join(s.sectors or []),
            s.description,
            s.website,
            s.public_email,
            s.public_phone,
            s.founded_on.isoformat() if s.founded_on else "",
            s.commune.name,
            s.departement.code,
            s.departement.region.name,
            s.convention_number or "",
            str(statuses.get(s.convention_status, "")),
            _("oui") if s.has_indicators else _("non"),
            str(membership_statuses.get(s.membership_status, "")),
        ]
        for s in structures
    )
    return _dataset(headers, rows)


def indicators_dataset(indicators) -> tablib.Dataset:
    """Same columns as the indicators import (plus name and rates): an export re-imports."""
    figures = [name for name in INDICATOR_COLUMNS.values() if name != "year"]
    headers = [
        "siret",
        "type",
        *INDICATOR_COLUMNS,
        "nom",
        "taux_sortie_durable",
        "taux_sortie_dynamique",
    ]
    rows = []
    for item in indicators:
        rates = item.rates
        rows.append(
            [
                item.structure.siret,
                item.structure.kind,
                item.year,
                *(getattr(item, name) for name in figures),
                item.structure.name,
                None if rates.durable is None else round(rates.durable, 4),
                None if rates.dynamic is None else round(rates.dynamic, 4),
            ]
        )
    return _dataset(headers, rows)


def export_response(dataset: tablib.Dataset, *, fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        content = dataset.export("xlsx")
    else:
        fmt = "csv"
        # A BOM so that spreadsheets open the UTF-8 file with its accents.
        content = "\ufeff" + dataset.export("csv", delimiter=";")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
