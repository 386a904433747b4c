"""axe-core on the main pages of each role: every link of the navigation, from each kind of
account (regional staff, a manager, a partner agent). No serious or critical violation."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", ["guyane", "siae-a", "dieccte"])
def test_main_pages_of_each_role_have_no_serious_violation(world, browsing, axe, role):
    session = browsing()
    session.login(world[role].email)
    links = session.page.locator("header nav a.nav-link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    pages = [href for href in dict.fromkeys(links) if href and not href.startswith("/admin/")]
    assert len(pages) >= 2, links
    for href in [*pages, "/compte/profil/", "/accessibilite/"]:
        session.goto(href)
        assert re.search(r"\S", session.page.title())
        axe.check(session.page)
    axe.assert_clean()
