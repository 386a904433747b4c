"""One module per kind of report: `gather(report) -> dict`, the data of its template.

Each module exposes `TEMPLATE` and `gather(report)`; the dict it returns holds at least
`title`, `subtitle`, `data_date` (the latest change of the data shown: it becomes the PDF's
creation date, so the same data always gives the same bytes) and the template's own data.
Other apps' models are imported inside the functions: this app must keep loading while
they are being built.
"""

import datetime
import importlib

from django.utils import timezone

from ..enums import ReportKind

MODULES = {
    ReportKind.TERRITORIAL: "reports.kinds.territorial",
    ReportKind.NATIONAL: "reports.kinds.territorial",
    ReportKind.STRUCTURE_DIAGNOSTIC: "reports.kinds.structure_diagnostic",
    ReportKind.DIALOGUE_GESTION: "reports.kinds.dialogue_gestion",
    ReportKind.MINUTES: "reports.kinds.minutes",
}

EPOCH = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)


class ReportDataError(Exception):
    """The subject of a report is missing or incomplete: the report fails with this message."""


def module_for(kind: str):
    return importlib.import_module(MODULES[ReportKind(kind)])


def latest(*values) -> datetime.datetime:
    """The latest of the given datetimes/dates (None ignored), EPOCH when there is none."""
    found = []
    for value in values:
        if value is None:
            continue
        if isinstance(value, datetime.datetime):
            found.append(value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC))
        elif isinstance(value, datetime.date):
            found.append(datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC))
    return max(found, default=EPOCH)
