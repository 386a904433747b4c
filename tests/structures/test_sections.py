"""What higher apps register in `structures.sections` shows on a structure's pages."""

import pytest
from django.urls import reverse

from network.models import Interaction
from structures import sections
from structures.models import Structure

pytestmark = pytest.mark.django_db


def test_the_staff_page_shows_the_sections_of_network_diagnostics_and_events_in_order(demo, login):
    aprosep = Structure.objects.get(name="APROSEP")
    exchange = Interaction.objects.filter(structures=aprosep).order_by("-occurred_on").first()
    page = login(demo["guyane"]).get(reverse("structures:detail", args=[aprosep.pk]))
    html = page.content.decode()
    headings = [
        "<h2>Échanges avec le réseau</h2>",
        'id="diag-summary-title"',
        'id="events-summary-title"',
    ]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert html.index("<h2>Documents</h2>") < positions[0]
    assert positions[-1] < html.index("<h2>Historique des modifications</h2>")
    assert exchange is not None and exchange.title in html
    assert [s.name for s in sections.sections(sections.STAFF_DETAIL)] == [
        "network",
        "diagnostics",
        "events",
    ]


def test_the_member_home_links_to_diagnostics_and_events(demo, login):
    html = login(demo["siae-a"]).get(reverse("structures:member_home"), follow=True)
    html = html.content.decode()
    assert "Accompagnement et vie du réseau" in html
    assert f'href="{reverse("diagnostics:member_home")}"' in html
    assert f'href="{reverse("events:member_home")}"' in html
