"""Pages of the reports app: who sees what, downloads, status polling, list cost."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from network.models import Organisation
from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.models import Report, ReportDownload, ReportShare
from territories.models import Region
from tests.access import ANONYMOUS, ROLES
from tests.core.test_access import expected, outcome
from tests.factories import UserFactory
from tests.reports.access_spec import SPECS, guyane_report
from tests.reports.factories import structure_with_figures

pytestmark = pytest.mark.django_db


def test_every_reports_url_by_role(demo):
    """The role-by-URL matrix of tests/core/test_access.py, for this app's URLs."""
    failures = []
    for name, spec in SPECS.items():
        url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
        for role in ROLES:
            client = Client()
            if role != ANONYMOUS:
                client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
            with transaction.atomic():
                response = getattr(client, spec.method)(url, spec.data)
                transaction.set_rollback(True)
            got, want = outcome(response), expected(spec, role)
            if got != want:
                failures.append(f"{name} as {role}: {got}, expected {want}")
    assert not failures, "\n".join(failures)


def test_the_dieccte_agent_downloads_the_shared_report_and_the_download_is_logged(demo, login):
    report = guyane_report()
    client = login(demo["dieccte"])
    page = client.get(reverse("reports:partner_list"))
    assert escape(report.title) in page.content.decode()
    response = client.get(reverse("reports:download", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    download = ReportDownload.objects.get()
    assert (download.user, download.report, download.organisation.name) == (
        demo["dieccte"],
        report,
        "DIECCTE Guyane",
    )
    # Staff see who downloaded which version.
    staff_page = login(demo["guyane"]).get(reverse("reports:detail", kwargs={"pk": report.pk}))
    assert "Claire Lony" in staff_page.content.decode()
    log = login(demo["guyane"]).get(reverse("reports:downloads")).content.decode()
    assert "Claire Lony" in log and escape(report.title) in log


def test_the_report_page_lists_its_latest_downloads_and_links_to_all_of_them(
    demo, login, django_assert_max_num_queries
):
    """However often a version is downloaded, its page weighs the same: the latest twenty,
    the total, and the whole log of that version (paginated) one link away."""
    report = guyane_report()
    other = services.report_request_now(
        kind=ReportKind.TERRITORIAL, region=report.region, by=demo["guyane"]
    )
    ReportDownload.objects.create(report=other, user=demo["reseau"])
    agent = demo["dieccte"]
    ReportDownload.objects.bulk_create(
        ReportDownload(report=report, user=agent, organisation=agent.organisation) for _ in range(3)
    )
    client = login(demo["guyane"])
    url = reverse("reports:detail", kwargs={"pk": report.pk})
    page = client.get(url).content.decode()
    log_url = f"{reverse('reports:downloads')}?report={report.pk}"
    assert page.count(escape(str(agent))) == 3 and log_url not in page
    ReportDownload.objects.bulk_create(
        ReportDownload(report=report, user=demo["guyane"]) for _ in range(22)
    )
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    downloads = page[page.index("<h2>Téléchargements</h2>") :]
    assert downloads.count('<th scope="row">') == 20
    assert "Les 20 derniers des 25 téléchargements de cette version" in downloads
    assert f'href="{escape(log_url)}"' in downloads
    log = client.get(log_url).content.decode()
    assert log.count(f'href="{url}"') == 25 + 1  # each download's row, and the way back
    assert escape(str(demo["reseau"])) not in log  # the other version's download
    # Another region's staff, a number out of range or not a number: no such page.
    assert login(demo["normandie"]).get(log_url).status_code == 404
    for value in ("999999", "x", "1" * 30):
        assert client.get(reverse("reports:downloads"), {"report": value}).status_code == 404


def test_the_dieccte_agent_gets_404_for_other_territories_and_unshared_reports(demo, login):
    normandie = services.report_request_now(
        kind=ReportKind.TERRITORIAL, region=Region.objects.get(code="28"), by=demo["reseau"]
    )
    ReportShare.objects.create(
        report=normandie, organisation=Organisation.objects.get(name="DREETS Normandie")
    )
    unshared = services.report_request_now(
        kind=ReportKind.DIALOGUE_GESTION,
        structure=structure_with_figures(name="Structure non partagée", seed=7),
        year=2018,
        by=demo["guyane"],
    )
    other_partner = Organisation.objects.get(name="CRESS Guyane")
    ReportShare.objects.create(report=unshared, organisation=other_partner)
    client = login(demo["dieccte"])
    for report in (normandie, unshared):
        assert report.is_ready
        for name in ("reports:detail", "reports:download", "reports:status"):
            assert client.get(reverse(name, kwargs={"pk": report.pk})).status_code == 404
    listing = client.get(reverse("reports:partner_list")).content.decode()
    assert normandie.title not in listing and unshared.title not in listing
    assert not ReportDownload.objects.exists()
    # Normandie staff don't see the Guyane report either.
    normandie_staff = login(demo["normandie"])
    url = reverse("reports:download", kwargs={"pk": guyane_report().pk})
    assert normandie_staff.get(url).status_code == 404


def test_staff_request_a_report_and_follow_its_status(
    demo, login, django_capture_on_commit_callbacks
):
    structure = structure_with_figures(name="Atelier du Test", seed=8)
    client = login(demo["guyane"])
    assert client.get(reverse("reports:request")).status_code == 200
    response = client.post(
        reverse("reports:request"),
        {"kind": ReportKind.DIALOGUE_GESTION, "structure": structure.pk, "year": 2018},
    )
    report = Report.objects.get(structure=structure)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    # Not yet rendered (the request's transaction is the test's): the fragment polls.
    status_url = reverse("reports:status", kwargs={"pk": report.pk})
    html = client.get(status_url).content.decode()
    assert f'data-poll="{status_url}"' in html and "Actualiser" in html
    assert 'id="report-actions"' not in html
    # The page loads the small script that polls, not htmx.
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'data-poll="{status_url}"' in page
    assert "js/live" in page and "htmx.min" not in page
    services.report_render(report_id=report.pk)
    html = client.get(status_url).content.decode()
    assert "data-poll" not in html
    assert reverse("reports:download", kwargs={"pk": report.pk}) in html
    # The page's actions come with it: sharing is offered without a reload.
    actions = html[html.index('id="report-actions"') :]
    assert reverse("reports:share", kwargs={"pk": report.pk}) in actions

    # A missing year is a form error, not a report.
    response = client.post(
        reverse("reports:request"), {"kind": ReportKind.DIALOGUE_GESTION, "structure": structure.pk}
    )
    assert response.status_code == 200 and Report.objects.filter(structure=structure).count() == 1


def test_a_failed_report_shows_its_error_and_a_retry_button(demo, login):
    structure = structure_with_figures(name="Sans Visite", seed=9)
    report = services.report_request_now(
        kind=ReportKind.STRUCTURE_DIAGNOSTIC, structure=structure, by=demo["guyane"]
    )
    assert report.status == ReportStatus.FAILED
    client = login(demo["guyane"])
    html = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Aucune visite réalisée" in html
    assert reverse("reports:retry", kwargs={"pk": report.pk}) in html
    client.post(reverse("reports:retry", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.error == ""


def test_staff_share_a_report_with_a_partner_of_the_territory(demo, login, mailoutbox):
    report = guyane_report()
    organisation = Organisation.objects.get(name="Pôle emploi Guyane")
    agent = UserFactory(partner=True, organisation=organisation)
    client = login(demo["guyane"])
    form = client.get(reverse("reports:share", kwargs={"pk": report.pk})).content.decode()
    assert "Pôle emploi Guyane" in form and "DREETS Normandie" not in form
    with transaction.atomic():
        response = client.post(
            reverse("reports:share", kwargs={"pk": report.pk}), {"organisation": organisation.pk}
        )
    assert response.status_code == 302
    assert ReportShare.objects.filter(report=report, organisation=organisation).exists()
    assert login(agent).get(reverse("reports:detail", kwargs={"pk": report.pk})).status_code == 200


def test_report_list_costs_the_same_at_any_size(demo, login, django_assert_max_num_queries):
    guyane = Region.objects.get(code="03")
    client = login(demo["reseau"])
    for count in (3, 40):
        Report.objects.bulk_create(
            Report(
                kind=ReportKind.TERRITORIAL,
                region=guyane,
                subject_key=f"region:{guyane.pk}",
                version=100 + index + count * 10,
                title=f"Rapport {index}",
                requested_by=demo["guyane"],
            )
            for index in range(count)
        )
        with django_assert_max_num_queries(12):
            response = client.get(reverse("reports:list"), {"tri": "type"})
        assert response.status_code == 200
