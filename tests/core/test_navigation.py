"""The staff navigation: themes to open rather than seventeen links to tab through, every
staff page still one click away, and the current page announced."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "network:staff_home",
    "structures:directory",
    "network:partner_list",
    "network:interaction_list",
    "network:adhesion_list",
    "accounts:invitation_list",
    "network:federation",
    "diagnostics:visit_list",
    "diagnostics:action_plan_list",
    "diagnostics:accompaniment_list",
    "diagnostics:grid_list",
    "diagnostics:territorial_list",
    "reports:list",
    "events:list",
    "events:rates",
    "network:publication_list",
]


def header(html: str) -> str:
    return re.search(r"<header.*?</header>", html, re.S).group(0)


@pytest.fixture
def staff(login):
    return login(UserFactory(national=True))


def test_staff_navigation_groups_every_staff_page_by_theme(staff):
    nav = header(staff.get(reverse("structures:directory")).content.decode())
    summaries = re.findall(r'<summary class="nav-link">([^<]+)</summary>', nav)
    assert summaries == ["Réseau", "Accompagnement", "Territoires", "Animation"]
    hrefs = re.findall(r'class="nav-link" href="([^"]+)"', nav)
    assert hrefs.count(reverse("structures:directory")) == 1
    for name in STAFF_PAGES:
        assert reverse(name) in hrefs, name
    # Only the dashboard stays outside the groups: five stops for the Tab key, not seventeen.
    top_level = re.findall(r'<li class="nav-item">\s*<a', nav.split("<details>")[0])
    assert len(top_level) == 1


@pytest.mark.parametrize("name", ["structures:directory", "events:rates", "reports:list"])
def test_current_page_is_announced_once(staff, name):
    nav = header(staff.get(reverse(name)).content.decode())
    current = re.findall(r'href="([^"]+)" aria-current="page"', nav)
    assert current == [reverse(name)]


def test_page_outside_the_navigation_marks_nothing_current(staff):
    nav = header(staff.get(reverse("accounts:profile")).content.decode())
    assert 'aria-current="page"' not in nav


def test_the_menu_rendered_once_is_each_role_s_own_in_its_language(login):
    """The menu is rendered once per process for a role, a language and a page: people of
    other roles, and the same person in English, never get someone else's."""
    staff = UserFactory(national=True)
    manager = UserFactory(manager=True)
    url = reverse("accounts:profile")  # a page of every role
    for _ in range(2):  # the second time from what the first rendered
        staff_nav = header(login(staff).get(url).content.decode())
        assert ">Réseau</summary>" in staff_nav and "Espace adhérent" not in staff_nav
        manager_nav = header(login(manager).get(url).content.decode())
        assert "Espace adhérent" in manager_nav
        assert manager_nav.count("<summary") == 1  # the menu's own toggle, no staff theme
    client = login(staff)
    client.post(reverse("set_language"), {"language": "en"})
    english = header(client.get(url).content.decode())
    assert ">Network</summary>" in english and "Réseau" not in english
    current = header(client.get(reverse("events:rates")).content.decode())
    assert re.findall(r'href="([^"]+)" aria-current="page"', current) == [reverse("events:rates")]
