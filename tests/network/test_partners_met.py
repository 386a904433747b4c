""" "Partners met" has one definition (network/figures.py): an exchange logged with the
organisation, or a diagnostic visit it took part in, within the period. The staff home
(period: this year so far), the partner list it links to, the diagnostic page and the
report all count with it."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from network.figures import partners_met_filter, partners_met_period
from network.models import Interaction, Organisation
from structures.figures import DEFINITIONS, territory_figures

pytestmark = pytest.mark.django_db

STAT = re.compile(r'<a class="stat" href="([^"]*)">(\d+)</a>([^<]*)')
NOT_MET = re.compile(r'<a href="([^"]*met=no[^"]*)">(\d+) pas encore')
LIST_COUNT = re.compile(r"<caption>\s*(\d+) partenaires?\s*</caption>")


def _list_count(client, url: str) -> int:
    response = client.get(unescape(url))
    assert response.status_code == 200
    return int(LIST_COUNT.search(response.content.decode()).group(1))


def test_staff_home_partner_figures_open_lists_of_that_many_partners(demo, login):
    from territories.models import Region

    guyane = Region.objects.get(code="03")
    client = login(demo["guyane"])
    html = client.get(reverse("network:staff_home") + "?region=03").content.decode()
    met = [
        (url, int(n), label)
        for url, n, label in STAT.findall(html)
        if reverse("network:partner_list") in url
    ]
    assert len(met) == 1
    url, figure, label = met[0]
    year = timezone.localdate().year
    assert f"rencontrés en {year}" in label
    assert _list_count(client, url) == figure
    not_met_url, not_met = NOT_MET.search(html).groups()
    assert _list_count(client, not_met_url) == int(not_met)
    start, end = partners_met_period()
    expected = (
        Organisation.objects.filter(region=guyane).filter(partners_met_filter(start, end)).count()
    )
    # The demo's present has exchanges with three partners (the 2019 story is not counted).
    assert figure == expected == 3
    assert int(not_met) == Organisation.objects.filter(region=guyane).count() - figure


def test_the_report_and_the_staff_home_count_partners_met_the_same_way(demo):
    from diagnostics.models import Visit
    from territories.models import Region

    guyane = Region.objects.get(code="03")
    start, end = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
    figures = territory_figures(region=guyane, period_start=start, period_end=end)
    names = {row["name"] for row in figures["activity"]["partners_met"]}
    same = Organisation.objects.filter(region=guyane).filter(partners_met_filter(start, end))
    assert names == set(same.values_list("name", flat=True)) and names
    # A partner met at a diagnostic visit only (no exchange logged) is met.
    visit = Visit.objects.filter(structure__departement__region=guyane).first()
    visit.held_on = datetime.date(2019, 6, 3)
    visit.save()
    silent = Organisation.objects.filter(region=guyane).exclude(pk__in=same).first()
    assert not Interaction.objects.filter(organisations=silent, occurred_on__year=2019).exists()
    visit.partner_participants.add(silent)
    figures = territory_figures(region=guyane, period_start=start, period_end=end)
    assert silent.name in {row["name"] for row in figures["activity"]["partners_met"]}
    assert Organisation.objects.filter(pk=silent.pk).filter(partners_met_filter(start, end))
    # Outside the period, neither counts it.
    later = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
    assert not Organisation.objects.filter(pk=silent.pk).filter(partners_met_filter(*later))
    # One written definition, printed in the report.
    assert "pendant la période" in str(DEFINITIONS["partners_met"].text)
