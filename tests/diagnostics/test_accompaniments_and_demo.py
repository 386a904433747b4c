import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from diagnostics import models
from diagnostics.enums import AccompanimentKind
from structures.demo import STRUCTURES
from structures.models import Structure

pytestmark = pytest.mark.django_db


def test_the_dla_with_aprosep_and_the_cap_sessions_are_expressed(demo, login):
    dla = models.Accompaniment.objects.get(structure__name="APROSEP", kind=AccompanimentKind.DLA)
    cap = models.Accompaniment.objects.get(title__startswith="Sessions collectives CAP")
    assert cap.structure.name == "PTCE Ancrage"
    assert cap.participants.siae().count() == 12
    page = login(demo["guyane"]).get(reverse("diagnostics:accompaniment_detail", args=[dla.pk]))
    html = page.content.decode()
    assert 'aria-current="step">Plan d&#x27;accompagnement' in html
    assert html.count("étape franchie") == 2  # intake and shared diagnostic are behind


def test_staff_record_an_accompaniment_and_its_documents(demo, login):
    client = login(demo["guyane"])
    structure = Structure.objects.get(name="Bois et Fleuve")
    url = f"{reverse('diagnostics:accompaniment_create')}?structure={structure.pk}"
    bad = client.post(
        url,
        {
            "kind": "training",
            "title": "Formation",
            "stage": "plan",
            "status": "planned",
        },
    )
    assert bad.status_code == 200 and "ne concernent que le DLA" in bad.content.decode()
    response = client.post(
        url,
        {
            "kind": "quality",
            "title": "Démarche qualité",
            "status": "in_progress",
            "started_on": "2019-03-01",
        },
    )
    accompaniment = models.Accompaniment.objects.get(title="Démarche qualité")
    assert response.status_code == 302
    assert accompaniment.structure == structure and accompaniment.created_by == demo["guyane"]
    upload = reverse("diagnostics:accompaniment_document_add", args=[accompaniment.pk])
    refused = client.post(upload, {"title": "Script", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert refused.status_code == 200 and not accompaniment.documents.exists()
    client.post(upload, {"title": "Référentiel", "file": SimpleUploadedFile("r.pdf", b"%PDF-")})
    document = accompaniment.documents.get()
    download = reverse("diagnostics:accompaniment_document_download", args=[document.pk])
    assert b"".join(client.get(download).streaming_content) == b"%PDF-"
    assert login(demo["normandie"]).get(download).status_code == 404


def test_seed_demo_twice_creates_nothing_more(demo):
    tracked = [
        models.Grid,
        models.Assessment,
        models.Answer,
        models.Visit,
        models.ActionPlan,
        models.ActionItem,
        models.ProgressNote,
        models.Accompaniment,
        models.TerritorialDiagnostic,
        models.Hypothesis,
        models.TerritorialAction,
    ]
    before = {model: model.objects.count() for model in tracked}
    assert before[models.Visit] == 15 and before[models.ActionPlan] == 13
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {model: model.objects.count() for model in tracked} == before


def test_regional_staff_see_collective_sessions_joined_by_structures_of_their_territory(login):
    from tests.factories import StructureFactory, commune

    from .factories import guyane_staff, normandie_staff

    lead = StructureFactory(commune=commune("14118"))  # Normandie
    session = models.Accompaniment.objects.create(
        structure=lead, kind=AccompanimentKind.TRAINING, title="Session inter-régions"
    )
    session.participants.set([StructureFactory(), StructureFactory()])  # Guyane
    listed = login(guyane_staff()).get(reverse("diagnostics:accompaniment_list"))
    rows = list(listed.context["page"])
    assert [a.title for a in rows] == ["Session inter-régions"]
    assert rows[0].participant_count == 2
    other = models.Accompaniment.objects.create(
        structure=StructureFactory(), kind=AccompanimentKind.QUALITY, title="Qualité Guyane"
    )
    seen = login(normandie_staff()).get(
        reverse("diagnostics:accompaniment_detail", args=[other.pk])
    )
    assert seen.status_code == 404


def test_seed_demo_at_scale_gives_the_added_structures_a_diagnostics_history_once(db):
    def seed():
        call_command("seed_demo", "--scale", "2", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115

    def history():
        added = Structure.objects.exclude(name__in=[name for name, _k, _c in STRUCTURES])
        return {
            "structures": added.count(),
            "self": models.Assessment.objects.filter(structure__in=added, kind="self").count(),
            "visits": sorted(
                models.Visit.objects.filter(structure__in=added).values_list(
                    "structure__siret", "planned_on", "assessment__kind"
                )
            ),
            "plans": models.ActionPlan.objects.filter(structure__in=added).count(),
            "items": models.ActionItem.objects.filter(plan__structure__in=added).count(),
            "notes": models.ProgressNote.objects.filter(item__plan__structure__in=added).count(),
            "answers": models.Answer.objects.filter(assessment__structure__in=added).count(),
            "accompaniments": models.Accompaniment.objects.filter(structure__in=added).count(),
            "participants": models.Accompaniment.participants.through.objects.filter(
                structure__in=added
            ).count(),
        }

    seed()
    first = history()
    assert first["structures"] == 20
    held = [v for v in first["visits"] if v[2] == "visit"]
    assert len(held) >= 4 and first["plans"] == len({v[0] for v in held})
    assert first["items"] == 3 * first["plans"] and first["notes"] > 0 and first["answers"] > 0
    assert first["accompaniments"] >= 1 and first["participants"] == 8  # one collective session
    session = models.Accompaniment.objects.get(title__startswith="Sessions collectives 01")
    assert session.participants.count() == 8 and session.history.count() == 1
    seed()
    assert history() == first
