"""Request, render, versions, recovery, sharing, command line — tasks run in-process here
(the tests with a real worker are in test_worker.py)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from reports import conf, services
from reports.enums import ReportKind, ReportStatus
from reports.models import Report, ReportImmutableError
from tests.factories import OrganisationFactory, UserFactory, region
from tests.reports.factories import structure_with_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(national=True)


@pytest.fixture
def structure():
    return structure_with_figures(name="Les Jardins de Test", seed=4)


def request(django_capture_on_commit_callbacks, **arguments):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(**arguments)
    report.refresh_from_db()
    return report


def test_regenerating_makes_a_new_version_with_the_same_bytes_for_the_same_data(
    django_capture_on_commit_callbacks, staff, structure
):
    first = request(
        django_capture_on_commit_callbacks,
        kind=ReportKind.DIALOGUE_GESTION,
        structure=structure,
        year=2018,
        by=staff,
    )
    assert first.status == ReportStatus.READY and first.version == 1 and first.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_regenerate(report=first, by=staff)
    second.refresh_from_db()
    assert second.version == 2 and second.status == ReportStatus.READY
    assert second.file.name != first.file.name
    assert second.sha256 == first.sha256  # deterministic: same data, same bytes
    assert Report.objects.filter(subject_key=first.subject_key).count() == 2

    # The data changes: the next version differs.
    indicators = structure.indicators.get(year=2018)
    indicators.exits_durable = 9
    indicators.save()
    with django_capture_on_commit_callbacks(execute=True):
        third = services.report_regenerate(report=second, by=staff)
    third.refresh_from_db()
    assert third.version == 3 and third.sha256 != second.sha256


def test_a_ready_report_is_immutable_and_a_second_run_does_nothing(
    django_capture_on_commit_callbacks, staff, structure
):
    report = request(
        django_capture_on_commit_callbacks,
        kind=ReportKind.DIALOGUE_GESTION,
        structure=structure,
        year=2018,
        by=staff,
    )
    assert services.report_render(report_id=report.pk) == "already-ready"
    report.title = "Autre titre"
    with pytest.raises(ReportImmutableError):
        report.save()


def test_a_pending_request_is_not_duplicated(staff, structure):
    first = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2018, by=staff
    )
    again = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2018, by=staff
    )
    assert again.pk == first.pk and first.status == ReportStatus.QUEUED


def test_a_report_without_data_fails_with_its_error_and_can_be_retried(
    django_capture_on_commit_callbacks, staff, structure
):
    report = request(
        django_capture_on_commit_callbacks,
        kind=ReportKind.STRUCTURE_DIAGNOSTIC,
        structure=structure,
        by=staff,
    )
    assert report.status == ReportStatus.FAILED
    assert "Les Jardins de Test" in report.error
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report, by=staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.attempts == 1


def test_recovery_requeues_abandoned_renders_and_resends_lost_requests(staff, structure):
    report = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2018, by=staff
    )
    long_ago = timezone.now() - timedelta(seconds=conf.STALE_AFTER_SECONDS + 5)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING, started_at=long_ago, attempts=1
    )
    outcome = services.reports_recover()  # in-process tasks: re-sent means rendered
    report.refresh_from_db()
    assert outcome["requeued"] == [report.pk]
    assert report.status == ReportStatus.READY and report.attempts == 2

    other = services.report_request(
        kind=ReportKind.TERRITORIAL, region=structure.departement.region, by=staff
    )
    Report.objects.filter(pk=other.pk).update(
        status=ReportStatus.RENDERING, started_at=long_ago, attempts=conf.MAX_ATTEMPTS
    )
    outcome = services.reports_recover()
    other.refresh_from_db()
    assert outcome["failed"] == [other.pk] and other.status == ReportStatus.FAILED
    assert "interrompu" in other.error

    lost = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2017, by=staff
    )
    assert lost.enqueued_at is None  # never sent: the request's commit did not happen here
    assert services.reports_recover()["resent"] == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == ReportStatus.READY


def test_a_request_while_the_broker_is_down_stays_queued_and_is_sent_later(staff, structure):
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url, app._pool)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens there
    app._pool = None
    app.amqp._producer_pool = None
    try:
        report = services.report_request(
            kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2018, by=staff
        )
        assert services.report_send(report_id=report.pk) is False
        assert services.broker_available() is False
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app._pool = saved
        app.amqp._producer_pool = None
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.enqueued_at is None
    assert services.reports_recover()["resent"] == [report.pk]  # the broker is back
    report.refresh_from_db()
    assert report.status == ReportStatus.READY


def test_sharing_emails_the_agents_of_the_organisation(
    django_capture_on_commit_callbacks, mailoutbox, staff, structure
):
    report = request(
        django_capture_on_commit_callbacks,
        kind=ReportKind.TERRITORIAL,
        region=structure.departement.region,
        by=staff,
    )
    organisation = OrganisationFactory(name="DIECCTE Guyane")
    agent = UserFactory(partner=True, organisation=organisation)
    UserFactory(partner=True, organisation=OrganisationFactory(name="CRESS Guyane"))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_share(report=report, organisation=organisation, by=staff)
    assert [mail.to for mail in mailoutbox] == [[agent.email]]
    assert report.title in mailoutbox[0].subject
    assert f"/rapports/{report.pk}/" in mailoutbox[0].body
    with pytest.raises(services.ReportError):
        services.report_share(report=report, organisation=organisation, by=staff)
    normandie = OrganisationFactory(name="DREETS Normandie", region=region("28"))
    with pytest.raises(services.ReportError):
        services.report_share(report=report, organisation=normandie, by=staff)


def test_render_report_command_renders_without_a_worker(structure, tmp_path):
    output = tmp_path / "fiche.pdf"
    out = io.StringIO()
    call_command(
        "render_report",
        "dialogue_gestion",
        "--subject",
        str(structure.pk),
        "--year",
        "2018",
        "--output",
        str(output),
        stdout=out,
    )
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Les Jardins de Test" in text and "pages" in out.getvalue()
    report = Report.objects.get(structure=structure)
    assert report.status == ReportStatus.READY and report.requested_by is None


def test_demo_report_is_idempotent(demo):
    from core.demo import DemoContext
    from reports import demo as reports_demo

    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    assert report.is_ready
    assert report.shares.get().organisation.name == "DIECCTE Guyane"
    reports_demo.seed(DemoContext(log=lambda message: None, refs={"users": demo}))
    assert Report.objects.filter(kind=ReportKind.TERRITORIAL).count() == 1
    assert report.shares.count() == 1
