"""The figures a report hands to the State: frozen with the diagnostic, equal to what the
directory lists, rates that recompute from the counts printed beside them."""

import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from diagnostics import services as diagnostics_services
from reports.enums import ReportKind
from reports.kinds import territorial
from reports.models import Report
from reports.rendering import html_to_pdf, report_html
from tests.network.test_dashboard_links import directory_count

pytestmark = pytest.mark.django_db


def pdf_text(report) -> str:
    content = html_to_pdf(report_html(report)[0]).content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_frozen_diagnostic_s_report_does_not_move_when_the_data_change(demo):
    from events.models import Event
    from structures.models import Adhesion, YearlyIndicators

    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    diagnostic = report.diagnostic
    diagnostics_services.territorial_diagnostic_freeze(diagnostic=diagnostic, by=demo["guyane"])
    report.refresh_from_db()
    before = pdf_text(report)

    year = diagnostic.effective_reference_year
    YearlyIndicators.objects.filter(structure__departement__region__code="03", year=year).update(
        employees=999, exits_durable=77
    )
    Adhesion.objects.filter(structure__departement__region__code="03").update(status="member")
    Event.objects.filter(region__code="03").update(status="cancelled")

    after = pdf_text(report)
    assert after == before
    assert "999" not in after


def test_a_meeting_after_the_as_of_date_is_never_counted_as_held():
    from structures.figures import territory_figures
    from territories.models import Region
    from tests.events.factories import EventFactory

    start, end = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
    as_of = datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC)
    EventFactory(title="Tenue", starts_at=datetime.datetime(2019, 5, 2, 9, tzinfo=datetime.UTC))
    EventFactory(title="À venir", starts_at=datetime.datetime(2019, 9, 2, 9, tzinfo=datetime.UTC))
    EventFactory(
        title="Annulée",
        starts_at=datetime.datetime(2019, 5, 3, 9, tzinfo=datetime.UTC),
        status="cancelled",
    )
    figures = territory_figures(
        region=Region.objects.get(code="03"), period_start=start, period_end=end, as_of=as_of
    )
    meetings = figures["meetings"]
    assert meetings["held"] == 1 and [row["title"] for row in meetings["held_rows"]] == ["Tenue"]
    assert meetings["upcoming"] == 1
    assert [row["title"] for row in meetings["upcoming_rows"]] == ["À venir"]


def _percent(numerator: int, denominator: int) -> str:
    value = (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + "\u202f%"


def test_every_rate_of_the_report_recomputes_from_the_counts_beside_it(demo):
    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    data = territorial.gather(report)
    html = report_html(report)[0]
    printed = html.replace("\u202f", "")
    rows = [*data["figures"]["years"], *data["by_siae"]]
    assert any(row["exits_counted"] for row in rows)
    for row in rows:
        if not row["exits_counted"]:
            continue
        dynamic = row["exits_durable"] + row["exits_transition"] + row["exits_positive"]
        assert row["exits_counted"] == dynamic + row["exits_other"]
        durable_rate = _percent(row["exits_durable"], row["exits_counted"])
        dynamic_rate = _percent(dynamic, row["exits_counted"])
        assert durable_rate == row["durable_rate"].replace(".", ",") + "\u202f%"
        assert dynamic_rate == row["dynamic_rate"].replace(".", ",") + "\u202f%"
        assert durable_rate.replace("\u202f", "") in printed
        assert dynamic_rate.replace("\u202f", "") in printed
    # The per-SIAE totals are the territory's figures of the reference year.
    reference = data["reference"]
    declared = [row for row in data["by_siae"] if row["declared"]]
    assert reference["declared"] == len(declared)
    assert reference["employees"] == sum(row["employees"] for row in declared)
    assert Decimal(reference["etp_realises"]) == sum(Decimal(r["etp_realises"]) for r in declared)
    for field in ("exits_durable", "exits_other", "exits_neutralised"):
        assert reference[field] == sum(row[field] for row in declared)


def _directory_count(client, query: str) -> int:
    response = client.get(reverse("structures:directory") + "?" + query)
    assert response.status_code == 200
    return directory_count(response)


def test_the_report_counts_equal_the_directory_with_the_matching_filters(demo, login):
    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    data = territorial.gather(report)
    region = report.region.pk
    year = data["figures"]["reference_year"]
    siae = "".join(f"&kind={kind}" for kind in ("ACI", "AI", "EI", "ETTI", "EITI"))
    client = login(demo["guyane"])
    assert _directory_count(client, f"region={region}") == data["structures"]["total"]
    for row in data["structures"]["by_kind"]:
        assert _directory_count(client, f"region={region}&kind={row['kind']}") == row["count"]
    members = data["members"]
    assert (
        _directory_count(
            client,
            f"region={region}&year={year}&campaign={members['campaign_year']}&adhesion=member",
        )
        == members["members"]
        == 8
    )
    assert (
        _directory_count(client, f"region={region}&year={year}&indicators=declared{siae}")
        == data["reference"]["declared"]
    )
    assert (
        _directory_count(client, f"region={region}&year={year}&convention=in_force{siae}")
        == data["reference"]["conventions"]
    )


def test_report_totals_are_printed_with_the_figures(demo):
    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    text = pdf_text(report)
    data = territorial.gather(report)
    reference = data["reference"]
    total = re.search(r"Total \((\d+) SIAE déclarantes sur (\d+)\)", text.replace("\n", " "))
    assert total and int(total.group(1)) == reference["declared"]
    assert f"{data['members']['members']} d'entre elles sont adhérentes" in text.replace("\n", " ")
    assert "Sources, définitions et méthode" in text and "DGEFP" in text


def test_staff_choose_the_diagnostic_and_partners_see_which_version_is_new(demo, login):
    from diagnostics.models import TerritorialDiagnostic
    from network.models import Organisation
    from reports import services

    diagnostic = TerritorialDiagnostic.objects.get(region__code="03")
    client = login(demo["guyane"])
    url = reverse("reports:request")
    # A territory with a diagnostic: the report is never silently built from one of them.
    response = client.post(url, {"kind": ReportKind.TERRITORIAL, "region": diagnostic.region.pk})
    assert response.status_code == 200
    assert "choisissez celui" in response.context["form"].errors["diagnostic"][0]
    response = client.post(url, {"kind": ReportKind.TERRITORIAL, "diagnostic": diagnostic.pk})
    report = Report.objects.filter(diagnostic=diagnostic).order_by("-version").first()
    assert response.status_code == 302 and report.title == diagnostic.title
    assert report.region == diagnostic.region

    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    dieccte = Organisation.objects.get(name="DIECCTE Guyane")
    services.report_share(report=report, organisation=dieccte, by=demo["guyane"])
    partner = login(demo["dieccte"])
    html = partner.get(reverse("reports:partner_list")).content.decode()
    row = html[html.index(f"{reverse('reports:detail', args=[report.pk])}") :]
    row = row[: row.index("</tr>")]
    assert escape(diagnostic.title) in row and "nouveau" in row
    assert "du 1er décembre 2018 au 15 février 2019" in row and demo["guyane"].last_name in row
    partner.get(reverse("reports:download", args=[report.pk]))
    html = partner.get(reverse("reports:partner_list")).content.decode()
    row = html[html.index(f"{reverse('reports:detail', args=[report.pk])}") :]
    assert "nouveau" not in row[: row.index("</tr>")]
