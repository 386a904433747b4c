"""Each demo account logs in through the real login page and lands on its own home."""

import re

import pytest

from tests.access import ROLES

pytestmark = pytest.mark.django_db(transaction=True)

HOMES = {
    "admin": "/reseau/",
    "reseau": "/reseau/",
    "guyane": "/reseau/",
    "normandie": "/reseau/",
    "siae-a": "/structures/espace-adherent/",
    "siae-b": "/structures/espace-adherent/",
    "dieccte": "/reseau/partenaire/",
}
# What each home shows of its own person: the dashboard, their structure, their organisation.
HOME_TEXT = {
    "admin": "Tableau de bord",
    "reseau": "Tableau de bord",
    "guyane": "Guyane",
    "normandie": "Normandie",
    "siae-a": "APROSEP",
    "siae-b": "Chantier Maroni Insertion",
    "dieccte": "DIECCTE Guyane",
}


def test_every_demo_account_lands_on_its_own_home(world, browsing, axe):
    assert set(HOMES) == set(ROLES) - {"anonymous"}
    for role, home in HOMES.items():
        session = browsing()
        session.login(world[role].email)
        assert session.path() == home, f"{role} landed on {session.path()}"
        assert session.page.get_by_role("heading", level=1).is_visible()
        assert HOME_TEXT[role] in session.page.locator("main").inner_text()
        axe.check(session.page)
        session.logout()
        assert session.path().startswith("/accounts/login/")
    axe.assert_clean()


def test_wrong_password_says_so_and_stays_logged_out(world, browsing):
    session = browsing()
    session.login(world["siae-a"].email, password="pas-le-bon")
    assert session.path().startswith("/accounts/login/")
    alert = session.page.locator(".alert, .errorlist, [role=alert]").first
    assert re.search(r"adresse e-mail ou le mot de passe sont incorrects", alert.inner_text(), re.I)
    session.goto("/structures/espace-adherent/")
    assert session.path().startswith("/accounts/login/")


def test_login_works_without_javascript(world, browsing):
    session = browsing(javascript=False)
    session.login(world["dieccte"].email)
    assert session.path() == "/reseau/partenaire/"
    assert "DIECCTE Guyane" in session.page.get_by_role("heading", level=1).inner_text()
    session.logout()
    session.goto("/reseau/partenaire/")
    assert session.path().startswith("/accounts/login/")
