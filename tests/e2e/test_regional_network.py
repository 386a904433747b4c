"""The réseau IAE de Guyane in a browser: staff move it to a new stage from its page, and
the manager of an invited founder accepts from the member area, on the keyboard alone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_change_the_stage_and_an_invited_founder_accepts(world, browsing, axe):
    from network.models import RegionalNetwork

    network = RegionalNetwork.objects.get(name="Réseau IAE de Guyane")
    staff = browsing()
    staff.login(world["guyane"].email)
    staff.goto(f"/reseau/reseaux-regionaux/{network.pk}/")
    axe.check(staff.page)
    staff.page.get_by_role("link", name="Changer d'étape").click()
    staff.page.get_by_label("Nouvelle étape").select_option(label="Actif")
    staff.page.get_by_label("Date du changement").fill("2019-10-01")
    staff.page.get_by_label("Explication").fill("Assemblée constitutive tenue, bureau élu.")
    axe.check(staff.page)
    staff.page.get_by_role("button", name="Enregistrer le changement d'étape").click()
    expect(staff.page.locator("#history-title + ol")).to_contain_text(
        "En constitution → Actif : Assemblée constitutive tenue, bureau élu."
    )

    manager = browsing(javascript=False)
    manager.login(world["siae-b"].email)
    manager.goto("/reseau/reseau-regional/")
    page = manager.page
    page.get_by_role("link", name="Répondre à l'invitation : Chantier Maroni Insertion").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe.check(page)
    page.locator("#answer-accept").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the radio group is one stop: on to the button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Confirmer ma réponse"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#mine-title + ul")).to_contain_text("Chantier Maroni Insertion : Engagée")
    axe.check(page)
    axe.assert_clean()
