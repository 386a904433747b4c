"""What a report prints, read from the HTML WeasyPrint lays out (the PDF's own source).

The territorial template marks the elements that print a figure (`data-figure`, and the
row it belongs to: `data-siae`, `data-total`, `data-kind`, `data-commune`, `data-year`);
these helpers read the text printed there, in French typography, back into numbers.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

import cssselect2
import tinyhtml5

NOT_DECLARED = "non déclaré"
# An entry of the table by SIAE written commune by commune (past sixty SIAE): « NAME (ACI ;
# 12,00 / 10,50 (87,5 %) ; 20 sal. ; 2/3/1/4 = 10, 1 neutr. ; 20,0 % / 60,0 %) », or
# « NAME (ACI ; sans AF / non déclaré) » (spaces normalised by `text`).
COMPACT_KINDS = r"\((?:ACI|AI|EI|ETTI|EITI) ; "
COMPACT_ENTRY = re.compile(
    r"\((?P<kind>ACI|AI|EI|ETTI|EITI) ; (?P<etp_conventionnes>[\d ,]+|sans AF) / "
    r"(?:(?P<etp_realises>[\d ,]+) \((?P<occupancy>[^)]*)\) ; (?P<employees>\d+) sal\. ; "
    r"(?P<exits_durable>\d+)/(?P<exits_transition>\d+)/(?P<exits_positive>\d+)/"
    r"(?P<exits_other>\d+) = (?P<exits_counted>\d+), (?P<exits_neutralised>\d+) neutr\. ; "
    r"(?P<durable_rate>[^/]+?) / (?P<dynamic_rate>[^)]+?)|non déclaré)\)"
)


def root(html: str):
    return cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))


def text(element) -> str:
    return " ".join("".join(element.etree_element.itertext()).split())


def number(printed: str):
    """« 1 234,56 » → Decimal("1234.56"), « 33,3 % » → Decimal("33.3"); None for
    « non déclaré », « — » and « sans AF » (nothing printed to recompute from)."""
    printed = printed.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    printed = printed.removesuffix("%")
    if not re.fullmatch(r"-?\d+(,\d+)?", printed):
        return None
    return Decimal(printed.replace(",", "."))


def figures(element) -> dict:
    """{figure: printed text} of the `data-figure` elements under `element`."""
    return {
        node.etree_element.get("data-figure"): text(node)
        for node in element.query_all("[data-figure]")
    }


def numbers(element) -> dict:
    return {name: number(value) for name, value in figures(element).items()}


def percent(numerator, denominator) -> Decimal | None:
    """The rate as the report must print it: a percentage rounded once, half up, to 0.1."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def per_10k(count, population) -> Decimal | None:
    if count is None or not population:
        return None
    return (Decimal(count) * 10_000 / Decimal(population)).quantize(Decimal("0.01"), ROUND_HALF_UP)


class Printed:
    """The territorial report's printed figures."""

    def __init__(self, html: str):
        self.root = root(html)
        self.text = text(next(self.root.query_all("body")))

    def section(self, id_: str):
        return self.root.query(f"section#{id_}")

    def by_kind(self) -> dict[str, Decimal]:
        return {
            row.etree_element.get("data-kind"): numbers(row)["count"]
            for row in self.section("etat-des-lieux").query_all("tr[data-kind]")
        }

    def years(self) -> dict[int, dict]:
        """{year: {figure: number}} of the tables by year of the state of play."""
        result: dict[int, dict] = {}
        for cell in self.section("etat-des-lieux").query_all("td[data-year]"):
            year = int(cell.etree_element.get("data-year"))
            found = result.setdefault(year, {})
            if cell.etree_element.get("data-figure"):
                found[cell.etree_element.get("data-figure")] = number(text(cell))
            found.update(numbers(cell))
        return result

    def siae_rows(self) -> list[dict]:
        """Every SIAE of the table by SIAE (a table row, or an entry of the list written
        commune by commune): its printed figures; no `etp_realises` when not declared."""
        section = self.section("siae")
        rows = [
            {**numbers(row), "kind": figures(row)["kind"]}
            for row in section.query_all("tr[data-siae]")
        ]
        for commune in section.query_all("li[data-siae-commune]"):
            found = list(COMPACT_ENTRY.finditer(text(commune)))
            # Every entry of the paragraph is read: as many as its "(KIND ;" openings.
            assert len(found) == len(re.findall(COMPACT_KINDS, text(commune)))
            for match in found:
                entry = {name: number(value or "") for name, value in match.groupdict().items()}
                entry["kind"] = match.group("kind")
                if match.group("etp_realises") is None:
                    entry["etp_realises"] = None
                rows.append(entry)
        return rows

    def siae_total(self) -> dict:
        row = self.section("siae").query("tr[data-total]")
        declared, total = map(
            int, re.search(r"Total \((\d+) SIAE déclarantes sur (\d+)\)", text(row)).groups()
        )
        return {**numbers(row), "declared": declared, "structures": total}

    def communes(self) -> list[dict]:
        return [
            numbers(row) for row in self.section("etat-des-lieux").query_all("tr[data-commune]")
        ]

    def communes_total(self) -> dict:
        table = self.section("etat-des-lieux").query("table.communes")
        return numbers(table.query("tr[data-total]"))

    def synthesis(self) -> dict:
        synthesis = text(self.section("synthese"))
        total, siae = map(
            int,
            re.search(r"compte (\d+) structures de l'IAE .*?dont (\d+) SIAE", synthesis).groups(),
        )
        members = re.search(
            r"(\d+) d'entre elles sont adhérentes du réseau \(campagne d'adhésion (\d+)\)",
            synthesis,
        )
        return {
            "structures": total,
            "siae": siae,
            "members": int(members.group(1)) if members else None,
            "campaign": int(members.group(2)) if members else None,
        }
