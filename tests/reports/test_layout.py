"""The layout a State officer receives: no page more than half blank except before a
chapter that must start on a new page (measured on WeasyPrint's boxes, tests/reports/
layout.py), chart labels drawn whole, French dates, a total under every table of counts."""

import pytest

from reports.enums import ReportKind
from reports.models import Report
from reports.rendering import html_layout, report_html

from .layout import half_blank_pages, page_audit
from .printed import root, text

pytestmark = pytest.mark.django_db


def _guyane():
    return Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")


def test_no_page_of_the_guyane_report_is_half_blank_but_before_a_new_chapter(demo):
    document = html_layout(report_html(_guyane())[0])
    audits = page_audit(document)
    assert half_blank_pages(document) == []
    # The measure is a real one: the table of contents page is mostly blank (allowed, it
    # ends its page) and the chapters that must start a page do.
    assert audits[1].fill < 0.5 and audits[1].ends_forced
    started = [chapter for audit in audits for chapter in audit.starts]
    assert started == ["synthese", "etat-des-lieux", "siae", "enjeux", "annexe-structures"]


def test_no_page_of_the_national_report_is_half_blank_but_before_a_new_chapter(demo):
    report = Report(kind=ReportKind.NATIONAL, version=0)
    assert half_blank_pages(html_layout(report_html(report)[0])) == []


def test_a_layout_with_a_blank_half_page_is_found(demo):
    """The check fails a report whose inline chapter would start on a new page after a
    page holding one line (whatever the length of the demo's synthesis)."""
    html = report_html(_guyane())[0].replace(
        '<section class="chapter inline" id="contexte">',
        '<p style="break-before: page">Une ligne seule.</p>'
        '<section class="chapter inline" id="contexte" style="break-before: page">',
    )
    wrong = half_blank_pages(html_layout(html))
    assert wrong and wrong[0].fill < 0.5


def test_every_table_of_counts_has_a_total_row_and_dates_are_french(demo):
    html = report_html(_guyane())[0]
    tree = root(html)
    for table in tree.query_all("table"):
        caption = text(table.query("caption"))
        if table.query("tbody td.num") is None:
            continue  # a table of text (plan d'action, members of the network)
        assert table.query("tfoot") is not None or "par année" in caption or "taux" in caption, (
            caption
        )
    body = text(next(tree.query_all("body")))
    assert "du 1er décembre 2018 au 15 février 2019" in body
    assert "/2019" not in body and "/2018" not in body


def test_the_plan_names_each_pilot_s_organisation_with_baseline_and_target(demo):
    tree = root(report_html(_guyane())[0])
    rows = tree.query("section#plan").query_all("tbody tr")
    rows = [[text(cell) for cell in row.query_all("th, td")] for row in rows]
    assert rows
    for _action, pilot, calendar, _indicator, baseline, target, *_rest in rows:
        assert pilot.endswith(")") and "(" in pilot, pilot
        assert "Décidé lors de" not in calendar
    demo_actions = [row for row in rows if "Constituer le réseau régional" in row[0]]
    assert demo_actions[0][4] != "—" and demo_actions[0][5] != "—"


def test_the_structure_reports_have_no_half_blank_page(demo):
    from diagnostics.models import Visit

    visit = Visit.objects.filter(held_on__isnull=False).select_related("structure").first()
    for report in (
        Report(kind=ReportKind.STRUCTURE_DIAGNOSTIC, structure=visit.structure, version=0),
        Report(kind=ReportKind.DIALOGUE_GESTION, structure=visit.structure, year=2018, version=0),
    ):
        assert half_blank_pages(html_layout(report_html(report)[0])) == [], report.kind
