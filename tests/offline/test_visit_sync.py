"""The synchronisation of visits recorded offline (diagnostics/offline.py, core/sync.py):
each change once, through the visit pages' forms, permissions and services."""

import json
import uuid

import pytest
from django.urls import reverse

from core.models import SyncChange
from diagnostics.models import ActionItem, Answer, Assessment, Visit

pytestmark = pytest.mark.django_db


def _visit(name="Mana Solidarité"):
    """A Guyane visit without a network grid yet."""
    from structures.models import Structure

    structure = Structure.objects.get(name=name)
    return Visit.objects.create(structure=structure, planned_on="2019-02-05", place="Mana")


def _bundle(client, visit):
    response = client.get(reverse("diagnostics:visit_offline_bundle", args=[visit.pk]))
    assert response.status_code == 200
    return response.json()


def _send(client, changes):
    return client.post(
        reverse("diagnostics:visit_sync"),
        json.dumps({"changes": changes}),
        content_type="application/json",
    )


def _answer(visit, criterion, level, comment="", base=None):
    return {
        "key": uuid.uuid4().hex,
        "type": "answer",
        "visit": visit.pk,
        "criterion": criterion,
        "level": level,
        "comment": comment,
        "base": base or {"level": None, "comment": ""},
    }


def _item(visit, objective, **fields):
    return {
        "key": uuid.uuid4().hex,
        "type": "action_item",
        "visit": visit.pk,
        "fields": {"objective": objective, **fields},
    }


def _first_criteria(bundle, count=2):
    return [c["id"] for axis in bundle["grid"]["axes"] for c in axis["criteria"]][:count]


def test_the_bundle_holds_what_the_visit_needs_offline(demo, login):
    visit = Visit.objects.filter(structure__name="APROSEP").order_by("-planned_on").first()
    bundle = _bundle(login(demo["guyane"]), visit)
    assert bundle["structure"]["name"] == "APROSEP"
    assert bundle["grid"]["axes"] and bundle["grid"]["axes"][0]["criteria"][0]["levels"]
    assert bundle["selfAssessment"]["levels"]
    assert bundle["syncUrl"] == reverse("diagnostics:visit_sync")
    assert len(json.dumps(bundle)) < 40_000


def test_staff_of_another_territory_get_no_bundle(demo, login):
    visit = _visit()
    response = login(demo["normandie"]).get(
        reverse("diagnostics:visit_offline_bundle", args=[visit.pk])
    )
    assert response.status_code == 404


def test_a_visit_sent_twice_is_applied_once(demo, login):
    client = login(demo["guyane"])
    visit = _visit()
    first, second = _first_criteria(_bundle(client, visit))
    axis = _bundle(client, visit)["grid"]["axes"][0]["id"]
    changes = [
        _answer(visit, first, 3, "Bonne gouvernance"),
        _answer(visit, second, 2),
        {
            "key": uuid.uuid4().hex,
            "type": "visit_texts",
            "visit": visit.pk,
            "fields": {"strengths": "Équipe soudée", "recommendations": "Former l'encadrement"},
            "base": {"strengths": "", "recommendations": ""},
        },
        _item(visit, "Formaliser le projet social", axis=axis, owner="La directrice"),
        _item(visit, "Diversifier les clients", due_on="2019-06-30"),
    ]
    response = _send(client, changes)
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["applied"] * 5, response.json()
    again = _send(client, changes).json()["results"]
    assert [r["status"] for r in again] == ["applied"] * 5
    assert again[0]["message"] == "Déjà appliqué."
    visit.refresh_from_db()
    assert Assessment.objects.filter(visit=visit).count() == 1
    assert {
        (a.criterion_id, a.level, a.comment)
        for a in Answer.objects.filter(assessment=visit.assessment)
    } == {
        (first, 3, "Bonne gouvernance"),
        (second, 2, ""),
    }
    assert visit.strengths == "Équipe soudée"
    items = ActionItem.objects.filter(visit=visit)
    assert sorted(items.values_list("objective", flat=True)) == [
        "Diversifier les clients",
        "Formaliser le projet social",
    ]
    assert items.get(objective="Formaliser le projet social").owner_name == "La directrice"
    assert SyncChange.objects.filter(user=demo["guyane"]).count() == 5


def test_a_key_sent_again_with_other_content_is_refused(demo, login):
    client = login(demo["guyane"])
    visit = _visit()
    change = _item(visit, "Première version")
    _send(client, [change])
    change["fields"]["objective"] = "Seconde version"
    result = _send(client, [change]).json()["results"][0]
    assert result["status"] == "refused"
    assert "autre contenu" in result["message"]
    assert list(ActionItem.objects.filter(visit=visit).values_list("objective", flat=True)) == [
        "Première version"
    ]


def test_an_invalid_change_is_refused_with_the_field_named_and_nothing_written(demo, login):
    client = login(demo["guyane"])
    visit = _visit()
    (criterion,) = _first_criteria(_bundle(client, visit), 1)
    results = _send(
        client,
        [_item(visit, "", finding="Sans objectif"), _answer(visit, criterion, 7)],
    ).json()["results"]
    assert [r["status"] for r in results] == ["refused", "refused"]
    assert results[0]["message"].startswith("Objectif :")
    assert "Sélectionnez un choix valide" in results[1]["message"]
    visit.refresh_from_db()
    assert not ActionItem.objects.filter(visit=visit).exists()
    # the refused answer's grid was not even started
    assert visit.assessment_id is None
    assert not SyncChange.objects.exists()


