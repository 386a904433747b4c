"""Render-time benchmark of the reports, for `make bench` (benchmarks/).

For the Guyane territorial report and the national report: total render time (gathering
the data, the template, WeasyPrint), pages, peak Python memory during the render
(tracemalloc, in a separate run so it does not slow the timed one) and the time of
WeasyPrint alone on the same HTML, so the cost of gathering data shows as a ratio, and the
peak resident memory of the process so far (Python and WeasyPrint's libraries alike).
Nothing is written to the database or to storage.
"""

import resource
import time
import tracemalloc

from .enums import ReportKind
from .models import Report
from .rendering import html_to_pdf, report_html


def _subjects():
    from diagnostics.models import TerritorialDiagnostic
    from territories.models import Region

    guyane = Region.objects.get(code="03")
    diagnostic = TerritorialDiagnostic.objects.filter(region=guyane).order_by("pk").first()
    return [
        (
            "Diagnostic territorial — Guyane",
            Report(kind=ReportKind.TERRITORIAL, region=guyane, diagnostic=diagnostic, version=0),
        ),
        ("Bilan national", Report(kind=ReportKind.NATIONAL, version=0)),
    ]


def directory_check(report) -> str:
    """The report's counts against the staff directory's with the matching filters (the
    directory's own filterset): structures, each kind, members, SIAE that declared their
    indicators and SIAE with an annexe financière in force, in the reference year."""
    from structures.enums import StructureKind
    from structures.filters import StructureFilter
    from structures.models import Structure

    from .kinds.territorial import report_figures

    figures = report_figures(report)
    structures = Structure.objects.all()
    if report.region_id:
        structures = structures.filter(departement__region=report.region)

    def count(**params):
        return StructureFilter(data=params, queryset=structures, request=None).qs.count()

    year = figures["reference_year"]
    siae = StructureKind.siae_kinds()
    pairs = [(figures["structures"]["total"], count())]
    pairs += [(row["count"], count(kind=[row["kind"]])) for row in figures["structures"]["by_kind"]]
    if figures["members"]["campaign_year"]:
        pairs.append(
            (
                figures["members"]["members"],
                count(year=year, campaign=figures["members"]["campaign_year"], adhesion="member"),
            )
        )
    pairs.append(
        (figures["reference"]["declared"], count(year=year, indicators="declared", kind=siae))
    )
    pairs.append(
        (figures["reference"]["conventions"], count(year=year, convention="in_force", kind=siae))
    )
    wrong = [f"{a}≠{b}" for a, b in pairs if a != b]
    return "MISMATCH " + ", ".join(wrong) if wrong else f"ok ({len(pairs)} counts)"


def bench_reports(scale: int = 1) -> list[dict]:
    from structures.models import Structure

    rows = []
    for label, report in _subjects():
        started = time.perf_counter()
        html, _context = report_html(report)
        gathered = time.perf_counter()
        pdf = html_to_pdf(html)
        total = time.perf_counter() - started

        weasy_started = time.perf_counter()
        html_to_pdf(html)
        weasyprint_only = time.perf_counter() - weasy_started

        tracemalloc.start()
        try:
            html_to_pdf(report_html(report)[0])
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

        structures = Structure.objects.filter(
            **({"departement__region": report.region} if report.region_id else {})
        ).count()
        rows.append(
            {
                "report": label,
                "scale": scale,
                "structures": structures,
                "render_seconds": round(total, 3),
                "gather_seconds": round(gathered - started, 3),
                "weasyprint_seconds": round(weasyprint_only, 3),
                "ratio": round(total / weasyprint_only, 2) if weasyprint_only else None,
                "pages": pdf.pages,
                "size_kb": round(len(pdf.content) / 1024, 1),
                "peak_memory_mb": round(peak / 2**20, 1),
                # Linux gives kilobytes.
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "directory": directory_check(report),
            }
        )
    return rows


def format_rows(rows: list[dict]) -> str:
    header = (
        f"{'rapport':<34} {'SIAE':>6} {'rendu (s)':>10} {'WeasyPrint (s)':>15} "
        f"{'ratio':>6} {'pages':>6} {'mém. (Mo)':>10}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['report']:<34} {row['structures']:>6} {row['render_seconds']:>10.2f} "
            f"{row['weasyprint_seconds']:>15.2f} {row['ratio'] or 0:>6.2f} {row['pages']:>6} "
            f"{row['peak_memory_mb']:>10.1f}"
        )
    return "\n".join(lines)
