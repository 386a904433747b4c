from django.urls import path

from .views import accompaniments, assessments, grids, offline, plans, territorial, visits

app_name = "diagnostics"

urlpatterns = [
    # Grids
    path("grilles/", grids.grid_list, name="grid_list"),
    path("grilles/<int:pk>/", grids.grid_detail, name="grid_detail"),
    path("grilles/<int:pk>/modifier/", grids.grid_edit, name="grid_edit"),
    # Self-assessment (member area) and assessments
    path("espace-adherent/", assessments.member_home, name="member_home"),
    path(
        "espace-adherent/<int:structure_pk>/auto-evaluation/",
        assessments.self_assessment_start,
        name="self_assessment_start",
    ),
    path("evaluations/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("evaluations/<int:pk>/saisie/", assessments.assessment_fill, name="assessment_fill"),
    path(
        "evaluations/<int:pk>/transmettre/",
        assessments.assessment_submit,
        name="assessment_submit",
    ),
    # Visits
    path("visites/", visits.visit_list, name="visit_list"),
    path("visites/nouvelle/", visits.visit_create, name="visit_create"),
    path("visites/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visites/<int:pk>/modifier/", visits.visit_edit, name="visit_edit"),
    path("visites/<int:pk>/grille/", visits.visit_assessment_start, name="visit_assessment_start"),
    path(
        "visites/<int:pk>/pieces-jointes/",
        visits.visit_attachment_add,
        name="visit_attachment_add",
    ),
    path(
        "visites/<int:pk>/hors-connexion.json",
        offline.visit_offline_bundle,
        name="visit_offline_bundle",
    ),
    path("visites/synchronisation/", offline.visit_sync, name="visit_sync"),
    path(
        "pieces-jointes/<int:pk>/",
        visits.visit_attachment_download,
        name="visit_attachment_download",
    ),
    # Action plans
    path("plans/", plans.action_plan_list, name="action_plan_list"),
    path("plans/<int:pk>/", plans.action_plan_detail, name="action_plan_detail"),
    path("plans/en-retard/", plans.overdue_items, name="overdue_items"),
    path(
        "visites/<int:visit_pk>/actions/nouvelle/",
        plans.action_item_create,
        name="action_item_create",
    ),
    path("actions/<int:pk>/modifier/", plans.action_item_edit, name="action_item_edit"),
    path("actions/<int:pk>/avancement/", plans.progress_note_add, name="progress_note_add"),
    # Accompaniments
    path("accompagnements/", accompaniments.accompaniment_list, name="accompaniment_list"),
    path(
        "accompagnements/nouveau/",
        accompaniments.accompaniment_create,
        name="accompaniment_create",
    ),
    path(
        "accompagnements/<int:pk>/",
        accompaniments.accompaniment_detail,
        name="accompaniment_detail",
    ),
    path(
        "accompagnements/<int:pk>/modifier/",
        accompaniments.accompaniment_edit,
        name="accompaniment_edit",
    ),
    path(
        "accompagnements/<int:pk>/participantes/",
        accompaniments.accompaniment_participants,
        name="accompaniment_participants",
    ),
    path(
        "accompagnements/<int:pk>/documents/",
        accompaniments.accompaniment_document_add,
        name="accompaniment_document_add",
    ),
    path(
        "documents/<int:pk>/",
        accompaniments.accompaniment_document_download,
        name="accompaniment_document_download",
    ),
    # Territorial diagnostic
    path("territoires/", territorial.territorial_list, name="territorial_list"),
    path("territoires/nouveau/", territorial.territorial_create, name="territorial_create"),
    path(
        "territoires/definitions/",
        territorial.territorial_definitions,
        name="territorial_definitions",
    ),
    path("territoires/<int:pk>/", territorial.territorial_detail, name="territorial_detail"),
    path("territoires/<int:pk>/modifier/", territorial.territorial_edit, name="territorial_edit"),
    path("territoires/<int:pk>/figer/", territorial.territorial_freeze, name="territorial_freeze"),
    path(
        "territoires/<int:pk>/hypotheses/nouvelle/",
        territorial.hypothesis_create,
        name="hypothesis_create",
    ),
    path("hypotheses/<int:pk>/modifier/", territorial.hypothesis_edit, name="hypothesis_edit"),
    path("hypotheses/<int:pk>/supprimer/", territorial.hypothesis_delete, name="hypothesis_delete"),
    path(
        "territoires/<int:pk>/actions/nouvelle/",
        territorial.territorial_action_create,
        name="territorial_action_create",
    ),
    path(
        "actions-territoriales/<int:pk>/modifier/",
        territorial.territorial_action_edit,
        name="territorial_action_edit",
    ),
    path(
        "actions-territoriales/<int:pk>/supprimer/",
        territorial.territorial_action_delete,
        name="territorial_action_delete",
    ),
]
