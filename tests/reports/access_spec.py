"""Every URL of the reports app, for every demo role (tests/core/test_access.py).

The demo world holds the Guyane territorial report, ready and shared with DIECCTE Guyane
(reports/demo.py): Guyane staff and the DIECCTE agent may open it, Normandie staff and
SIAE managers get a 404."""

from tests.access import GUYANE_STAFF, PARTNERS, STAFF, Spec


def guyane_report():
    from reports.enums import ReportKind, ReportStatus
    from reports.models import Report

    # The latest ready version: the one the demo shares (a later request may be pending,
    # as after the benchmarks' load test, which requests reports).
    return Report.objects.filter(
        kind=ReportKind.TERRITORIAL, region__code="03", status=ReportStatus.READY
    ).latest("version")


def guyane_report_kwargs():
    return {"pk": guyane_report().pk}


SPECS = {
    "reports:list": Spec(STAFF),
    "reports:request": Spec(STAFF),
    "reports:downloads": Spec(STAFF),
    "reports:partner_list": Spec(PARTNERS),
    "reports:detail": Spec(GUYANE_STAFF | PARTNERS, kwargs=guyane_report_kwargs),
    "reports:status": Spec(GUYANE_STAFF | PARTNERS, kwargs=guyane_report_kwargs),
    "reports:download": Spec(GUYANE_STAFF | PARTNERS, kwargs=guyane_report_kwargs),
    "reports:share": Spec(GUYANE_STAFF, kwargs=guyane_report_kwargs),
    # A ready report is not retried: those who see it are told why (403).
    "reports:retry": Spec(
        frozenset(), kwargs=guyane_report_kwargs, method="post", forbidden=GUYANE_STAFF
    ),
    "reports:regenerate": Spec(GUYANE_STAFF, kwargs=guyane_report_kwargs, method="post"),
}
