"""Each kind of report holds the data it was made from (demo world of the Guyane story)."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from reports.rendering import html_to_pdf, report_html

from . import printed

pytestmark = pytest.mark.django_db


def text_of(report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_guyane_territorial_report_of_the_demo(demo):
    from diagnostics.models import Hypothesis, TerritorialAction

    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    assert report.status == ReportStatus.READY and report.pages >= 6
    text = text_of(report)
    for expected in ("Sommaire", "Contexte et méthode", "Hypothèses structurantes", "Annexe 3"):
        assert expected in text
    for name in ("APROSEP", "Chantier Maroni Insertion", "PTCE Ancrage", "DIECCTE Guyane"):
        assert name in text
    assert "Les Ateliers du Cotentin" not in text  # a Normandie structure
    hypothesis = Hypothesis.objects.filter(diagnostic__region__code="03").first()
    action = TerritorialAction.objects.filter(diagnostic__region__code="03").first()
    if hypothesis:
        assert hypothesis.title[:30] in text.replace("\n", " ")
    if action:
        assert action.title[:25] in text.replace("\n", " ")
    reader = PdfReader(report.file.path)
    assert reader.outline  # bookmarks from the headings
    assert reader.metadata.title == "Diagnostic territorial de l'IAE — Guyane"
    # The demo fixture reuses the session's first layout: the bytes are a full render's.
    with report.file.open("rb") as handle:
        assert handle.read() == html_to_pdf(report_html(report)[0]).content


def test_the_structure_diagnostic_report(demo):
    from diagnostics.models import Visit

    visit = Visit.objects.filter(held_on__isnull=False).select_related("structure").first()
    report = services.report_request_now(
        kind=ReportKind.STRUCTURE_DIAGNOSTIC, structure=visit.structure, by=demo["guyane"]
    )
    assert report.status == ReportStatus.READY, report.error
    text = text_of(report)
    assert visit.structure.name in text
    assert "Scores par axe" in text and "Plan de progrès" in text
    if visit.strengths:
        assert visit.strengths.split(";")[0].strip()[:20] in text


def test_the_meeting_minutes_with_the_attendance_sheet(demo):
    from events.models import Event

    event = next((e for e in Event.objects.order_by("starts_at") if e.registrations.exists()), None)
    if event is None:
        pytest.skip("No meeting with registrations in the demo data yet.")
    report = services.report_request_now(
        kind=ReportKind.MINUTES, event_id=event.pk, by=demo["guyane"]
    )
    assert report.status == ReportStatus.READY, report.error
    assert event.title in report.title
    text = text_of(report).replace("\n", " ")
    assert "Feuille d'émargement" in text
    for registration in event.registrations.all()[:3]:
        assert registration.last_name.upper() in text


def test_a_long_structure_annex_lists_every_structure_commune_by_commune(demo, monkeypatch):
    from reports.kinds import territorial
    from structures.models import Structure

    monkeypatch.setattr(territorial, "COMPACT_ANNEX_AFTER", 5)
    region = Report.objects.get(kind=ReportKind.TERRITORIAL).region
    report = services.report_request_now(
        kind=ReportKind.TERRITORIAL, region=region, by=demo["guyane"]
    )
    assert report.status == ReportStatus.READY and report.version == 2
    text = text_of(report).replace("-\n", "-").replace("\n", " ")
    start = text.index("commune par commune")
    annex = text[start : text.index("Annexe 2 — Réunions", start)]
    structures = Structure.objects.filter(departement__region=region).select_related("commune")
    for structure in structures:
        assert structure.name in annex
    cayenne = [s for s in structures if s.commune.name == "Cayenne"]
    assert f"Cayenne ({len(cayenne)} structures)" in annex
    # Communes in alphabetical order, each one's structures after its name.
    assert (
        annex.index("Apatou (") < annex.index("Atelier Couture d'Apatou") < annex.index("Cayenne (")
    )
    assert annex.index("Cayenne (") < annex.index("APROSEP") < annex.index("Kourou (")
    assert "Les Ateliers du Cotentin" not in annex  # Normandie


def test_the_national_annex_groups_the_communes_by_region(demo, monkeypatch):
    from reports.kinds import territorial

    monkeypatch.setattr(territorial, "COMPACT_ANNEX_AFTER", 5)
    report = services.report_request_now(kind=ReportKind.NATIONAL, by=demo["reseau"])
    assert report.status == ReportStatus.READY, report.error
    data = territorial.gather(report)
    assert [group["region"] for group in data["annex_groups"]] == ["Guyane", "Normandie"]
    listed = [
        row["name"]
        for group in data["annex_groups"]
        for place in group["places"]
        for row in place["rows"]
    ]
    assert sorted(listed) == sorted(row["name"] for row in data["annex_rows"])
    assert len(listed) == data["structures"]["total"]
    text = text_of(report).replace("-\n", "-").replace("\n", " ")
    assert "Les Ateliers du Cotentin" in text and "APROSEP" in text
    with report.file.open("rb") as handle:
        titles = list(_titles(PdfReader(io.BytesIO(handle.read())).outline))
    # Each region is a bookmark under the annex.
    start = titles.index("Annexe 1 — Structures")
    assert titles[start + 1 : start + 3] == ["Guyane", "Normandie"]


def _titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _titles(item)
        else:
            yield item.title


def test_a_siae_without_a_declaration_for_the_reference_year_prints_non_declare(demo):
    from reports.kinds import territorial
    from structures.models import Structure, YearlyIndicators

    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    aprosep = Structure.objects.get(name="APROSEP")
    year = report.diagnostic.effective_reference_year
    declared = territorial.gather(report)["reference"]
    YearlyIndicators.objects.filter(structure=aprosep, year=year).delete()
    data = territorial.gather(report)
    row = next(row for row in data["by_siae"] if row["name"] == "APROSEP")
    assert not row["declared"] and row["employees"] is None and row["etp_realises"] is None
    # Missing from the totals, which say how many declared: never counted as 0.
    assert data["reference"]["declared"] == declared["declared"] - 1
    html = report_html(report)[0]
    assert "non déclaré" in html
    # A year nobody declared: "non déclaré" in every figure of the year, never 0.
    YearlyIndicators.objects.filter(structure__departement__region__code="03", year=year).delete()
    data = territorial.gather(report)
    assert data["reference"]["employees"] is None and data["reference"]["declared"] == 0
    text = html_to_pdf(report_html(report)[0]).content
    reader = PdfReader(io.BytesIO(text))
    pages = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Aucune SIAE n'a déclaré ses indicateurs {year}" in pages
    assert "Salariés en insertion 0" not in pages


def test_the_fiche_dialogue_de_gestion_reads_the_figures_of_the_territorial_table(demo):
    """Same figures and rules as the territorial report's table by SIAE: the annexe in
    force, "non déclaré" for a year without declaration, rates rounded once, definitions."""
    from reports.kinds import territorial
    from structures.models import Convention, Structure, YearlyIndicators

    territorial_report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    year = territorial_report.diagnostic.effective_reference_year
    aprosep = Structure.objects.get(name="APROSEP")
    row = next(
        r for r in territorial.gather(territorial_report)["by_siae"] if r["name"] == "APROSEP"
    )
    # The year before: its declaration removed, its annexe only filed (not in force).
    YearlyIndicators.objects.filter(structure=aprosep, year=year - 1).delete()
    Convention.objects.filter(structure=aprosep, year=year - 1).update(status="filed")
    report = Report(kind=ReportKind.DIALOGUE_GESTION, structure=aprosep, year=year, version=0)
    html = report_html(report)[0]
    tree = printed.root(html)
    rows = {
        printed.text(tr.query("th")).split()[0]: [printed.text(td) for td in tr.query_all("td")]
        for tr in tree.query("section#conventions").query_all("tbody tr")
    }
    this_year, last_year = rows[str(year)], rows[str(year - 1)]
    assert printed.number(this_year[1]) == Decimal(row["etp_conventionnes"])
    assert printed.number(this_year[2]) == Decimal(row["etp_realises"])
    assert printed.number(this_year[3]) == Decimal(row["occupancy"])
    assert last_year[1] == "sans annexe" and last_year[2] == "non déclaré"
    exits = printed.text(tree.query("section#sorties"))
    assert f"{row['durable_rate'].replace('.', ',')} %" in exits
    assert "non déclaré" in exits and "Sources, définitions et méthode" in html
    assert "Sorties neutralisées" in printed.text(tree.query("section#sources"))


def test_the_structure_diagnostic_report_has_its_reference_year_and_definitions(demo):
    from diagnostics.figures import assessment_scores
    from diagnostics.models import Visit
    from structures.figures import default_reference_year

    visit = (
        Visit.objects.filter(held_on__isnull=False, assessment__isnull=False)
        .select_related("structure", "assessment")
        .order_by("-held_on")
        .first()
    )
    report = Report(kind=ReportKind.STRUCTURE_DIAGNOSTIC, structure=visit.structure, version=0)
    html = report_html(report)[0]
    tree = printed.root(html)
    body = printed.text(tree.query("body"))
    year = default_reference_year(visit.held_on)
    assert f"Année de référence{year}" in body.replace("référence ", "référence")
    assert "Sources, définitions et méthode" in body and "Scores moyens par axe" in body
    assert "/20" not in body  # dates written the French way
    # The scores are the diagnostics figures' (one rounding), printed to the tenth.
    scores = assessment_scores(visit.assessment)
    first = tree.query("section#scores").query("tbody tr")
    assert printed.number(printed.text(list(first.query_all("td"))[1])) == Decimal(
        str(scores[min(scores)]["average"])
    ).quantize(Decimal("0.1"))
