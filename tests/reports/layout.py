"""How full each page of a laid-out report is, from WeasyPrint's own boxes.

`page_audit(document)` gives, for every page, the share of its content area that holds
something (text lines, images, table cells: the lowest bottom of them, from the top of the
area) and the chapters that start on it. A page may be more than half blank only before a
chapter that must start on a new page (`section.chapter` not `inline`), after the cover
and the table of contents (which end their page), or at the end of the report.
"""

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes


@dataclass
class PageAudit:
    number: int
    fill: float
    starts: list[str] = field(default_factory=list)  # chapters starting here (their ids)
    ends_forced: bool = False  # the cover or the table of contents is on this page


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _content(box):
    """Every box of the page's content (never the running headers and page numbers)."""
    for child in box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        yield child
        yield from child.descendants()


def page_audit(document) -> list[PageAudit]:
    seen: set[int] = set()
    audits = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        top = page_box.content_box_y()
        height = page_box.height
        bottom = top
        audit = PageAudit(number=number, fill=0.0)
        for box in _content(page_box):
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableCellBox):
                bottom = max(bottom, box.position_y + box.margin_height())
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", "") not in ("section", "nav"):
                continue
            classes = _classes(element)
            if classes & {"cover", "toc"}:
                audit.ends_forced = True
            if id(element) in seen:
                continue
            seen.add(id(element))
            if "chapter" in classes and "inline" not in classes:
                audit.starts.append(element.get("id") or "")
        audit.fill = round((bottom - top) / height, 3)
        audits.append(audit)
    return audits


def half_blank_pages(document) -> list[PageAudit]:
    """Pages more than half blank that no rule allows (see the module docstring)."""
    audits = page_audit(document)
    wrong = []
    for index, audit in enumerate(audits):
        if audit.fill >= 0.5 or audit.ends_forced or index == len(audits) - 1:
            continue
        if audits[index + 1].starts:
            continue
        wrong.append(audit)
    return wrong
