"""Partners, contacts and the interaction log, per role and per territory."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from network.models import Contact, Interaction, InteractionFollowUp, Mission, Organisation
from tests.factories import OrganisationFactory, region
from tests.network.factories import ContactFactory, InteractionFactory, InteractionFollowUpFactory

pytestmark = pytest.mark.django_db


def test_normandie_staff_see_none_of_guyane_partners_contacts_or_logs(demo, login):
    client = login(demo["normandie"])
    partners = client.get(reverse("network:partner_list")).content.decode()
    assert "CRESS Normandie" in partners
    assert "CRESS Guyane" not in partners and "DIECCTE Guyane" not in partners
    search = client.get(reverse("network:partner_list"), {"q": "Gabarit"})
    assert list(search.context["page"]) == []
    log = client.get(reverse("network:interaction_list")).content.decode()
    assert "Rencontre de la CRESS" not in log
    assert "Premier séjour" not in client.get(reverse("network:mission_list")).content.decode()
    contact = Contact.objects.get(last_name="Gabarit")
    interaction = Interaction.objects.get(title="Rencontre de la CRESS")
    follow_up = InteractionFollowUp.objects.filter(interaction__region__code="03").first()
    for url in [
        reverse("network:partner_detail", args=[contact.organisation_id]),
        reverse("network:contact_edit", args=[contact.pk]),
        reverse("network:contact_export", args=[contact.pk, "csv"]),
        reverse("network:contact_erase", args=[contact.pk]),
        reverse("network:interaction_detail", args=[interaction.pk]),
        reverse("network:mission_detail", args=[interaction.mission_id]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("network:contact_erase", args=[contact.pk])).status_code == 404
    assert client.post(reverse("network:followup_done", args=[follow_up.pk])).status_code == 404
    contact.refresh_from_db()
    follow_up.refresh_from_db()
    assert contact.erased_at is None and contact.last_name == "Gabarit"


def test_partner_search_finds_by_contact_name(demo, login):
    content = login(demo["guyane"]).get(reverse("network:partner_list"), {"q": "Gabarit"})
    assert "CRESS Guyane" in content.content.decode()
    assert "DIECCTE Guyane" not in content.content.decode()


def test_partners_met_and_not_met(demo, login):
    client = login(demo["guyane"])
    met = client.get(reverse("network:partner_list"), {"met": "yes"}).content.decode()
    not_met = client.get(reverse("network:partner_list"), {"met": "no"}).content.decode()
    assert "CRESS Guyane" in met and "CRESS Guyane" not in not_met
    OrganisationFactory(name="BGE Guyane")
    assert (
        "BGE Guyane" in client.get(reverse("network:partner_list"), {"met": "no"}).content.decode()
    )


def test_staff_create_a_partner_only_in_their_regions(demo, login):
    client = login(demo["normandie"])
    from network.models import OrganisationKind

    kind = OrganisationKind.objects.get(slug="cress")
    refused = client.post(
        reverse("network:partner_create"),
        {"name": "Intrus", "kind": kind.pk, "region": region("03").pk},
    )
    assert refused.status_code == 200
    assert not Organisation.objects.filter(name="Intrus").exists()
    created = client.post(
        reverse("network:partner_create"),
        {"name": "BGE Normandie", "kind": kind.pk, "region": region("28").pk},
    )
    assert created.status_code == 302
    assert Organisation.objects.get(name="BGE Normandie").region.code == "28"


def test_contact_export_holds_the_persons_data(demo, login):
    contact = Contact.objects.get(last_name="Lony")
    client = login(demo["guyane"])
    data = json.loads(
        client.get(reverse("network:contact_export", args=[contact.pk, "json"])).content
    )
    assert data["nom"] == "Lony"
    assert data["organisation"] == "DIECCTE Guyane"
    assert any(item["intitulé"] == "Rencontre de la DIECCTE" for item in data["échanges"])
    response = client.get(reverse("network:contact_export", args=[contact.pk, "csv"]))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["nom", "Lony"] in rows
    assert (
        client.get(reverse("network:contact_export", args=[contact.pk, "xml"])).status_code == 404
    )


def test_erasing_a_contact_asks_for_confirmation_then_wipes_the_data_and_its_history(demo, login):
    contact = ContactFactory(organisation=Organisation.objects.get(name="CRESS Guyane"))
    contact.phone = "+594 594 99 99 99"
    contact.save()
    interaction = InteractionFactory()
    interaction.contacts.add(contact)
    client = login(demo["guyane"])
    confirm = client.get(reverse("network:contact_erase", args=[contact.pk]))
    assert "Confirmer" in confirm.content.decode()
    contact.refresh_from_db()
    assert contact.erased_at is None
    assert client.post(reverse("network:contact_erase", args=[contact.pk])).status_code == 302
    contact.refresh_from_db()
    assert contact.erased_at is not None
    assert (contact.first_name, contact.email, contact.phone, contact.role) == ("", "", "", "")
    history = list(contact.history.all())
    assert len(history) == 1
    assert history[0].history_user == demo["guyane"] and history[0].email == ""
    assert interaction.contacts.filter(pk=contact.pk).exists()
    # Erased: no more edits, no second erasure.
    assert client.get(reverse("network:contact_edit", args=[contact.pk])).status_code == 403
    assert client.post(reverse("network:contact_erase", args=[contact.pk])).status_code == 403


def test_contact_changes_are_audited(demo, login):
    contact = Contact.objects.get(last_name="Gabarit")
    client = login(demo["guyane"])
    response = client.post(
        reverse("network:contact_edit", args=[contact.pk]),
        {
            "first_name": "Inès",
            "last_name": "Gabarit",
            "role": "Directrice",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    latest = contact.history.first()
    assert latest.role == "Directrice" and latest.history_user == demo["guyane"]
    page = client.get(reverse("network:contact_edit", args=[contact.pk])).content.decode()
    assert "Historique des modifications" in page


def test_partner_agents_and_managers_see_no_contact(demo, login):
    contact = Contact.objects.get(last_name="Lony")
    for role in ("dieccte", "siae-a"):
        response = login(demo[role]).get(
            reverse("network:contact_export", args=[contact.pk, "json"])
        )
        assert response.status_code == 404
    assert not Contact.objects.visible_to(demo["dieccte"]).exists()


def test_both_missions_of_the_story_are_recorded(demo, login):
    december = Mission.objects.get(title__startswith="Premier séjour")
    february = Mission.objects.get(title__startswith="Second séjour")
    assert (str(february.starts_on), str(february.ends_on)) == ("2019-01-28", "2019-02-15")
    assert december.starts_on.month == 12 and december.starts_on.year == 2018
    assert set(february.staff.values_list("last_name", flat=True)) == {"Galtier", "Bouvet"}
    collective = february.interactions.filter(kind="collective")
    assert sorted(str(i.occurred_on) for i in collective) == ["2019-02-07", "2019-02-11"]
    accompanied = february.interactions.filter(title__startswith="Accompagnement individuel")
    assert accompanied.count() == 13
    page = login(demo["guyane"]).get(reverse("network:mission_detail", args=[february.pk]))
    assert "Réunion collective des SIAE à Cayenne" in page.content.decode()


def test_an_interaction_only_takes_participants_of_its_territory(demo, login):
    client = login(demo["reseau"])
    guyane = region("03")
    cress_normandie = Organisation.objects.get(name="CRESS Normandie")
    response = client.post(
        reverse("network:interaction_create"),
        {
            "region": guyane.pk,
            "kind": "meeting",
            "title": "Rencontre mélangée",
            "occurred_on": "2019-02-09",
            "organisations": [cress_normandie.pk],
        },
    )
    assert response.status_code == 200
    assert not Interaction.objects.filter(title="Rencontre mélangée").exists()
    mission = Mission.objects.get(title__startswith="Second séjour")
    response = client.post(
        reverse("network:interaction_create"),
        {
            "region": guyane.pk,
            "mission": mission.pk,
            "kind": "meeting",
            "title": "Rencontre hors séjour",
            "occurred_on": "2019-03-20",
        },
    )
    assert "en dehors de la mission" in response.content.decode()
    response = client.post(
        reverse("network:interaction_create") + "?region=03",
        {
            "region": guyane.pk,
            "mission": mission.pk,
            "kind": "meeting",
            "title": "Rencontre de Pôle emploi",
            "occurred_on": "2019-02-12",
            "organisations": [Organisation.objects.get(name="Pôle emploi Guyane").pk],
            "staff": [demo["guyane"].pk],
            "topics": "Prescriptions",
        },
    )
    assert response.status_code == 302
    assert mission.interactions.filter(title="Rencontre de Pôle emploi").exists()


def test_follow_ups_are_added_and_marked_done(demo, login):
    interaction = Interaction.objects.get(title="Rencontre de la CRESS")
    client = login(demo["guyane"])
    response = client.post(
        reverse("network:followup_create", args=[interaction.pk]),
        {"title": "Envoyer le compte rendu", "owner": demo["guyane"].pk, "due_on": "2019-02-20"},
    )
    assert response.status_code == 302
    follow_up = interaction.follow_ups.get(title="Envoyer le compte rendu")
    open_list = client.get(reverse("network:followup_list"), {"done": "no"}).content.decode()
    assert "Envoyer le compte rendu" in open_list
    client.post(reverse("network:followup_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.is_done
    open_list = client.get(reverse("network:followup_list"), {"done": "no"}).content.decode()
    assert "Envoyer le compte rendu" not in open_list


def test_dashboard_figures_link_to_their_filtered_lists(demo, login):
    client = login(demo["guyane"])
    page = client.get(reverse("network:staff_home")).content.decode()
    assert "Tableau de bord — Guyane" in page
    guyane = region("03")
    assert f"?region={guyane.pk}&amp;met=yes" in page
    assert f"?region={guyane.pk}&amp;done=no" in page
    # Members open the directory filtered on the same campaign (counts compared in
    # test_dashboard_links.py).
    assert f"?region={guyane.pk}&amp;campaign=" in page and "&amp;adhesion=member" in page
    # Met this year (network/figures.py): the demo's exchanges of the present, not 2019's.
    assert re.search(r'met=yes[^"]*">3</a>', page)
    assert re.search(r'met=no[^"]*">5 pas encore rencontrés</a>', page)
    assert re.search(r'done=no">2</a>', page)
    kinds = {kind: int(n) for kind, n in re.findall(r'kind=(\w+)">(\d+)</a>', page)}
    assert kinds["ACI"] >= 8 and "GEIQ" not in kinds and "PTCE" not in kinds
    # Normandie's staff can't switch to Guyane.
    other = login(demo["normandie"]).get(reverse("network:staff_home"), {"region": "03"})
    assert other.context["region"].code == "28"


@pytest.mark.parametrize(
    "name",
    [
        "network:staff_home",
        "network:partner_list",
        "network:interaction_list",
        "network:followup_list",
        "network:mission_list",
        "network:territory_list",
        "network:federation",
    ],
)
def test_pages_cost_the_same_at_two_sizes(demo, login, name, django_assert_max_num_queries):
    client = login(demo["reseau"])
    url = reverse(name)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    for index in range(15):
        organisation = OrganisationFactory(name=f"Partenaire en plus {index}")
        ContactFactory(organisation=organisation)
        interaction = InteractionFactory(title=f"Échange en plus {index}")
        interaction.organisations.add(organisation)
        InteractionFollowUpFactory(interaction=interaction)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


HOSTILE = {
    "page": "-1",
    "region": "'; DROP TABLE x; --",
    "mission": "abc",
    "campaign": "9999999999999999999999",
    "commune": "x",
    "status": ["nope", "member"],
    "kind": "<script>",
    "met": "maybe",
    "done": "\x00",
    "after": "2019-13-45",
    "ordering": "-password",
    "section": "../../etc",
    "q": "%" * 300,
}


def test_hostile_query_strings_never_break_a_page(demo, login):
    client = login(demo["reseau"])
    names = [
        "network:staff_home",
        "network:territory_list",
        "network:partner_list",
        "network:mission_list",
        "network:interaction_list",
        "network:interaction_create",
        "network:followup_list",
        "network:adhesion_list",
        "network:publication_list",
    ]
    for name in names:
        assert client.get(reverse(name), HOSTILE).status_code in (200, 404), name
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("network:adhesion_export", args=[fmt]), HOSTILE)
        assert response.status_code == 200
    # NUL bytes are dropped from query strings before any view reads them.
    nul = client.get(reverse("network:interaction_create"), {"region": "\x00"})
    assert nul.status_code == 200
    assert "\x00" not in nul.content.decode()
    manager = login(demo["siae-a"])
    assert manager.get(reverse("network:member_news"), HOSTILE).status_code == 200