def test_a_submitted_grid_refuses_offline_answers(demo, login):
    client = login(demo["guyane"])
    visit = Visit.objects.filter(structure__name="APROSEP", assessment__status="submitted").first()
    criterion = visit.assessment.answers.first().criterion_id
    result = _send(client, [_answer(visit, criterion, 1)]).json()["results"][0]
    assert result["status"] == "refused"
    assert "transmise" in result["message"]


def test_staff_who_lost_the_territory_are_refused_and_told_to_clear(demo, login):
    staff = demo["guyane"]
    client = login(staff)
    visit = _visit()
    (criterion,) = _first_criteria(_bundle(client, visit), 1)
    staff.regions.clear()
    results = _send(client, [_answer(visit, criterion, 2), _item(visit, "Objectif")]).json()
    for result in results["results"]:
        assert result["status"] == "refused" and result["gone"] is True
        assert "plus accès" in result["message"]
    assert not ActionItem.objects.filter(visit=visit).exists()
    assert (
        client.get(reverse("diagnostics:visit_offline_bundle", args=[visit.pk])).status_code == 404
    )


def test_an_answer_changed_on_the_server_since_the_copy_is_a_conflict(demo, login):
    from diagnostics import services

    client = login(demo["guyane"])
    visit = _visit()
    (criterion,) = _first_criteria(_bundle(client, visit), 1)
    assessment = services.visit_assessment_start(visit=visit, by=demo["reseau"])
    services.assessment_save(
        assessment=assessment, answers={criterion: (4, "Vu au siège")}, by=demo["reseau"]
    )
    change = _answer(visit, criterion, 2, "Vu sur place")
    result = _send(client, [change]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["server"] == {"level": 4, "comment": "Vu au siège"}
    assert result["mine"] == {"level": 2, "comment": "Vu sur place"}
    assert Answer.objects.get(assessment=assessment, criterion=criterion).level == 4
    # the user keeps their own value: sent again from the server's value
    change["base"] = result["server"]
    assert _send(client, [change]).json()["results"][0]["status"] == "applied"
    assert Answer.objects.get(assessment=assessment, criterion=criterion).level == 2


def test_a_same_value_on_both_sides_is_no_conflict(demo, login):
    from diagnostics import services

    client = login(demo["guyane"])
    visit = _visit()
    (criterion,) = _first_criteria(_bundle(client, visit), 1)
    assessment = services.visit_assessment_start(visit=visit, by=demo["reseau"])
    services.assessment_save(assessment=assessment, answers={criterion: (3, "")}, by=demo["reseau"])
    assert _send(client, [_answer(visit, criterion, 3)]).json()["results"][0]["status"] == "applied"


def test_visit_texts_changed_on_the_server_are_a_conflict_naming_the_field(demo, login):
    client = login(demo["guyane"])
    visit = _visit()
    Visit.objects.filter(pk=visit.pk).update(weaknesses="Trésorerie tendue")
    change = {
        "key": uuid.uuid4().hex,
        "type": "visit_texts",
        "visit": visit.pk,
        "fields": {"weaknesses": "Locaux trop petits", "strengths": "Ancrage local"},
        "base": {"weaknesses": "", "strengths": ""},
    }
    result = _send(client, [change]).json()["results"][0]
    assert result["status"] == "conflict"
    assert "points de vigilance" in result["message"]
    assert result["server"] == {"weaknesses": "Trésorerie tendue"}
    visit.refresh_from_db()
    assert visit.strengths == ""


def test_a_deleted_visit_is_gone(demo, login):
    client = login(demo["guyane"])
    visit = _visit()
    change = _item(visit, "Objectif")
    visit.delete()
    result = _send(client, [change]).json()["results"][0]
    assert result["status"] == "refused" and result["gone"] is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{pas du json", "n'est pas du JSON valide"),
        ("[]", "liste « changes »"),
        ('{"changes": [1]}', "objet JSON"),
        ('{"changes": [{"key": "court", "type": "answer"}]}', "clé valide"),
        (
            '{"changes": [{"key": "0123456789", "type": "answer"}, {"key": "0123456789", "type": "answer"}]}',
            "même clé",
        ),
        ("\udcff".encode("utf-8", "surrogatepass"), "JSON valide"),
    ],
)
def test_malformed_requests_get_a_400_in_french(demo, login, body, message):
    response = login(demo["guyane"]).post(
        reverse("diagnostics:visit_sync"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_unknown_change_types_and_bad_ids_are_refused_not_errors(demo, login):
    client = login(demo["guyane"])
    visit = _visit()
    results = _send(
        client,
        [
            {"key": uuid.uuid4().hex, "type": "inconnu", "visit": visit.pk},
            {"key": uuid.uuid4().hex, "type": "answer", "visit": "x", "criterion": 1},
            {"key": uuid.uuid4().hex, "type": "answer", "visit": visit.pk, "criterion": 2**40},
            {"key": uuid.uuid4().hex, "type": "visit_texts", "visit": visit.pk, "fields": []},
        ],
    ).json()["results"]
    assert [r["status"] for r in results] == ["refused"] * 4


def test_sync_needs_a_post_and_staff(demo, login):
    assert login(demo["guyane"]).get(reverse("diagnostics:visit_sync")).status_code == 405
    response = login(demo["siae-a"]).post(
        reverse("diagnostics:visit_sync"), "{}", content_type="application/json"
    )
    assert response.status_code == 404
