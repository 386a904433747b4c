"""The staff navigation's theme groups, by keyboard: Tab reaches a theme, Enter opens it,
its links follow in the Tab order, Escape closes it and leaves focus on the theme."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_staff_reaches_a_page_of_a_theme_by_keyboard(world, browsing, axe, javascript):
    session = browsing(javascript=javascript)
    session.login(world["guyane"].email)
    page = session.page
    reports = page.locator("header a.nav-link", has_text="Rapports")
    assert not reports.is_visible()
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused_text(page) == "Territoires":
            break
    assert focused_text(page) == "Territoires"
    page.keyboard.press("Enter")
    assert reports.is_visible()
    axe.check(page)
    if javascript:
        # Opening another theme closes this one; Escape closes and keeps focus on the theme.
        page.locator("header summary", has_text="Animation").click()
        expect(reports).to_be_hidden()
        page.keyboard.press("Escape")
        expect(page.locator("header a.nav-link", has_text="Événements")).to_be_hidden()
        assert focused_text(page) == "Animation"
        page.locator("header summary", has_text="Territoires").focus()
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused_text(page) == "Rapports"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert session.path() == "/rapports/"
    assert page.locator("header a[aria-current=page]").text_content() == "Rapports"
    axe.check(page)
    axe.assert_clean()
