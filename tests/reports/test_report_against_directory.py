"""What the territorial report prints equals what the directory shows with the matching
filters, its table by SIAE adds up to the territory's lines, and every rate it prints
recomputes from the figures printed beside it: for the demo, and at `seed_demo --scale 50`.

The report is read from the HTML WeasyPrint lays out (tests/reports/printed.py); the
directory from its page (the count it shows) and its indicators export (CSV) with the
same filters, as a State officer checking the report against the portal would."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.enums import ReportKind
from reports.models import Report
from reports.rendering import report_html
from structures.enums import StructureKind
from tests.network.test_dashboard_links import directory_count

from .printed import Printed, per_10k, percent

pytestmark = pytest.mark.django_db

SIAE = "".join(f"&kind={kind}" for kind in StructureKind.siae_kinds())
EXIT_FIELDS = ["exits_durable", "exits_transition", "exits_positive", "exits_other"]
SUMMED = {
    "employees": "salaries_insertion",
    "etp_realises": "etp_realises",
    "exits_durable": "sorties_durables",
    "exits_transition": "sorties_transition",
    "exits_positive": "sorties_positives",
    "exits_other": "sorties_autres",
    "exits_neutralised": "sorties_neutralisees",
}


def _count(client, query: str) -> int:
    response = client.get(reverse("structures:directory") + "?" + query)
    assert response.status_code == 200
    return directory_count(response)


def _indicator_rows(client, query: str, year: int) -> list[dict]:
    response = client.get(reverse("structures:indicators_export") + f"?{query}&format=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    return [row for row in rows if row["annee"] == str(year)]


def _decimal(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ".") or "0")


def _rates_recompute(figures: dict, *, occupancy: bool = True) -> None:
    """A row of printed figures: counted = the four categories, and each rate is the one
    the printed counts give (rounded once, to the tenth)."""
    counted = sum(figures[field] for field in EXIT_FIELDS)
    assert figures["exits_counted"] == counted
    dynamic = figures["exits_durable"] + figures["exits_transition"] + figures["exits_positive"]
    assert figures["durable_rate"] == percent(figures["exits_durable"], counted)
    assert figures["dynamic_rate"] == percent(dynamic, counted)
    if (
        occupancy
        and figures.get("etp_conventionnes") is not None
        and figures.get("etp_realises") is not None
    ):
        assert figures["occupancy"] == percent(
            figures["etp_realises"], figures["etp_conventionnes"]
        )


def check_report_against_directory(report, client) -> dict:
    printed = Printed(report_html(report)[0])
    region = report.region.pk
    synthesis = printed.synthesis()
    year = int(report.diagnostic.effective_reference_year)

    # Structures, by kind, SIAE and members: the directory's counts with the same filters.
    assert _count(client, f"region={region}") == synthesis["structures"]
    assert _count(client, f"region={region}{SIAE}") == synthesis["siae"]
    by_kind = printed.by_kind()
    assert sum(by_kind.values()) == synthesis["structures"]
    for kind, count in by_kind.items():
        assert _count(client, f"region={region}&kind={kind}") == count, kind
    assert synthesis["members"] == _count(
        client,
        f"region={region}&year={year}&campaign={synthesis['campaign']}&adhesion=member",
    )

    # The table by SIAE: its rows add up to its total line, the total line is the
    # territory's column of the reference year, and both equal the directory's export.
    rows = printed.siae_rows()
    total = printed.siae_total()
    declared = [row for row in rows if row.get("etp_realises") is not None]
    assert len(rows) == total["structures"] == synthesis["siae"]
    assert len(declared) == total["declared"]
    assert total["declared"] == _count(
        client, f"region={region}&year={year}&indicators=declared{SIAE}"
    )
    for field in [*SUMMED, "exits_counted"]:
        assert sum(row[field] for row in declared) == total[field], field
    conventioned = [row for row in rows if row["etp_conventionnes"] is not None]
    assert sum(row["etp_conventionnes"] for row in conventioned) == total["etp_conventionnes"]
    territory = printed.years()[year]
    assert territory["declared"] == total["declared"]
    assert (
        territory["conventions"]
        == len(conventioned)
        == _count(client, f"region={region}&year={year}&convention=in_force{SIAE}")
    )
    for field in [*SUMMED, "exits_counted", "etp_conventionnes", "occupancy", "durable_rate"]:
        assert territory[field] == total[field], field
    exported = _indicator_rows(
        client, f"region={region}&year={year}&indicators=declared{SIAE}", year
    )
    assert len(exported) == total["declared"]
    for field, column in SUMMED.items():
        assert sum(_decimal(row[column]) for row in exported) == total[field], field

    # Every rate recomputes from the figures printed beside it.
    for row in declared:
        _rates_recompute(row)
    # The total's rate of realisation is over the SIAE with both an annexe and a
    # declaration (as its note says): recomputed from those rows.
    _rates_recompute(total, occupancy=False)
    both = [row for row in declared if row["etp_conventionnes"] is not None]
    assert total["occupancy"] == percent(
        sum(row["etp_realises"] for row in both), sum(row["etp_conventionnes"] for row in both)
    )
    for figures in printed.years().values():
        if figures.get("exits_counted") is not None:
            _rates_recompute(figures, occupancy=False)
            assert figures["exits_total"] == figures["exits_counted"] + figures["exits_neutralised"]
    communes = printed.communes()
    assert sum(row["count"] for row in communes) == synthesis["structures"]
    listed = printed.communes_total()
    if all(row["population"] for row in communes):
        assert listed["population"] == sum(row["population"] for row in communes)
    for row in [*communes, listed]:
        assert row["structures_per_10k"] == per_10k(row["count"], row["population"])
        assert row["etp_per_10k"] == per_10k(row["etp_realises"], row["population"])
    return {"rows": len(rows), "declared": len(declared), "communes": len(communes)}


def _guyane_report():
    return Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")


def test_the_demo_report_equals_the_directory_and_recomputes(demo, login):
    found = check_report_against_directory(_guyane_report(), login(demo["guyane"]))
    assert found["rows"] == 18 and found["declared"] == 18
    # The demo communes carry their legal population: every commune has its rates.
    printed = Printed(report_html(_guyane_report())[0])
    assert all(row["population"] for row in printed.communes())
    assert printed.communes_total()["structures_per_10k"] is not None


def test_at_scale_50_the_report_equals_the_directory_and_recomputes(db, login):
    call_command("seed_demo", scale=50, verbosity=0, stdout=io.StringIO())
    from accounts.models import User

    staff = User.objects.get(email="guyane@demo.maillage.test")
    found = check_report_against_directory(_guyane_report(), login(staff))
    # Hundreds of SIAE: the table written commune by commune, every one of them read.
    assert found["rows"] > 300
