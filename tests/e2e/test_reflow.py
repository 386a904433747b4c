"""Reflow (WCAG 1.4.10): every page a demo role reaches, from its home by following links,
fits a phone. At 320×640 and 390×844 the page never scrolls sideways (wide tables scroll
inside their own region), the logout control is on screen, and axe-core finds no serious or
critical violation."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = [(320, 640), (390, 844)]
# Enough for every kind of page of a role (list, detail, form) without walking every row.
MAX_PAGES = 45
# Not pages: files, the admin (Django's own), exports, calendars and sign-out.
NOT_PAGES = re.compile(
    r"^/admin/|/export|\.ics$|/telecharger|/download|/fichier|/ics|/feed|/agenda/|format=|/logout"
)

OVERFLOW = """() => {
    const width = window.innerWidth;
    const root = document.documentElement.scrollWidth;
    const culprits = [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > width + 1
                      && !el.closest(".table-scroll") && el.offsetParent !== null)
        .slice(0, 3).map(el => el.tagName.toLowerCase() + "." + el.className);
    return {root, width, culprits};
}"""

LINKS = """() => [...document.querySelectorAll("a[href]")]
    .map(a => a.getAttribute("href"))
    .filter(href => href.startsWith("/") || href.startsWith("?"))"""


def page_kind(path: str) -> str:
    """Two rows of the same list are the same kind of page: visit one."""
    return re.sub(r"\d+", "N", urlsplit(path).path)


@pytest.mark.parametrize("role", ["guyane", "reseau", "siae-a", "dieccte"])
def test_every_page_of_a_role_fits_a_phone(world, browsing, axe, role):
    session = browsing()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    session.login(world[role].email)
    queue = [session.path()]
    seen_kinds: set[str] = set()
    problems: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        kind = page_kind(path)
        if kind in seen_kinds or NOT_PAGES.search(path):
            continue
        seen_kinds.add(kind)
        response = page.goto(session.url(path))
        if (
            response is None
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        visited += 1
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            overflow = page.evaluate(OVERFLOW)
            if overflow["root"] > overflow["width"]:
                problems.append(f"{path} at {width}px: {overflow}")
            logout = page.get_by_role("button", name="Se déconnecter")
            if not logout.is_visible() or not logout.bounding_box()["x"] + 10 <= width:
                problems.append(f"{path} at {width}px: the logout control is not on screen")
        page.set_viewport_size({"width": 320, "height": 640})
        axe.check(page)
        for href in page.evaluate(LINKS):
            target = urlsplit(urljoin(page.url, href))
            if target.netloc == urlsplit(session.base_url).netloc:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert visited >= 5, f"{role} reached only {visited} pages"
    assert not problems, "\n".join(problems)
    axe.assert_clean()


SCROLL_REGIONS = """() => [...document.querySelectorAll(".table-scroll")].map(region => ({
    label: region.getAttribute("aria-label"),
    scrolls: region.scrollWidth > region.clientWidth + 1,
    focusable: region.getAttribute("tabindex") === "0",
    hint: getComputedStyle(region.previousElementSibling).display !== "none",
}))"""


def test_the_scroll_hint_is_for_tables_wider_than_the_screen(world, browsing):
    """The staff home's two-column tables fit a phone: no hint; the directory's table does
    not: a hint. Widening the window takes it away. Every region stays focusable."""
    session = browsing()
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    session.login(world["guyane"].email)
    page.goto(session.url("/structures/"))
    regions = page.evaluate(SCROLL_REGIONS)
    assert regions and all(region["scrolls"] for region in regions)
    assert all(region["focusable"] and region["hint"] for region in regions)
    page.set_viewport_size({"width": 1280, "height": 844})
    page.wait_for_function(
        "() => document.querySelector('.table-scroll-hint').hasAttribute('hidden')"
    )
    regions = page.evaluate(SCROLL_REGIONS)
    assert not any(region["hint"] for region in regions)
    assert all(region["focusable"] for region in regions)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(session.url("/reseau/"))
    regions = page.evaluate(SCROLL_REGIONS)
    fitting = [region for region in regions if not region["scrolls"]]
    assert fitting, "the staff home has tables that fit a phone"
    assert not any(region["hint"] for region in fitting)
    assert all(region["focusable"] for region in regions)


CLIPPED_CAPTIONS = """() => [...document.querySelectorAll(".table-scroll caption")]
    .filter(caption => caption.getBoundingClientRect().right > window.innerWidth + 1)
    .map(caption => caption.textContent.trim().slice(0, 60))"""


def test_a_wide_tables_caption_is_read_on_a_phone_without_scrolling(world, browsing):
    """The member home's indicators table is wider than a phone; its caption (the national
    targets) wraps on screen instead of running off under the scroll."""
    session = browsing()
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    session.login(world["siae-a"].email)
    assert page.locator(".table-scroll caption").count() >= 1
    assert page.evaluate(CLIPPED_CAPTIONS) == []
