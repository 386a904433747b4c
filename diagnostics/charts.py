"""Accessible SVG charts drawn on the server, for web pages and PDF reports alike.

Pure functions: data in, an SVG string out (no request, no template, no JavaScript, no
inline style: presentation attributes only, so a strict CSP and a PDF renderer both accept
it). Each chart carries role="img", a <title> and a <desc>; the values are also given as
rows for a table next to the chart (`Chart.rows`), so nobody depends on seeing the bars.
Mark the SVG safe in the template that shows it, not here.
"""

import hashlib
from dataclasses import dataclass, field
from html import escape

PALETTE = ["#1f5f99", "#c25e00", "#2e7d4f", "#7b3f98"]
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#ced4da"

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 44
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 14
TOP = 16
LEGEND_HEIGHT = 26
# Characters of a label line at 12 px in LABEL_WIDTH (DejaVu Sans averages under 7 px a
# character): longer labels wrap on words, never cut.
LABEL_CHARS = 32
LINE_HEIGHT = 14


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    categories: list[str]
    series: list[tuple[str, list]]
    svg: str
    unit: str = ""
    rows: list[tuple[str, list]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [name for name, _values in self.series]


def _format(value, unit: str) -> str:
    if value is None:
        return "—"
    # An average or a rate (a float) always with its tenth ("2,0" beside "2,4"), a count
    # (an int) without.
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
    else:
        text = f"{int(value)}" if float(value).is_integer() else str(value)
    return f"{text}{unit}"


def label_lines(label: str, chars: int = LABEL_CHARS) -> list[str]:
    """The label on lines of at most `chars` characters, broken between words (a word
    longer than a line is broken inside, with a hyphen): every character is drawn."""
    lines: list[str] = []
    line = ""
    for word in label.split():
        while len(word) > chars:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: chars - 1] + "-")
            word = word[chars - 1 :]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= chars:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def _n(number: float) -> str:
    """A coordinate to the tenth of a pixel, without a trailing ".0"."""
    return f"{number:.1f}".removesuffix(".0")


def _ids(title: str) -> tuple[str, str]:
    digest = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"chart-{digest}-title", f"chart-{digest}-desc"


def bar_chart_svg(
    *,
    title: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, list]],
    max_value: float | None = None,
    unit: str = "",
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series.

    `series` is [(name, values)] with one value per category (None when missing, drawn as
    a dash). `max_value` fixes the scale (4 for grid levels); otherwise the largest value.
    """
    values = [v for _name, vals in series for v in vals if v is not None]
    scale_max = max_value or (max(values) if values else 1) or 1
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 8
    bars_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    labels = [label_lines(category) for category in categories]
    # Each group is as tall as its bars or its label's lines, whichever is taller.
    group_heights = [max(bars_height, len(lines) * LINE_HEIGHT) for lines in labels]
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    height = TOP + legend + sum(group_heights) + GROUP_GAP * len(categories) + 20
    title_id, desc_id = _ids(title + description)
    # Presentation attributes shared by many elements are set once on a parent and
    # inherited (SVG's own cascade): every text is in the text colour, set on the root.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" '
        f'font-size="12" fill="{TEXT_COLOUR}" class="chart">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for index, (name, _values) in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{TOP - 10}" width="12" height="12" fill="{colour}"/>'
                f'<text x="{x + 16}" y="{TOP}">{escape(name)}</text>'
            )
            x += 24 + 7 * len(name)
    top = TOP + legend
    axis_bottom = height - 20
    ticks = [
        LABEL_WIDTH + plot_width * tick / scale_max
        for tick in range(int(scale_max) + 1 if scale_max <= 10 else 0)
    ]
    if ticks:
        parts.append(f'<g stroke="{GRID_COLOUR}">')
        parts.extend(
            f'<line x1="{_n(x)}" y1="{top - 4}" x2="{_n(x)}" y2="{axis_bottom}"/>' for x in ticks
        )
        parts.append('</g><g text-anchor="middle">')
        parts.extend(
            f'<text x="{_n(x)}" y="{axis_bottom + 14}">{tick}</text>'
            for tick, x in enumerate(ticks)
        )
        parts.append("</g>")
    y = top
    for row, lines in enumerate(labels):
        group_height = group_heights[row]
        first = y + group_height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{_n(first)}" text-anchor="end">'
            + "".join(
                f'<tspan x="{LABEL_WIDTH - 8}" dy="{0 if index == 0 else LINE_HEIGHT}">'
                f"{escape(line)}</tspan>"
                for index, line in enumerate(lines)
            )
            + "</text>"
        )
        bars_top = y + (group_height - bars_height) / 2
        for index, (_name, vals) in enumerate(series):
            value = vals[row] if row < len(vals) else None
            bar_y = bars_top + index * (BAR_HEIGHT + BAR_GAP)
            colour = PALETTE[index % len(PALETTE)]
            width = 0 if value is None else plot_width * min(float(value), scale_max) / scale_max
            if width:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{_n(bar_y)}" width="{_n(width)}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{_n(LABEL_WIDTH + width + 4)}" y="{_n(bar_y + BAR_HEIGHT - 3)}">'
                f"{escape(_format(value, unit))}</text>"
            )
        y += group_height + GROUP_GAP
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    *,
    title: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, list]],
    max_value: float | None = None,
    unit: str = "",
) -> Chart:
    """The SVG plus the same values as table rows ([(category, [formatted values])])."""
    svg = bar_chart_svg(
        title=title,
        description=description,
        categories=categories,
        series=series,
        max_value=max_value,
        unit=unit,
    )
    rows = [
        (
            category,
            [_format(vals[row] if row < len(vals) else None, unit) for _name, vals in series],
        )
        for row, category in enumerate(categories)
    ]
    return Chart(
        title=title,
        description=description,
        categories=categories,
        series=series,
        svg=svg,
        unit=unit,
        rows=rows,
    )


def territorial_charts(figures: dict) -> dict[str, Chart | None]:
    """Charts of a territorial diagnostic, from `aggregates.territorial_figures` (live or
    frozen): structures by kind, and average grid levels by axis (self vs network)."""
    from django.utils.translation import gettext as _

    by_kind = figures.get("structures", {}).get("by_kind", [])
    charts = {
        "by_kind": bar_chart(
            title=_("Structures par type"),
            description=_("Nombre de structures du territoire, par type."),
            categories=[row["label"] for row in by_kind],
            series=[(_("Structures"), [row["count"] for row in by_kind])],
        )
    }
    scores = figures.get("scores", [])
    charts["scores"] = None
    if scores:
        charts["scores"] = bar_chart(
            title=_("Niveau moyen par axe sur le territoire"),
            description=_(
                "Moyenne des niveaux (de 1 à 4) des évaluations transmises sur la période : "
                "auto-évaluations des structures et évaluations du réseau en visite."
            ),
            categories=[row["axis"] for row in scores],
            series=[
                (_("Auto-évaluations"), [row.get("self") for row in scores]),
                (_("Évaluations du réseau"), [row.get("visit") for row in scores]),
            ],
            max_value=4,
        )
    return charts
