"""The first step of a visit: staff find the structure by typing part of its name. With
JavaScript the matches come while typing, on the same page, focus staying in the field; the
address follows, so a reload shows them again. Without JavaScript, Enter sends the same
search as a plain GET form."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from structures.models import Structure

pytestmark = pytest.mark.django_db(transaction=True)

STRUCTURE = "Atelier Couture d'Apatou"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_staff_find_the_structure_of_a_visit_by_typing(world, browsing, axe, javascript):
    session = browsing(javascript=javascript)
    session.login(world["guyane"].email)
    page = session.page
    url = reverse("diagnostics:visit_create")
    session.goto(url)
    axe.check(session)
    match = page.get_by_role("link", name=STRUCTURE)
    status = page.locator("#structure-search-status")
    field = page.locator("#id_q")
    field.click()
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
        page.keyboard.type("couture apat", delay=30)
        expect(match).to_be_visible()
        expect(status).to_have_text("1 structure correspond.")
        assert page.evaluate("window.stillTheSamePage === true")
        assert page.evaluate("document.activeElement.id") == "id_q"
        expect(page).to_have_url(re.compile(r"\?q=couture\+apat$"))
        # Typing on narrows or widens the matches, still without a page load.
        page.keyboard.type("xyz")
        expect(status).to_have_text(re.compile("Aucune structure de vos territoires"))
        expect(match).to_have_count(0)
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        expect(match).to_be_visible()
        assert page.evaluate("window.stillTheSamePage === true")
        page.reload()
        expect(match).to_be_visible()
    else:
        page.keyboard.type("couture apat")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(status).to_have_text("1 structure correspond.")
    axe.check(session)
    with page.expect_navigation():
        match.click()
    structure = Structure.objects.get(name=STRUCTURE)
    assert session.path() == f"{url}?structure={structure.pk}"
    expect(page.locator("main")).to_contain_text(STRUCTURE)
    axe.assert_clean()


def test_staff_add_a_participant_found_while_typing(world, browsing, axe):
    """The matches put in place by the script carry their own add buttons (POST forms)."""
    from diagnostics.models import Accompaniment

    accompaniment = Accompaniment.objects.get(structure__name="APROSEP", kind="dla")
    session = browsing()
    session.login(world["guyane"].email)
    page = session.page
    session.goto(reverse("diagnostics:accompaniment_participants", args=[accompaniment.pk]))
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#id_q").click()
    page.keyboard.type("couture apat", delay=30)
    add = page.get_by_role("button", name=f"Ajouter {STRUCTURE}")
    expect(add).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true")
    axe.check(session)
    with page.expect_navigation():
        add.click()
    expect(page.locator(".messages")).to_contain_text(f"{STRUCTURE} participe à l'action.")
    assert accompaniment.participants.filter(name=STRUCTURE).exists()
    # Back on the same search, the structure now reads as taking part.
    assert page.locator("#id_q").input_value() == "couture apat"
    expect(page.locator("#structure-choices")).to_contain_text("Participe déjà")
    axe.assert_clean()
