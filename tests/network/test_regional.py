"""Regional networks structured by the staff of their territory and followed by their
members: the Guyane story from the creation to the assemblée constitutive."""

import datetime
import re
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.french import date_text
from events.models import Event, EventKind, Minutes
from network.demo import _demo_pdf
from network.figures import regional_network_coverage
from network.models import (
    BureauMandate,
    Milestone,
    NetworkDecision,
    NetworkDocument,
    NetworkMember,
    NetworkStageChange,
    Organisation,
    RegionalNetwork,
)
from structures.enums import StructureKind
from structures.models import Structure
from tests.events.factories import RegistrationFactory
from tests.factories import MembershipFactory, UserFactory, region

pytestmark = pytest.mark.django_db

DEMO = "Réseau IAE de Guyane"


def _structure(name):
    return Structure.objects.get(name=name)


def _add_member(client, network, **data):
    response = client.post(reverse("network:regional_network_member_add", args=[network.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return network.members.get(
        structure=data.get("structure"), organisation=data.get("organisation")
    )


def _stage(client, network, to_status, day, reason="Décidé en réunion collective."):
    return client.post(
        reverse("network:regional_network_stage", args=[network.pk]),
        {"to_status": to_status, "changed_on": day, "reason": reason},
    )


def test_guyane_staff_take_a_network_to_its_constitutive_assembly(demo, login):
    client = login(demo["guyane"])
    response = client.post(
        reverse("network:regional_network_create"),
        {
            "name": "Réseau commun des SIAE de l'Ouest",
            "region": region("03").pk,
            "purpose": "Fédérer les SIAE de l'Ouest guyanais.",
            "started_on": "2019-02-07",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    network = RegionalNetwork.objects.get(name="Réseau commun des SIAE de l'Ouest")
    assert network.status == "project"

    # Founders: a federation member, a SIAE that is not one, the PTCE; the CRESS associated.
    adherent, other = _structure("APROSEP"), _structure("Guyane Intérim Insertion")
    assert adherent.adhesions.get(campaign__year=2019).status == "member"
    assert other.adhesions.get(campaign__year=2019).status != "member"
    founders = [
        _add_member(
            client,
            network,
            structure=structure.pk,
            status="committed",
            is_founding="on",
            on="2019-02-11",
        )
        for structure in (adherent, other, _structure("PTCE Ancrage"))
    ]
    cress = Organisation.objects.get(name="CRESS Guyane")
    associate = _add_member(client, network, organisation=cress.pk, status="committed")
    assert associate.is_associate and founders[1].committed_on == datetime.date(2019, 2, 11)

    assert _stage(client, network, "prefiguration", "2019-02-11").status_code == 302
    assert _stage(client, network, "founding", "2019-03-05").status_code == 302
    network.refresh_from_db()
    assert network.status == "founding"
    assert list(network.stage_changes.values_list("from_status", "to_status")) == [
        ("", "project"),
        ("project", "prefiguration"),
        ("prefiguration", "founding"),
    ]

    response = client.post(
        reverse("network:regional_network_document_add", args=[network.pk]),
        {
            "kind": "statutes",
            "status": "draft",
            "title": "Projet de statuts",
            "file": SimpleUploadedFile("statuts.pdf", _demo_pdf("Statuts"), "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    statutes = network.documents.get(title="Projet de statuts")
    response = client.post(
        reverse("network:regional_network_milestone_add", args=[network.pk]),
        {"title": "Assemblée constitutive", "due_on": "2019-09-30"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    milestone = network.milestones.get(title="Assemblée constitutive")
    assert milestone.state == "late"  # due in 2019, not reached yet

    # The assembly is an event of the network, with its minutes published.
    response = client.post(
        reverse("events:create"),
        {
            "kind": EventKind.objects.get(slug="comite-reseau").pk,
            "title": "Assemblée constitutive du réseau de l'Ouest",
            "region": region("03").pk,
            "commune": "97302",
            "starts_at": "2019-09-30T09:00",
            "ends_at": "2019-09-30T12:00",
            "min_registrations": 5,
            "regional_network": network.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Assemblée constitutive du réseau de l'Ouest")
    assert event.regional_network == network
    client.post(reverse("events:publish", args=[event.pk]))
    # Minutes go to the people marked present: one founder's delegate attended.
    founder = network.members.filter(structure__isnull=False).first().structure
    RegistrationFactory(event=event, structure=founder, attended=True)
    response = client.post(
        reverse("events:minutes_edit", args=[event.pk]),
        {
            "points": "Lecture des statuts.",
            "decisions": "Statuts adoptés, bureau élu.",
            "suivis-TOTAL_FORMS": 0,
            "suivis-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decisions_url = reverse("events:minutes_network_decisions", args=[event.pk])
    assert client.get(decisions_url).status_code == 403  # minutes not yet published
    client.post(reverse("events:minutes_publish", args=[event.pk]))
    assert Minutes.objects.get(event=event).published_at is not None

    seats = {
        "bureau-TOTAL_FORMS": 4,
        "bureau-INITIAL_FORMS": 0,
        "bureau-0-role": "president",
        "bureau-0-person_name": "Marie Joseph",
        "bureau-0-member": founders[0].pk,
        "bureau-1-role": "treasurer",
        "bureau-1-person_name": "Hélène Thérèse",
        "bureau-1-member": founders[2].pk,
        "bureau-2-role": "secretary",
        "bureau-2-person_name": "Olivier Martial",
        "bureau-2-member": founders[1].pk,
    }
    incomplete = {**seats, "bureau-3-role": "vice_president"}
    response = client.post(decisions_url, incomplete)
    assert response.status_code == 400
    assert "indiquez la fonction, la personne et sa structure" in response.content.decode()
    assert not BureauMandate.objects.filter(network=network).exists()

    response = client.post(
        decisions_url,
        {
            **seats,
            "joining": [member.pk for member in [*founders, associate]],
            "milestones": [milestone.pk],
            "statutes": statutes.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    milestone.refresh_from_db()
    statutes.refresh_from_db()
    assert milestone.reached_on == datetime.date(2019, 9, 30) and milestone.state == "reached"
    assert statutes.is_adopted and statutes.adopted_on == datetime.date(2019, 9, 30)
    assert set(network.members.values_list("status", flat=True)) == {"member"}
    bureau = {m.get_role_display(): (m.person_name, m.member.name) for m in network.bureau.all()}
    assert bureau == {
        "Président·e": ("Marie Joseph", "APROSEP"),
        "Trésorier·e": ("Hélène Thérèse", "PTCE Ancrage"),
        "Secrétaire": ("Olivier Martial", "Guyane Intérim Insertion"),
    }
    assert set(network.decisions.values_list("kind", flat=True)) == {
        "milestone",
        "statutes",
        "bureau",
        "other",
    }
    # Recording the same bureau twice is refused and changes nothing.
    again = client.post(decisions_url, seats)
    assert again.status_code == 400
    assert network.bureau.count() == 3

    page = client.get(reverse("network:regional_network_detail", args=[network.pk]))
    html = page.content.decode()
    assert "Marie Joseph" in html and "Assemblée constitutive du réseau de l&#x27;Ouest" in html
    assert "Statuts adoptés : Projet de statuts" in html


def test_normandie_staff_get_404_on_all_of_a_guyane_network(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    member = network.members.get(structure__name="APROSEP")
    milestone = network.milestones.first()
    document = network.documents.get()
    client = login(demo["normandie"])
    urls = [
        reverse("network:regional_network_detail", args=[network.pk]),
        reverse("network:regional_network_stage", args=[network.pk]),
        reverse("network:regional_network_member_add", args=[network.pk]),
        reverse("network:regional_network_member_edit", args=[member.pk]),
        reverse("network:regional_network_college_add", args=[network.pk]),
        reverse("network:regional_network_mandate_add", args=[network.pk]),
        reverse("network:regional_network_milestone_add", args=[network.pk]),
        reverse("network:regional_network_milestone_edit", args=[milestone.pk]),
        reverse("network:regional_network_document_add", args=[network.pk]),
        reverse("network:regional_network_document", args=[document.pk]),
        reverse("network:regional_network_document_delete", args=[document.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"to_status": "abandoned", "reason": "x"}).status_code == 404, url
    assert DEMO not in client.get(reverse("network:federation")).content.decode()
    response = client.post(
        reverse("network:regional_network_create"),
        {"name": "Réseau pirate", "region": region("03").pk},
    )
    assert response.status_code == 400
    assert not RegionalNetwork.objects.filter(name="Réseau pirate").exists()
    network.refresh_from_db()
    assert network.status == "founding" and network.documents.count() == 1


def test_manager_of_a_member_structure_sees_the_network_and_accepts_an_invitation(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    client = login(demo["siae-b"])  # Chantier Maroni Insertion, invited founder
    entry = network.members.get(structure__name="Chantier Maroni Insertion")
    member_home = client.get(reverse("structures:member_home")).content.decode()
    assert reverse("network:member_network_answer", args=[entry.pk]) in member_home
    home = client.get(reverse("network:member_regional_networks")).content.decode()
    assert DEMO in home and "Répondre à l'invitation" in home
    page = client.get(reverse("network:member_regional_network", args=[network.pk]))
    html = page.content.decode()
    assert "En constitution" in html and "APROSEP" in html and "PTCE Ancrage" in html
    assert "Assemblée constitutive du réseau IAE de Guyane" in html  # next assembly
    assert "Projet de statuts du réseau" not in html  # a draft: members read adopted documents
    assembly = network.events.get(title="Assemblée constitutive du réseau IAE de Guyane")
    detail = client.get(reverse("events:detail", args=[assembly.pk])).content.decode()
    assert reverse("network:member_regional_network", args=[network.pk]) in detail
    entry = network.members.get(structure__name="Chantier Maroni Insertion")
    answer = reverse("network:member_network_answer", args=[entry.pk])
    assert client.get(answer).status_code == 200
    assert client.post(answer, {}).status_code == 302  # no choice: nothing changes
    entry.refresh_from_db()
    assert entry.status == "invited"
    response = client.post(answer, {"answer": "accept"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "committed" and entry.committed_on is not None
    assert client.post(answer, {"answer": "decline"}).status_code == 403  # already answered
    # Another manager may not answer for this structure.
    assert login(demo["siae-a"]).post(answer, {"answer": "decline"}).status_code == 404


def test_a_manager_outside_the_network_sees_nothing_of_it(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    outsider = UserFactory(manager=True)
    MembershipFactory(user=outsider, structure=_structure("Mana Solidarité"), is_admin=True)
    client = login(outsider)
    home = client.get(reverse("network:member_regional_networks")).content.decode()
    assert DEMO not in home
    assert DEMO not in client.get(reverse("structures:member_home")).content.decode()
    entry = network.members.get(structure__name="Chantier Maroni Insertion")
    assembly = network.events.get(title="Assemblée constitutive du réseau IAE de Guyane")
    detail = client.get(reverse("events:detail", args=[assembly.pk])).content.decode()
    assert DEMO in detail  # a published event of the territory: named, without a link
    assert reverse("network:member_regional_network", args=[network.pk]) not in detail
    for url in [
        reverse("network:member_regional_network", args=[network.pk]),
        reverse("network:member_network_answer", args=[entry.pk]),
        reverse("network:regional_network_document", args=[network.documents.get().pk]),
    ]:
        assert client.get(url).status_code == 404, url
    # A structure that left the network no longer sees it either.
    aprosep = network.members.get(structure__name="APROSEP")
    aprosep.status, aprosep.left_on = "left", datetime.date(2020, 1, 1)
    aprosep.save()
    siae_a = login(demo["siae-a"])
    assert (
        siae_a.get(reverse("network:member_regional_network", args=[network.pk])).status_code == 404
    )


def _directory_count(client, **params) -> int:
    html = client.get(reverse("structures:directory"), params).content.decode()
    return int(re.search(r"<p>\s*(\d+) structures?\b", html).group(1))


def test_coverage_equals_the_directory_counts_with_the_matching_filters(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    network.members.filter(structure__name__in=["APROSEP", "Bois et Fleuve"]).update(
        status="member", joined_on=datetime.date(2019, 9, 30)
    )
    coverage = regional_network_coverage(network, on=datetime.date(2019, 10, 1))
    client = login(demo["guyane"])
    guyane = region("03").pk
    assert coverage.by_kind and coverage.by_commune
    for row in coverage.by_kind:
        assert row.siae == _directory_count(client, region=guyane, kind=row.key), row
    for row in coverage.by_commune:
        expected = sum(
            _directory_count(client, region=guyane, kind=kind, commune=row.label)
            for kind in ("ACI", "AI", "EI", "ETTI", "EITI")
        )
        assert row.siae == expected, row
    assert coverage.siae == sum(row.siae for row in coverage.by_kind)
    assert coverage.joined == 2 and coverage.members == 2
    # Before they joined, none had.
    assert regional_network_coverage(network, on=datetime.date(2019, 9, 1)).joined == 0
    # The SIAE on their way in are counted by their status, each once.
    siae_entries = network.members.filter(structure__kind__in=StructureKind.siae_kinds())
    assert coverage.committed == siae_entries.filter(status="committed").count() == 2
    assert coverage.invited == siae_entries.filter(status="invited").count() == 3
    page = client.get(reverse("network:regional_network_detail", args=[network.pk]))
    assert (
        "2 SIAE membres du réseau, 2 engagées (invitation acceptée, adhésion à venir) et "
        f"3 invitées sans réponse, sur {coverage.siae} SIAE du territoire (11,1"
        in page.content.decode()
    )


def test_bad_stage_changes_explain_and_change_nothing(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    client = login(demo["guyane"])
    cases = [
        ({"to_status": "project", "changed_on": "2019-04-01", "reason": "x"}, "Sélectionnez"),
        ({"to_status": "active", "changed_on": "2019-04-01", "reason": "  "}, "obligatoire"),
        ({"to_status": "active", "changed_on": "2019-01-01", "reason": "x"}, "précède"),
        ({"to_status": "abandoned", "changed_on": "2019-04-01", "reason": "x"}, "confirmer"),
    ]
    url = reverse("network:regional_network_stage", args=[network.pk])
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    network.refresh_from_db()
    assert network.status == "founding" and network.stage_changes.count() == 3
    response = client.post(url, {**cases[-1][0], "confirm": "on"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.status == "abandoned"
    # An abandoned network is read-only.
    assert client.get(url).status_code == 403
    assert NetworkStageChange.objects.filter(network=network, to_status="abandoned").exists()


def test_a_document_whose_content_is_not_what_its_name_says_is_refused(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    response = login(demo["guyane"]).post(
        reverse("network:regional_network_document_add", args=[network.pk]),
        {
            "kind": "statutes",
            "status": "adopted",
            "title": "Statuts",
            "adopted_on": "2019-09-30",
            "file": SimpleUploadedFile("statuts.pdf", b"not a pdf at all", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "ne correspond pas" in response.content.decode()
    assert network.documents.count() == 1


def test_members_read_adopted_documents_only(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    draft = network.documents.get()
    client = login(demo["siae-a"])
    url = reverse("network:regional_network_document", args=[draft.pk])
    assert client.get(url).status_code == 404
    NetworkDocument.objects.filter(pk=draft.pk).update(
        status="adopted", adopted_on=datetime.date(2019, 9, 30)
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_bureau_seat_needs_a_member_structure(demo, login):
    network = RegionalNetwork.objects.get(name=DEMO)
    committed = network.members.get(structure__name="APROSEP")
    response = login(demo["guyane"]).post(
        reverse("network:regional_network_mandate_add", args=[network.pk]),
        {
            "role": "president",
            "person_name": "Marie Joseph",
            "member": committed.pk,
            "starts_on": "2019-09-30",
        },
    )
    assert response.status_code == 400  # committed, not yet a member: not in the choices
    assert not network.bureau.exists()


def test_network_page_costs_the_same_whatever_its_size(demo, login, django_assert_max_num_queries):
    network = RegionalNetwork.objects.get(name=DEMO)
    client = login(demo["guyane"])
    url = reverse("network:regional_network_detail", args=[network.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for index in range(15):
        Milestone.objects.create(
            network=network, title=f"Étape {index}", due_on=datetime.date(2030, 1, 1)
        )
    network.members.update(status="member")
    NetworkDecision.objects.create(
        network=network, kind="other", decided_on=datetime.date(2019, 1, 1), summary="x"
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    assert NetworkMember.objects.filter(network=network, status="member").count() == 9


def test_the_territorial_report_shows_the_network_with_its_stage_members_and_coverage(demo):
    from reports.enums import ReportKind
    from reports.models import Report
    from reports.rendering import report_html

    network = RegionalNetwork.objects.get(name=DEMO)
    network.members.filter(structure__name="APROSEP").update(
        status="member", joined_on=datetime.date(2019, 9, 30)
    )
    coverage = regional_network_coverage(network)
    report = Report.objects.get(kind=ReportKind.TERRITORIAL, region__code="03")
    html = report_html(report)[0]
    assert "Réseau régional : Réseau IAE de Guyane" in html
    assert "étape : En constitution (depuis le 5 mars 2019)" in html
    # The report's day is its territory's (Guyane: UTC−3, a day behind Paris at night).
    day = timezone.localdate(timezone=zoneinfo.ZoneInfo(report.region.time_zone))
    assert f"Au {date_text(day)}, étape" in html  # "1er décembre 2026"
    assert (
        "1 SIAE membre du réseau, 3 engagées (invitation acceptée, adhésion à venir) et "
        f"3 invitées sans réponse, sur {coverage.siae} SIAE du territoire" in html
    )
    assert "Bois et Fleuve (fondateur)" in html
    normandie = Report(kind=ReportKind.TERRITORIAL, region=region("28"))
    assert "Réseau IAE de Guyane" not in report_html(normandie)[0]
