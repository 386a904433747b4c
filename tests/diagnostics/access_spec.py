"""Who may open each diagnostics page. Guyane objects: Guyane staff (and national staff)
only, never Normandie staff; APROSEP's self-assessment and plan: its manager (siae-a) too,
never siae-b; the DIECCTE agent: nothing (reports are shared through the reports app)."""

from django.core.files.base import ContentFile

from tests.access import GUYANE_STAFF, MANAGER_A, MANAGER_B, MANAGERS, STAFF, Spec

GUYANE_AND_APROSEP = GUYANE_STAFF | {MANAGER_A}


def _structure(name="APROSEP"):
    from structures.models import Structure

    return Structure.objects.get(name=name)


def _self_assessment():
    from diagnostics.models import Assessment

    return Assessment.objects.filter(structure=_structure(), kind="self").first()


def _visit():
    from diagnostics.models import Visit

    return Visit.objects.filter(structure=_structure()).order_by("-planned_on").first()


def _item():
    from diagnostics.models import ActionItem

    return ActionItem.objects.filter(plan__structure=_structure()).order_by("pk").first()


def _dla():
    from diagnostics.models import Accompaniment

    return Accompaniment.objects.get(structure=_structure(), kind="dla")


def _territorial():
    from diagnostics.models import TerritorialDiagnostic

    return TerritorialDiagnostic.objects.get(region__code="03")


def build():
    """Files are not part of the demo: one attachment and one document to download."""
    from diagnostics.models import AccompanimentDocument, VisitAttachment

    VisitAttachment.objects.get_or_create(
        visit=_visit(),
        title="Compte rendu de visite",
        defaults={"file": ContentFile(b"compte rendu", name="compte-rendu.txt")},
    )
    AccompanimentDocument.objects.get_or_create(
        accompaniment=_dla(),
        title="Diagnostic partagé",
        defaults={"file": ContentFile(b"diagnostic", name="diagnostic.txt")},
    )


def _grid():
    from diagnostics.models import Grid

    return {"pk": Grid.objects.get(is_default=True).pk}


def _attachment():
    from diagnostics.models import VisitAttachment

    return {"pk": VisitAttachment.objects.filter(visit=_visit()).first().pk}


def _document():
    from diagnostics.models import AccompanimentDocument

    return {"pk": AccompanimentDocument.objects.filter(accompaniment=_dla()).first().pk}


SPECS = {
    "diagnostics:grid_list": Spec(STAFF),
    "diagnostics:grid_detail": Spec(STAFF, kwargs=_grid),
    "diagnostics:grid_edit": Spec(STAFF, kwargs=_grid),
    "diagnostics:member_home": Spec(MANAGERS),
    "diagnostics:self_assessment_start": Spec(
        frozenset({MANAGER_A}), kwargs=lambda: {"structure_pk": _structure().pk}, method="post"
    ),
    "diagnostics:assessment_detail": Spec(
        GUYANE_AND_APROSEP, kwargs=lambda: {"pk": _self_assessment().pk}
    ),
    "diagnostics:assessment_fill": Spec(
        GUYANE_AND_APROSEP, kwargs=lambda: {"pk": _self_assessment().pk}
    ),
    "diagnostics:assessment_submit": Spec(
        GUYANE_AND_APROSEP, kwargs=lambda: {"pk": _self_assessment().pk}
    ),
    "diagnostics:visit_list": Spec(STAFF),
    "diagnostics:visit_create": Spec(STAFF),
    "diagnostics:visit_detail": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _visit().pk}),
    "diagnostics:visit_edit": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _visit().pk}),
    "diagnostics:visit_assessment_start": Spec(
        GUYANE_STAFF, kwargs=lambda: {"pk": _visit().pk}, method="post"
    ),
    "diagnostics:visit_attachment_add": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _visit().pk}),
    "diagnostics:visit_attachment_download": Spec(GUYANE_STAFF, kwargs=_attachment),
    "diagnostics:visit_offline_bundle": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _visit().pk}),
    "diagnostics:visit_sync": Spec(STAFF, method="post", data={"changes": "[]"}),
    "diagnostics:action_plan_list": Spec(STAFF),
    "diagnostics:action_plan_detail": Spec(
        GUYANE_AND_APROSEP, kwargs=lambda: {"pk": _structure().action_plan.pk}
    ),
    "diagnostics:overdue_items": Spec(STAFF),
    "diagnostics:action_item_create": Spec(GUYANE_STAFF, kwargs=lambda: {"visit_pk": _visit().pk}),
    "diagnostics:action_item_edit": Spec(GUYANE_AND_APROSEP, kwargs=lambda: {"pk": _item().pk}),
    "diagnostics:progress_note_add": Spec(GUYANE_AND_APROSEP, kwargs=lambda: {"pk": _item().pk}),
    "diagnostics:accompaniment_list": Spec(STAFF),
    "diagnostics:accompaniment_create": Spec(STAFF),
    "diagnostics:accompaniment_detail": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _dla().pk}),
    "diagnostics:accompaniment_edit": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _dla().pk}),
    "diagnostics:accompaniment_participants": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _dla().pk}),
    "diagnostics:accompaniment_document_add": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _dla().pk}),
    "diagnostics:accompaniment_document_download": Spec(GUYANE_STAFF, kwargs=_document),
    "diagnostics:territorial_list": Spec(STAFF),
    "diagnostics:territorial_create": Spec(STAFF),
    "diagnostics:territorial_definitions": Spec(STAFF),
    "diagnostics:territorial_detail": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().pk}),
    "diagnostics:territorial_edit": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().pk}),
    "diagnostics:territorial_freeze": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().pk}),
    "diagnostics:hypothesis_create": Spec(GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().pk}),
    "diagnostics:hypothesis_edit": Spec(
        GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().hypotheses.first().pk}
    ),
    "diagnostics:hypothesis_delete": Spec(
        GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().hypotheses.first().pk}
    ),
    "diagnostics:territorial_action_delete": Spec(
        GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().actions.first().pk}
    ),
    "diagnostics:territorial_action_create": Spec(
        GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().pk}
    ),
    "diagnostics:territorial_action_edit": Spec(
        GUYANE_STAFF, kwargs=lambda: {"pk": _territorial().actions.first().pk}
    ),
}


def _maroni_draft_self_assessment():
    from diagnostics.models import Assessment

    structure = _structure("Chantier Maroni Insertion")
    return {"pk": Assessment.objects.get(structure=structure, kind="self", status="draft").pk}


# Object actions refused to someone who sees the object (403), beside SPECS' one per URL:
# staff read a structure's self-assessment, only its managers fill it.
OBJECT_ACTIONS = [
    (
        "diagnostics:assessment_fill",
        Spec(frozenset({MANAGER_B}), kwargs=_maroni_draft_self_assessment, forbidden=GUYANE_STAFF),
    ),
]
