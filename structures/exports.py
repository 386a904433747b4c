"""CSV and XLSX exports of the directory and of yearly indicators.

An export has one row per structure (or per structure and year), so its cost grows with the
rows by nature; each row is kept as cheap as can be: read as a plain tuple in chunks
(`values_list(...).iterator()`, no model instance, no query per row), then written as it
comes. A CSV is streamed to the client while it is read; an XLSX is written by openpyxl's
write-only mode (it has to be whole before it is sent).

Formulas a structure could have typed into its profile never run (OWASP "CSV injection"),
and nothing else is changed:
- CSV (for a French spreadsheet: `;` between cells, decimal commas): a text cell starting
  with =, +, -, @, a tab or a carriage return is prefixed with a quote, the only way a CSV
  can say "text";
- XLSX: numbers are numbers, and every text cell is written as a string cell, which a
  spreadsheet never evaluates, so no quote shows.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import models
from django.db.models.functions import Cast
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .enums import AdhesionStatus, ConventionStatus
from .figures import rate
from .imports import INDICATOR_COLUMNS, STRUCTURE_COLUMNS
from .models import YearlyIndicators

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_SIZE = 2000  # rows read from the database at a time


class Export:
    """Headers and an iterator of rows (lists of cells, formulas neutralised)."""

    def __init__(self, headers, rows: Iterable[list]):
        self.headers = [str(header) for header in headers]
        self.rows = rows


def csv_row(row: list) -> list:
    """One CSV row: formulas quoted, decimals with a French comma, in one pass (a
    comprehension per row, no call per cell)."""
    return [
        ("'" + v if v.startswith(FORMULA_PREFIXES) else v)
        if v.__class__ is str
        else str(v).replace(".", ",")
        if v.__class__ in (float, Decimal)
        else v
        for v in row
    ]


def xlsx_row(sheet, row: list) -> list:
    """Numbers as numbers; text as string cells (never formulas, no visible quote)."""
    cells = []
    for value in row:
        if isinstance(value, Decimal):
            value = float(value)
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        cells.append(value)
    return cells


STRUCTURE_VALUES = (
    "name",
    "kind",
    "siret",
    "commune__insee_code",
    "legal_form",
    "naf_code",
    "address",
    "sectors",
    "description",
    "website",
    "public_email",
    # The column as stored, not parsed into a PhoneNumber (a parse per row was a third of
    # the export's time): it holds what `str()` of the parsed number gives back, the E.164
    # form of a valid number and the text as typed otherwise (PhoneNumberField.get_prep_value).
    Cast("public_phone", models.CharField()),
    "founded_on",
    "commune__name",
    "departement__code",
    "departement__region__name",
    "convention_number",
    "convention_status",
    "has_indicators",
    "adhesion_status",
)


def directory_export(structures, *, year: int) -> Export:
    """The import's columns first (an export re-imports), then what the directory shows.

    `structures` is annotated as the directory's (`filters.annotate_directory`)."""
    statuses = {key: str(label) for key, label in ConventionStatus.choices}
    adhesion_statuses = {key: str(label) for key, label in AdhesionStatus.choices}
    yes, no = _("oui"), _("non")
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

    def rows():
        for (
            *identity,
            sectors,
            description,
            website,
            email,
            phone,
            founded_on,
            commune,
            departement,
            region,
            convention_number,
            convention_status,
            has_indicators,
            adhesion_status,
        ) in structures.values_list(*STRUCTURE_VALUES).iterator(chunk_size=CHUNK_SIZE):
            row = [
                *identity,
                "|".join(sectors or []),
                description,
                website,
                email,
                phone or "",
                founded_on.isoformat() if founded_on else "",
                commune,
                departement,
                region,
                convention_number or "",
                statuses.get(convention_status, ""),
                yes if has_indicators else no,
                adhesion_statuses.get(adhesion_status, ""),
            ]
            yield row

    return Export(headers, rows())


def indicators_export(indicators) -> Export:
    """Same columns as the indicators import (plus name and rates): an export re-imports.
    Rates are percentages rounded once, as on every page and report (structures.figures)."""
    figures = [name for name in INDICATOR_COLUMNS.values() if name != "year"]
    durable, transition, positive, other = (
        figures.index(f"exits_{kind}") for kind in ("durable", "transition", "positive", "other")
    )
    headers = [
        "siret",
        "type",
        *INDICATOR_COLUMNS,
        "nom",
        "taux_sortie_durable_pct",
        "taux_sortie_dynamique_pct",
    ]
    # Only the structure's siret, kind and name are text; decimals go out as numbers.
    decimals = [
        index
        for index, name in enumerate(figures)
        if isinstance(YearlyIndicators._meta.get_field(name), models.DecimalField)
    ]
    values = indicators.values_list(
        "structure__siret", "structure__kind", "year", *figures, "structure__name"
    )

    def rows():
        for siret, kind, year, *numbers, name in values.iterator(chunk_size=CHUNK_SIZE):
            counted = numbers[durable] + numbers[transition] + numbers[positive] + numbers[other]
            dynamic = numbers[durable] + numbers[transition] + numbers[positive]
            durable_rate, dynamic_rate = rate(numbers[durable], counted), rate(dynamic, counted)
            for index in decimals:
                numbers[index] = float(numbers[index])
            yield [
                siret,
                kind,
                year,
                *numbers,
                name,
                None if durable_rate is None else float(durable_rate),
                None if dynamic_rate is None else float(dynamic_rate),
            ]

    return Export(headers, rows())


def _csv_chunks(export: Export, *, rows_per_chunk: int = 500) -> Iterator[str]:
    """The CSV in pieces of a few hundred rows: few writes to the socket, little memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")  # a BOM, so that spreadsheets open the UTF-8 file with its accents
    writer.writerow(export.headers)
    for count, row in enumerate(export.rows, start=1):
        writer.writerow(csv_row(row))
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_bytes(export: Export, *, title: str) -> bytes:
    """Headers in bold and frozen, columns as wide as their longest value."""
    rows = [
        [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        for row in export.rows
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    widths = [len(header) for header in export.headers]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in export.headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(export: Export, *, fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(_xlsx_bytes(export, title=filename), content_type=FORMATS[fmt])
    else:
        fmt = "csv"
        response = StreamingHttpResponse(_csv_chunks(export), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
