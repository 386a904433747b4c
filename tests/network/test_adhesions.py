"""Adhesion campaigns: bulk opening, staff updates, renewal from the member area,
logged reminders and exports of what was searched."""

import csv
import datetime
import io
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
    client = login(demo["reseau"])
    url = reverse("network:adhesion_list")
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    campaign = AdhesionCampaign.objects.get(year=2019)
    for _ in range(30):
        AdhesionFactory(campaign=campaign)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
