import re

import pytest
from django.urls import reverse

from diagnostics.enums import AssessmentKind, AssessmentStatus
from diagnostics.models import Answer, Assessment, Criterion
from structures.models import Structure

pytestmark = pytest.mark.django_db


def _form_data(assessment, levels, comments=None):
    """POST data for the grid form: `levels` {criterion: level}."""
    data = {}
    for criterion, level in levels.items():
        data[f"level-{criterion.pk}"] = str(level)
    for criterion, comment in (comments or {}).items():
        data[f"comment-{criterion.pk}"] = comment
    return data


def _checked(page, criterion, level) -> bool:
    return bool(re.search(rf'name="level-{criterion.pk}" value="{level}"[^>]*checked', page))


def _start(client, structure):
    response = client.post(reverse("diagnostics:self_assessment_start", args=[structure.pk]))
    assert response.status_code == 302
    return Assessment.objects.get(
        structure=structure, kind=AssessmentKind.SELF, status=AssessmentStatus.DRAFT
    )


def test_a_manager_fills_the_grid_across_sittings_then_submits(demo, login):
    structure = Structure.objects.get(name="Bois et Fleuve")
    Assessment.objects.filter(structure=structure).delete()
    from tests.factories import MembershipFactory

    MembershipFactory(user=demo["siae-a"], structure=structure)
    client = login(demo["siae-a"])
    assessment = _start(client, structure)
    criteria = list(
        Criterion.objects.filter(axis__grid=assessment.grid).order_by("axis__order", "order")
    )
    url = reverse("diagnostics:assessment_fill", args=[assessment.pk])

    first = dict.fromkeys(criteria[:5], 2)
    response = client.post(url, {**_form_data(assessment, first), "save": "1"})
    assert response.status_code == 302
    # second sitting: the first answers are still there, more are added
    page = client.get(url).content.decode()
    assert _checked(page, criteria[0], 2) and not _checked(page, criteria[5], 2)
    second = {**first, **dict.fromkeys(criteria[5:], 3)}
    response = client.post(url, {**_form_data(assessment, second), "submit": "1"})
    # "Transmettre" cannot be undone: the answers are saved, then a page asks to confirm.
    confirm = reverse("diagnostics:assessment_submit", args=[assessment.pk])
    assert response.status_code == 302 and response.url == confirm
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert "ne pourra plus être modifiée" in client.get(confirm).content.decode()
    response = client.post(confirm)

    assessment.refresh_from_db()
    assert response.status_code == 302
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_at
    assert assessment.answers.filter(level__isnull=False).count() == len(criteria)
    # read-only after submission
    response = client.post(url, {**_form_data(assessment, {criteria[0]: 4}), "save": "1"})
    assert response.status_code == 302
    assert Answer.objects.get(assessment=assessment, criterion=criteria[0]).level == 2
    assert client.get(url).url == reverse("diagnostics:assessment_detail", args=[assessment.pk])
    # starting again opens a new draft, the submitted one stays
    assert _start(client, structure).pk != assessment.pk


def test_an_incomplete_submission_names_the_missing_criteria_and_keeps_the_answers(demo, login):
    structure = Structure.objects.get(name="APROSEP")
    Assessment.objects.filter(structure=structure, kind=AssessmentKind.SELF).delete()
    client = login(demo["siae-a"])
    assessment = _start(client, structure)
    criteria = list(
        Criterion.objects.filter(axis__grid=assessment.grid).order_by("axis__order", "order")
    )
    answered, missing = criteria[:-2], criteria[-2:]

    response = client.post(
        reverse("diagnostics:assessment_fill", args=[assessment.pk]),
        {
            **_form_data(assessment, dict.fromkeys(answered, 3), {criteria[0]: "Projet à écrire"}),
            "submit": "1",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Il reste 2 critères sans niveau" in page
    # The summary links each missing criterion to its first level, marked invalid in the form.
    assert "Il y a 2 erreurs" in page and "<title>Erreur : " in page
    readable = page.replace("&#x27;", "'").replace("&amp;", "&")
    for criterion in missing:
        assert f"« {criterion.title} »" in readable
        assert f'href="#id_level-{criterion.pk}_0">{criterion.title} : ' in readable
        assert re.search(rf'name="level-{criterion.pk}"[^>]*aria-invalid="true"', page)
    assert "niveau manquant" in page
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.answers.filter(level=3).count() == len(answered)
    assert assessment.answers.get(criterion=criteria[0]).comment == "Projet à écrire"
    # the form shows what was entered
    assert _checked(page, criteria[0], 3)
    assert not re.search(rf'name="level-{missing[0].pk}"[^>]*checked', page)


def test_managers_see_only_their_structure_and_the_partner_none(demo, login):
    aprosep_self = Assessment.objects.filter(
        structure__name="APROSEP", kind=AssessmentKind.SELF
    ).first()
    visit_grid = Assessment.objects.filter(
        structure__name="APROSEP", kind=AssessmentKind.VISIT
    ).first()
    detail = reverse("diagnostics:assessment_detail", args=[aprosep_self.pk])
    fill = reverse("diagnostics:assessment_fill", args=[aprosep_self.pk])
    assert login(demo["siae-a"]).get(detail).status_code == 200
    assert (
        login(demo["siae-a"])
        .get(reverse("diagnostics:assessment_detail", args=[visit_grid.pk]))
        .status_code
        == 404
    )
    for role in ("siae-b", "dieccte", "normandie"):
        client = login(demo[role])
        assert client.get(detail).status_code == 404, role
        assert client.post(fill, {"save": "1"}).status_code == 404, role
    aprosep = Structure.objects.get(name="APROSEP")
    response = login(demo["siae-b"]).post(
        reverse("diagnostics:self_assessment_start", args=[aprosep.pk])
    )
    assert response.status_code == 404


def test_a_manager_cannot_fill_the_staff_grid_and_staff_cannot_fill_a_self_assessment(demo, login):
    structure = Structure.objects.get(name="Chantier Maroni Insertion")
    draft = Assessment.objects.get(
        structure=structure, kind=AssessmentKind.SELF, status=AssessmentStatus.DRAFT
    )
    url = reverse("diagnostics:assessment_fill", args=[draft.pk])
    assert login(demo["siae-b"]).get(url).status_code == 200
    assert login(demo["guyane"]).get(url).status_code == 403  # sees it, may not fill it
    assert (
        login(demo["guyane"])
        .get(reverse("diagnostics:assessment_detail", args=[draft.pk]))
        .status_code
        == 200
    )


def test_member_home_lists_the_managers_structures(demo, login):
    page = login(demo["siae-a"]).get(reverse("diagnostics:member_home")).content.decode()
    assert "APROSEP" in page and "Chantier Maroni Insertion" not in page
    assert "Plan de progrès" in page
