"""Staff invite a manager through the form; the manager opens the e-mailed link, creates the
account and lands in the member area: a mismatched password is refused and the link works
once; by keyboard, the skip link comes first and the fields follow in reading order.
(The field story, test_field_story.py, accepts an invitation without JavaScript too.)"""

import pytest

from accounts.models import Invitation, User
from structures.models import StructureMembership

from . import steps

pytestmark = pytest.mark.django_db(transaction=True)

INVITEE = "direction@bois-et-fleuve.test"
NEW_PASSWORD = "Pirogue-sur-le-Maroni-2019"


def invite_manager(session, axe) -> str:
    return steps.invite_manager(
        session,
        axe,
        email=INVITEE,
        first_name="Rosana",
        last_name="Tiouka",
        structure="Bois et Fleuve",
    )


def assert_member_area(session, axe=None, *, structure: str = "Bois et Fleuve") -> None:
    assert session.path() == "/structures/espace-adherent/"
    page = session.page
    assert "Votre compte est créé" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).is_visible()
    assert structure in page.locator("main").inner_text()
    if axe is not None:
        axe.check(page)
    user = User.objects.get(email=INVITEE)
    assert user.is_siae_manager
    assert (user.first_name, user.last_name) == ("Rosana", "Tiouka")
    assert user.check_password(NEW_PASSWORD)
    assert StructureMembership.objects.get(user=user).structure.name == structure
    assert Invitation.objects.get(email=INVITEE).accepted_by == user


def test_invited_manager_creates_the_account_and_lands_in_the_member_area(
    world, browsing, axe, mailoutbox
):
    staff = browsing()
    staff.login(world["guyane"].email)
    link = invite_manager(staff, axe)

    manager = browsing()
    manager.goto(link)
    axe.check(manager.page)
    page = manager.page
    assert "Dirigeant·e de SIAE" in page.locator("main").inner_text()
    # A mismatched confirmation is refused with a message, and nothing is created.
    page.locator("#id_first_name").fill("Rosana")
    page.locator("#id_last_name").fill("Tiouka")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    assert "ne correspondent pas" in page.locator("main").inner_text()
    assert not User.objects.filter(email=INVITEE).exists()
    axe.check(page)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    assert_member_area(manager, axe)

    # The link works once: opened again, it says the invitation was accepted.
    again = browsing()
    again.goto(link, status=400)
    assert "déjà été acceptée" in again.page.locator("main").inner_text()
    axe.assert_clean()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_invitation_accepted_with_the_keyboard_only(world, browsing, axe, mailoutbox):
    staff = browsing()
    staff.login(world["guyane"].email)
    link = invite_manager(staff, axe)

    manager = browsing()
    manager.goto(link)
    page = manager.page
    keyboard = page.keyboard
    # The skip link comes first and takes the focus to the content.
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Aller au contenu"
    keyboard.press("Enter")
    assert focused_id(page) == "contenu"
    # Then each field in reading order.
    for field_id, text in [
        ("id_first_name", "Rosana"),
        ("id_last_name", "Tiouka"),
        ("id_password1", NEW_PASSWORD),
        ("id_password2", NEW_PASSWORD),
    ]:
        keyboard.press("Tab")
        assert focused_id(page) == field_id
        keyboard.press("Control+A")
        keyboard.type(text)
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Créer mon compte"
    with page.expect_navigation():
        keyboard.press("Enter")
    page.wait_for_load_state()
    assert_member_area(manager, axe)
    # The focus ring is visible (3px outline from maillage.css) on a focused control.
    keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    axe.assert_clean()
