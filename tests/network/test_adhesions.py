"""Adhesion campaigns: bulk opening, staff updates, renewal from the member area,
logged reminders and exports of what was searched."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from network import services
from network.tasks import adhesion_reminders_send
from structures.enums import AdhesionReminderKind, AdhesionStatus, PaymentStatus
from structures.models import Adhesion, AdhesionCampaign, AdhesionReminderLog
from tests.factories import MembershipFactory as StructureMembershipFactory
from tests.factories import StructureFactory
from tests.network.factories import AdhesionFactory, CampaignFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2030, 3, 2)


def test_opening_a_campaign_creates_one_membership_per_structure_once(demo):
    structures = list(StructureFactory.create_batch(3))
    previous = CampaignFactory(year=2031)
    AdhesionFactory(campaign=previous, structure=structures[0], status=AdhesionStatus.MEMBER)
    campaign, created = services.campaign_open(
        year=2032,
        starts_on=datetime.date(2032, 1, 1),
        ends_on=datetime.date(2032, 12, 31),
        default_dues=Decimal("420"),
        by=demo["reseau"],
    )
    from structures.models import Structure

    assert created == Structure.objects.count()
    assert campaign.opened_at is not None
    assert campaign.adhesions.get(structure=structures[1]).status == AdhesionStatus.INVITED
    assert campaign.adhesions.get(structure=structures[1]).dues_amount == Decimal("420")
    StructureFactory()
    _campaign, again = services.campaign_open(
        year=2032,
        starts_on=datetime.date(2032, 1, 1),
        ends_on=datetime.date(2032, 12, 31),
        default_dues=Decimal("420"),
        by=demo["reseau"],
    )
    assert again == 1


def test_previous_members_are_awaited_for_renewal(demo):
    structure = StructureFactory()
    AdhesionFactory(campaign=CampaignFactory(year=2031), structure=structure, status="member")
    campaign, _ = services.campaign_open(
        year=2032,
        starts_on=datetime.date(2032, 1, 1),
        ends_on=datetime.date(2032, 12, 31),
        default_dues=Decimal("1"),
        by=demo["reseau"],
    )
    assert campaign.adhesions.get(structure=structure).status == AdhesionStatus.PENDING


def test_regional_staff_cannot_open_a_campaign(demo, login):
    with pytest.raises(services.NetworkError):
        services.campaign_open(
            year=2033,
            starts_on=datetime.date(2033, 1, 1),
            ends_on=datetime.date(2033, 12, 31),
            default_dues=Decimal("1"),
            by=demo["guyane"],
        )
    response = login(demo["guyane"]).post(
        reverse("network:campaign_open"),
        {"year": 2033, "starts_on": "2033-01-01", "ends_on": "2033-12-31", "default_dues": "1"},
    )
    assert response.status_code == 404
    assert not AdhesionCampaign.objects.filter(year=2033).exists()


def test_national_staff_open_a_campaign_from_the_page(demo, login):
    response = login(demo["reseau"]).post(
        reverse("network:campaign_open"),
        {"year": 2034, "starts_on": "2034-01-01", "ends_on": "2034-12-31", "default_dues": "300"},
    )
    assert response.status_code == 302
    campaign = AdhesionCampaign.objects.get(year=2034)
    assert campaign.adhesions.count() > 20


def test_staff_mark_a_membership_paid_and_it_becomes_a_member(demo, login):
    adhesion = Adhesion.objects.get(
        structure__name="Chantier Maroni Insertion", campaign__year=2019
    )
    response = login(demo["guyane"]).post(
        reverse("network:adhesion_edit", args=[adhesion.pk]),
        {
            "status": "pending",
            "dues_amount": "350.00",
            "payment_status": "paid",
            "paid_on": "",
            "contact_email": "",
        },
    )
    assert response.status_code == 302
    adhesion.refresh_from_db()
    assert adhesion.status == AdhesionStatus.MEMBER
    assert adhesion.paid_on is not None
    assert adhesion.history.first().history_user == demo["guyane"]


def test_a_manager_renews_their_structure_membership_but_not_another(demo, login):
    mine = Adhesion.objects.get(structure__name="APROSEP", campaign__year=2019)
    Adhesion.objects.filter(pk=mine.pk).update(
        status=AdhesionStatus.INVITED, payment_status=PaymentStatus.DUE
    )
    other = Adhesion.objects.get(structure__name="Chantier Maroni Insertion", campaign__year=2019)
    client = login(demo["siae-a"])
    page = client.get(reverse("network:member_adhesion"))
    assert "APROSEP" in page.content.decode()
    assert "Chantier Maroni" not in page.content.decode()
    response = client.post(
        reverse("network:member_adhesion_renew", args=[mine.pk]),
        {"contact_email": "compta@aprosep.exemple.test"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AdhesionStatus.PENDING
    assert mine.contact_email == "compta@aprosep.exemple.test"
    assert mine.renewed_at is not None
    denied = client.post(
        reverse("network:member_adhesion_renew", args=[other.pk]),
        {"contact_email": "x@exemple.test"},
    )
    assert denied.status_code == 404


def test_a_manager_who_is_not_admin_cannot_renew(demo, login):
    adhesion = Adhesion.objects.get(structure__name="APROSEP", campaign__year=2019)
    colleague = StructureMembershipFactory(structure=adhesion.structure, is_admin=False).user
    response = login(colleague).post(
        reverse("network:member_adhesion_renew", args=[adhesion.pk]),
        {"contact_email": "x@exemple.test"},
    )
    assert response.status_code == 403  # sees the membership, does not commit the structure


def test_reminders_are_sent_logged_and_never_twice_the_same_day(
    reminder_world, mailoutbox, committed
):
    assert committed(lambda: adhesion_reminders_send.delay(today=DAY.isoformat()).get()) == 2
    assert sorted(m.to[0] for m in mailoutbox) == [
        "compta@siae.exemple.test",
        "direction@siae.exemple.test",
    ]
    logs = AdhesionReminderLog.objects.order_by("kind")
    assert [(log.kind, log.sent_on) for log in logs] == [
        (AdhesionReminderKind.PAYMENT, DAY),
        (AdhesionReminderKind.RENEWAL, DAY),
    ]
    assert committed(lambda: adhesion_reminders_send.delay(today=DAY.isoformat()).get()) == 0
    assert len(mailoutbox) == 2
    assert AdhesionReminderLog.objects.count() == 2


def test_reminders_wait_for_the_campaign_interval(reminder_world, mailoutbox, committed):
    committed(services.adhesion_reminders_send, today=DAY)
    assert committed(services.adhesion_reminders_send, today=DAY + datetime.timedelta(days=13)) == 0
    assert committed(services.adhesion_reminders_send, today=DAY + datetime.timedelta(days=14)) == 2
    assert len(mailoutbox) == 4
    assert AdhesionReminderLog.objects.count() == 4


def test_no_reminder_after_the_campaign_period(reminder_world, mailoutbox, committed):
    assert committed(services.adhesion_reminders_send, today=datetime.date(2031, 1, 1)) == 0
    assert mailoutbox == []


def test_a_reminder_already_logged_today_is_not_sent_again(reminder_world, mailoutbox, committed):
    """Two workers racing: the log row is the lock (unique per adhesion, kind, day)."""
    AdhesionReminderLog.objects.create(
        adhesion=reminder_world["unpaid"],
        kind=AdhesionReminderKind.PAYMENT,
        sent_on=DAY,
        recipients="compta@siae.exemple.test",
    )
    assert committed(services.adhesion_reminders_send, today=DAY) == 1
    assert [m.to for m in mailoutbox] == [["direction@siae.exemple.test"]]


def test_export_is_what_was_searched_and_neutralises_formulas(demo, login):
    adhesion = Adhesion.objects.get(structure__name="APROSEP", campaign__year=2019)
    adhesion.structure.name = '=HYPERLINK("http://x")'
    adhesion.structure.save()
    client = login(demo["guyane"])
    response = client.get(
        reverse("network:adhesion_export", args=["csv"]), {"status": "member", "region": ""}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    assert all(row[7] == "Adhérente" for row in rows[1:])
    expected = Adhesion.objects.filter(
        campaign__year=2019, status="member", structure__departement__region__code="03"
    ).count()
    assert len(rows) - 1 == expected
    assert not any("Rouen" in row[4] for row in rows[1:])  # Normandie stays out of scope
    xlsx = client.get(reverse("network:adhesion_export", args=["xlsx"]), {"q": "HYPERLINK"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    # A string cell, never a formula, and no quote shows in the spreadsheet.
    assert values[1][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_adhesion_list_costs_the_same_at_two_sizes(demo, login, django_assert_max_num_queries):
    campaign = AdhesionCampaign.objects.get(year=2019)
    url = reverse("network:adhesion_list")
    for role in ("reseau", "guyane"):
        client = login(demo[role])
        with django_assert_max_num_queries(15) as small:
            client.get(url)
        for _ in range(60):
            AdhesionFactory(campaign=campaign)  # in Guyane, a second page for both roles
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(url)
        assert response.status_code == 200


def _listed(client, **params) -> tuple[list[int], str]:
    """The adhesions of a page of the list, in the order shown, and the page's text."""
    response = client.get(reverse("network:adhesion_list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    edit = re.escape(reverse("network:adhesion_edit", args=[0])).replace("0", r"(\d+)")
    return [int(pk) for pk in re.findall(f'<th scope="row"><a href="{edit}">', html)], html


def _totals(html) -> tuple[int, int]:
    """The figures above the list: adhesions of the search, and members among them."""
    (found,) = re.findall(r"(\d+) adhésions?, dont (\d+) adhérentes?\.", html)
    return int(found[0]), int(found[1])


def _in_guyane_campaign(count, **fields):
    campaign = AdhesionCampaign.objects.get(year=2019)
    return [AdhesionFactory(campaign=campaign, **fields) for _ in range(count)]


def test_adhesion_list_pages_every_adhesion_once_in_name_order(demo, login):
    """Sorted by name in the database's collation, then by adhesion for equal names, fifty
    a page; the totals count the whole search, not the page."""
    twins = StructureFactory.create_batch(2, name="Atelier Jumeau")
    _in_guyane_campaign(1, structure=twins[1])
    _in_guyane_campaign(1, structure=twins[0])
    _in_guyane_campaign(58, status=AdhesionStatus.MEMBER)
    current = Adhesion.objects.filter(campaign__year=2019)
    expected = list(current.order_by("structure__name", "pk").values_list("pk", flat=True))
    assert 50 < len(expected) <= 100
    client = login(demo["reseau"])
    first, html = _listed(client)
    second, second_html = _listed(client, page=2)
    assert first + second == expected
    assert len(first) == 50
    assert "Page 1 sur 2" in html and "Page 2 sur 2" in second_html
    members = current.filter(status=AdhesionStatus.MEMBER).count()
    assert _totals(html) == _totals(second_html) == (len(expected), members)
    last, _html = _listed(client, page=99)  # past the end: the last page
    assert last == second


def test_adhesion_list_sorted_by_status_shows_each_adhesion_on_one_page(demo, login):
    _in_guyane_campaign(30, status=AdhesionStatus.PENDING)
    _in_guyane_campaign(30, status=AdhesionStatus.INVITED)
    client = login(demo["reseau"])
    first, _html = _listed(client, ordering="status")
    second, _html = _listed(client, ordering="status", page=2)
    expected = list(
        Adhesion.objects.filter(campaign__year=2019)
        .order_by("status", "structure__name", "pk")
        .values_list("pk", flat=True)
    )
    assert first + second == expected
    descending, _html = _listed(client, ordering="-structure")
    assert descending == list(
        Adhesion.objects.filter(campaign__year=2019)
        .order_by("-structure__name", "pk")
        .values_list("pk", flat=True)[:50]
    )


def test_regional_staff_list_their_territory_as_filtered(demo, login):
    from structures.models import Structure

    _in_guyane_campaign(3, status=AdhesionStatus.LAPSED)
    client = login(demo["guyane"])
    shown, html = _listed(client)
    in_guyane = Adhesion.objects.filter(
        campaign__year=2019, structure__departement__region__code="03"
    )
    assert sorted(shown) == sorted(in_guyane.values_list("pk", flat=True))
    assert Adhesion.objects.filter(campaign__year=2019).count() > len(shown)  # Normandie
    members = in_guyane.filter(status=AdhesionStatus.MEMBER).count()
    assert _totals(html) == (len(shown), members)
    wanted = [AdhesionStatus.LAPSED, AdhesionStatus.PENDING]
    narrowed, html = _listed(client, status=wanted)
    assert sorted(narrowed) == sorted(
        in_guyane.filter(status__in=wanted).values_list("pk", flat=True)
    )
    assert _totals(html) == (len(narrowed), 0)
    cayenne = Structure.objects.filter(commune__insee_code="97302").values("commune").first()
    by_commune, _html = _listed(client, commune=cayenne["commune"])
    assert sorted(by_commune) == sorted(
        in_guyane.filter(structure__commune=cayenne["commune"]).values_list("pk", flat=True)
    )


def test_an_adhesion_row_shows_its_structure_campaign_status_and_payment(demo, login):
    structure = StructureFactory(name="<Chantier> & Cie", kind="EI")
    (adhesion,) = _in_guyane_campaign(
        1,
        structure=structure,
        status=AdhesionStatus.MEMBER,
        dues_amount=Decimal("1234.5"),
        payment_status=PaymentStatus.PAID,
        paid_on=datetime.date(2019, 3, 1),
    )
    (due,) = _in_guyane_campaign(1, structure=StructureFactory(name="<Chantier> Bis"))
    _shown, html = _listed(login(demo["guyane"]), q="<Chantier>")
    html = re.sub(r">\s*\n\s*<", "><", html)  # the line breaks between cells left out
    edit = reverse("network:adhesion_edit", args=[adhesion.pk])
    assert (
        f'<th scope="row"><a href="{edit}">&lt;Chantier&gt; &amp; Cie</a> '
        '<span class="small">EI</span></th><td>Cayenne</td><td>2019</td>'
        '<td>Adhérente</td><td class="text-end">1234,50 €</td>'
        "<td>Payée (1er mars 2019)</td></tr>" in html
    )
    other = reverse("network:adhesion_edit", args=[due.pk])
    assert f'<a href="{other}">&lt;Chantier&gt; Bis</a>' in html
    assert '<td class="text-end">350,00 €</td><td>À payer</td></tr>' in html
    _shown, html = _listed(login(demo["guyane"]), q="personne ne porte ce nom")
    assert "Aucune adhésion ne correspond." in html
    assert _totals(html) == (0, 0)


def test_adhesion_list_totals_are_counted_once_per_search_and_follow_every_change(demo, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _in_guyane_campaign(60)
    client = login(demo["guyane"])
    _shown, html = _listed(client)
    count, members = _totals(html)
    with CaptureQueriesContext(connection) as second_page:
        _shown, html = _listed(client, page=2)
    assert _totals(html) == (count, members)
    assert not [query for query in second_page if "COUNT(" in query["sql"]]
    with CaptureQueriesContext(connection) as other_search:
        _shown, html = _listed(client, status=AdhesionStatus.MEMBER)
    assert [query for query in other_search if "COUNT(" in query["sql"]]
    assert _totals(html) == (members, members)
    invited = Adhesion.objects.filter(
        campaign__year=2019, structure__departement__region__code="03", status="invited"
    ).first()
    response = client.post(
        reverse("network:adhesion_edit", args=[invited.pk]),
        {
            "status": "member",
            "dues_amount": "350.00",
            "payment_status": "due",
            "paid_on": "",
            "contact_email": "",
        },
    )
    assert response.status_code == 302
    _shown, html = _listed(client, page=2)
    assert _totals(html) == (count, members + 1)
    _in_guyane_campaign(1)
    _shown, html = _listed(client)
    assert _totals(html) == (count + 1, members + 1)
    # The same search by the national team: its own figures (every region), not Guyane's.
    _shown, html = _listed(login(demo["reseau"]))
    assert _totals(html)[0] == Adhesion.objects.filter(campaign__year=2019).count()
