"""The report pipeline with a real Celery worker on Redis."""

import datetime
import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from diagnostics.models import TerritorialDiagnostic
from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from reports.tasks import report_render
from tests.factories import UserFactory
from tests.reports.factories import structure_with_figures

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, *, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"Timed out waiting for {what}")


def ready(report):
    def check():
        report.refresh_from_db()
        assert report.status != ReportStatus.FAILED, report.error
        return report.status == ReportStatus.READY

    wait_for(check, what=f"report {report.pk} ready")
    return report


def pdf_text(report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_request_becomes_a_ready_pdf_holding_the_data(celery_worker_process):
    first = structure_with_figures(name="Atelier Vert de Cayenne", seed=1)
    structure_with_figures(name="Chantier Fleuve Maroni", insee="97311", seed=2)
    staff = UserFactory(national=True)
    diagnostic = TerritorialDiagnostic.objects.create(
        region=first.departement.region,
        title="Bilan 2018",
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 3, 31),
    )
    territorial = services.report_request(
        kind=ReportKind.TERRITORIAL, diagnostic=diagnostic, by=staff
    )
    sheet = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=first, year=2018, by=staff
    )
    ready(territorial)
    ready(sheet)

    text = pdf_text(territorial)
    assert "Atelier Vert de Cayenne" in text and "Chantier Fleuve Maroni" in text
    # 2018: 34 + 35 employees, 12.75 + 12.75 ETP worked, 14 durable exits out of 44.
    assert "69" in text and "25,5" in text and "31,8" in text
    assert territorial.pages >= 5 and territorial.size == len(territorial.file.open().read())

    sheet_text = pdf_text(sheet)
    assert "ACI973180001A0M0" in sheet_text
    assert "12,75" in sheet_text  # ETP réalisés 2018
    assert "31,8" in sheet_text  # 7 durable exits out of 22 counted

    # A re-delivered task for a ready report does nothing: same file, same version.
    before = (sheet.file.name, sheet.sha256, sheet.finished_at)
    done = celery_worker_process.succeeded("reports.tasks.report_render")
    report_render.delay(report_id=sheet.pk)
    report_render.delay(report_id=sheet.pk)
    celery_worker_process.wait_succeeded("reports.tasks.report_render", done + 2)
    sheet.refresh_from_db()
    assert (sheet.file.name, sheet.sha256, sheet.finished_at) == before
    assert Report.objects.filter(subject_key=sheet.subject_key).count() == 1


def test_killing_the_worker_mid_render_still_ends_with_one_ready_version(
    celery_worker_process, tmp_path
):
    controller = celery_worker_process
    controller.stop(controller.processes[0])
    marker = tmp_path / "rendering"
    slow = controller.start(app="tests.slow_pdf_worker", MAILLAGE_TEST_RENDERING=marker)
    structure = structure_with_figures(name="Bois et Fleuve Test", seed=3)
    staff = UserFactory(national=True)

    report = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2018, by=staff
    )

    # The PDF is made and not stored yet: the worker dies there.
    wait_for(marker.exists, what="the slow worker to make the PDF")
    controller.kill(slow)
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and not report.file

    # A new worker finds the abandoned render (stale after 1 s here) and renders it again.
    controller.start(MAILLAGE_REPORT_STALE_AFTER=1)
    ready(report)

    versions = Report.objects.filter(kind=report.kind, subject_key=report.subject_key)
    assert versions.count() == 1
    assert versions.filter(status=ReportStatus.READY).count() == 1
    assert report.attempts == 2
    stored = list((Path(settings.MEDIA_ROOT) / "reports").rglob("*.pdf"))
    assert [path.name for path in stored] == [f"v{report.version}.pdf"]
