from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    # Staff: directory, exports, imports, a structure's page.
    path("", views.directory, name="directory"),
    path("ajouter/", views.structure_create, name="structure_create"),
    path("export/", views.directory_export, name="directory_export"),
    path("export/indicateurs/", views.indicators_export, name="indicators_export"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<slug:token>/", views.import_preview, name="import_preview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/conventions/", views.convention_edit, name="convention_edit"),
    path(
        "<int:pk>/indicateurs/<int:year>/verrouillage/",
        views.indicators_lock,
        name="indicators_lock",
    ),
    # Staff of the territory and the structure's managers.
    path("<int:pk>/modifier/", views.structure_edit, name="structure_edit"),
    path("<int:pk>/indicateurs/", views.indicators_edit, name="indicators_edit"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/supprimer/", views.document_delete, name="document_delete"),
    path("<int:pk>/equipe/", views.colleagues, name="colleagues"),
    path("equipe/<int:pk>/retirer/", views.colleague_remove, name="colleague_remove"),
    path("equipe/<int:pk>/administrateur/", views.colleague_admin, name="colleague_admin"),
    path(
        "equipe/invitations/<int:pk>/renvoyer/",
        views.colleague_invitation_resend,
        name="colleague_invitation_resend",
    ),
    path(
        "equipe/invitations/<int:pk>/annuler/",
        views.colleague_invitation_revoke,
        name="colleague_invitation_revoke",
    ),
    # Member area.
    path("espace-adherent/", views.member_home, name="member_home"),
    path("espace-adherent/structure/<int:pk>/", views.member_structure, name="member_structure"),
    path("espace-adherent/annuaire/", views.member_directory, name="member_directory"),
    path("espace-adherent/annuaire/<int:pk>/", views.public_profile, name="public_profile"),
]
