import re

from diagnostics.charts import (
    GRID_COLOUR,
    TEXT_COLOUR,
    bar_chart,
    bar_chart_svg,
    territorial_charts,
)


def test_svg_is_accessible_and_has_no_inline_style():
    svg = bar_chart_svg(
        title="Niveaux <par> axe",
        description="Moyennes & comparaisons",
        categories=["Gouvernance et projet", "Modèle économique et finances"],
        series=[("Structure", [2.5, None]), ("Réseau", [3, 1])],
        max_value=4,
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
    assert f'<title id="{title_id}">Niveaux &lt;par&gt; axe</title>' in svg
    assert f'<desc id="{desc_id}">Moyennes &amp; comparaisons</desc>' in svg
    assert "style=" not in svg and "<script" not in svg
    assert svg.count("<rect") == 3 + 2  # three bars (one value missing) and a legend of two
    assert "2,5" in svg and "—" in svg


def test_attributes_shared_by_the_texts_and_grid_lines_are_written_once():
    svg = bar_chart_svg(
        title="Niveaux",
        description="Par axe",
        categories=["Gouvernance", "Finances", "Projet"],
        series=[("Structure", [2.5, 1, 3]), ("Réseau", [3, 1.5, 2])],
        max_value=4,
    )
    assert svg.count(TEXT_COLOUR) == 1 and svg.count(GRID_COLOUR) == 1
    assert svg.count("<line") == 5 and "stroke-width" not in svg
    assert re.search(r'<g stroke="[^"]+">(<line [^>]+/>){5}</g>', svg)
    assert '.0"' not in svg  # whole coordinates without a decimal


def test_chart_values_are_given_as_table_rows():
    chart = bar_chart(
        title="Structures par type",
        description="Nombre",
        categories=["ACI", "EI"],
        series=[("Structures", [12, 3])],
    )
    assert chart.headers == ["Structures"]
    assert chart.rows == [("ACI", ["12"]), ("EI", ["3"])]


def test_territorial_charts_from_frozen_figures():
    figures = {
        "structures": {"by_kind": [{"kind": "ACI", "label": "ACI", "count": 4}]},
        "scores": [{"axis": "Gouvernance", "order": 1, "self": 2.5, "visit": 2.0}],
    }
    charts = territorial_charts(figures)
    assert "ACI" in charts["by_kind"].svg
    assert charts["scores"].rows == [("Gouvernance", ["2,5", "2,0"])]  # averages keep their tenth
    assert territorial_charts({"structures": {"by_kind": []}, "scores": []})["scores"] is None


def test_long_labels_wrap_on_words_and_every_character_is_drawn():
    from diagnostics.charts import LABEL_CHARS, label_lines

    long = "3. Projet d'insertion : accueil, accompagnement, formation, encadrement"
    svg = bar_chart_svg(
        title="Scores",
        description="Par axe",
        categories=[long, "Gouvernance"],
        series=[("Visite", [2.5, 3])],
        max_value=4,
    )
    assert "…" not in svg
    labels = re.findall(r'<text[^>]*text-anchor="end">(.*?)</text>', svg)
    drawn = [" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", label)) for label in labels]
    assert drawn == [long.replace("'", "&#x27;"), "Gouvernance"]
    lines = label_lines(long)
    assert len(lines) > 1 and all(len(line) <= LABEL_CHARS for line in lines)
    # A word longer than a line is broken with a hyphen, nothing dropped.
    word = "Anticonstitutionnellementissimementplus"
    assert "".join(line.removesuffix("-") for line in label_lines(word)) == word
    # The chart grows with the lines: the wrapped label's group is taller.
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    short = bar_chart_svg(
        title="Scores",
        description="Par axe",
        categories=["Projet", "Gouvernance"],
        series=[("Visite", [2.5, 3])],
        max_value=4,
    )
    assert height > int(re.search(r'viewBox="0 0 \d+ (\d+)"', short).group(1))
