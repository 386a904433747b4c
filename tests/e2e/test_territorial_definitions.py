"""The definitions of a territorial diagnostic's figures, one link away from the figures: on
a phone, by keyboard, the link opens a page that fits the screen and defines each figure."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from diagnostics.models import TerritorialDiagnostic
from structures.figures import definitions

from .test_reflow import OVERFLOW

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_open_the_definitions_of_the_figures_from_a_diagnostic(world, browsing, axe):
    session = browsing()
    page = session.page
    page.set_viewport_size({"width": 320, "height": 640})
    session.login(world["guyane"].email)
    diagnostic = TerritorialDiagnostic.objects.get(region__code="03")
    session.goto(reverse("diagnostics:territorial_detail", args=[diagnostic.pk]))
    axe.check(session)
    link = page.locator("main").get_by_role("link", name="Définitions des chiffres").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert session.path() == reverse("diagnostics:territorial_definitions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Définitions des chiffres")
    for definition in definitions():
        expect(page.locator(f"dt#{definition.key}")).to_have_text(str(definition.label))
    overflow = page.evaluate(OVERFLOW)
    assert overflow["root"] <= overflow["width"], overflow
    axe.check(session)
    axe.assert_clean()
