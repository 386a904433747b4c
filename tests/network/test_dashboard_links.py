"""Every figure of the staff home and of the diagnostic page that is a link opens a list
whose count is that figure, for national and regional staff, before and after an import
of structures without membership."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="stat" href="([^"]+)">(\d+)</a>|<a href="([^"]+)">(\d+)</a>')


COUNT = re.compile(r"<p>\s*(\d+) structures?\s*·")


def directory_count(response) -> int:
    """The count the directory page shows (read from the page: it may come from cache)."""
    match = COUNT.search(response.content.decode())
    assert match, "no count on the directory page"
    return int(match.group(1))


def _figure_links(html: str):
    """(url, figure) of every link whose text is a number and which opens the directory."""
    directory = reverse("structures:directory")
    for match in LINK.finditer(html):
        url = unescape(match.group(1) or match.group(3))
        figure = int(match.group(2) or match.group(4))
        if urlsplit(url).path == directory:
            yield url, figure


def _check(client, page_url) -> int:
    html = client.get(page_url).content.decode()
    links = list(_figure_links(html))
    assert links, f"no figure link on {page_url}"
    for url, figure in links:
        response = client.get(url)
        assert response.status_code == 200
        assert directory_count(response) == figure, url
    return len(links)


def _pages(demo):
    from diagnostics.models import TerritorialDiagnostic
    from territories.models import Region

    guyane = Region.objects.get(code="03")
    diagnostic = TerritorialDiagnostic.objects.get(region=guyane)
    return [
        reverse("network:staff_home") + f"?region={guyane.code}",
        reverse("diagnostics:territorial_detail", args=[diagnostic.pk]),
    ]


def _import_structures_without_membership(demo):
    """Three new ACI in Cayenne through the staff import: no membership in any campaign."""
    from structures import imports
    from structures.demo import demo_siret

    rows = "".join(f"Importée {n};ACI;{demo_siret(90000 + n)};97302\n" for n in range(3))
    report = imports.run(
        kind=imports.STRUCTURES,
        content=("nom;type;siret;commune_insee\n" + rows).encode(),
        extension="csv",
        user=demo["reseau"],
    )
    assert report.is_valid and report.count("create") == 3, [r.errors for r in report.rows]


@pytest.mark.parametrize("who", ["reseau", "guyane"])
def test_dashboard_figures_open_lists_of_that_many_rows(demo, login, who):
    client = login(demo[who])
    checked = sum(_check(client, page) for page in _pages(demo))
    assert checked >= 10
    _import_structures_without_membership(demo)
    for page in _pages(demo):
        _check(client, page)
