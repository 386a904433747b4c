from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("partenaire/", views.partner_home, name="partner_home"),
    path("territoires/", views.territory_list, name="territory_list"),
    path("partenaires/", views.partner_list, name="partner_list"),
    path("partenaires/nouveau/", views.partner_create, name="partner_create"),
    path("partenaires/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partenaires/<int:pk>/modifier/", views.partner_edit, name="partner_edit"),
    path(
        "partenaires/<int:organisation_pk>/contacts/nouveau/",
        views.contact_create,
        name="contact_create",
    ),
    path("contacts/<int:pk>/modifier/", views.contact_edit, name="contact_edit"),
    path(
        "contacts/<int:pk>/export.<str:fmt>",
        views.contact_export,
        name="contact_export",
    ),
    path("contacts/<int:pk>/effacer/", views.contact_erase, name="contact_erase"),
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/nouvelle/", views.mission_create, name="mission_create"),
    path("missions/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/modifier/", views.mission_edit, name="mission_edit"),
    path("echanges/", views.interaction_list, name="interaction_list"),
    path("echanges/nouveau/", views.interaction_create, name="interaction_create"),
    path("echanges/<int:pk>/", views.interaction_detail, name="interaction_detail"),
    path("echanges/<int:pk>/modifier/", views.interaction_edit, name="interaction_edit"),
    path(
        "echanges/<int:interaction_pk>/suites/nouvelle/",
        views.followup_create,
        name="followup_create",
    ),
    path("suites/", views.followup_list, name="followup_list"),
    path("suites/<int:pk>/faite/", views.followup_done, name="followup_done"),
    path("federation/", views.federation, name="federation"),
    path(
        "reseaux-regionaux/nouveau/",
        views.regional_network_create,
        name="regional_network_create",
    ),
    path(
        "reseaux-regionaux/<int:pk>/",
        views.regional_network_detail,
        name="regional_network_detail",
    ),
    path("adhesions/", views.adhesion_list, name="adhesion_list"),
    path("adhesions/export.<str:fmt>", views.adhesion_export, name="adhesion_export"),
    path("adhesions/<int:pk>/", views.adhesion_edit, name="adhesion_edit"),
    path(
        "reseaux-regionaux/<int:pk>/etape/",
        views.regional_network_stage,
        name="regional_network_stage",
    ),
    path(
        "reseaux-regionaux/<int:pk>/membres/ajouter/",
        views.regional_network_member_add,
        name="regional_network_member_add",
    ),
    path(
        "reseaux-regionaux/membres/<int:pk>/",
        views.regional_network_member_edit,
        name="regional_network_member_edit",
    ),
    path(
        "reseaux-regionaux/<int:pk>/colleges/ajouter/",
        views.regional_network_college_add,
        name="regional_network_college_add",
    ),
    path(
        "reseaux-regionaux/<int:pk>/bureau/ajouter/",
        views.regional_network_mandate_add,
        name="regional_network_mandate_add",
    ),
    path(
        "reseaux-regionaux/bureau/<int:pk>/fin/",
        views.regional_network_mandate_end,
        name="regional_network_mandate_end",
    ),
    path(
        "reseaux-regionaux/<int:pk>/etapes/ajouter/",
        views.regional_network_milestone_add,
        name="regional_network_milestone_add",
    ),
    path(
        "reseaux-regionaux/etapes/<int:pk>/",
        views.regional_network_milestone_edit,
        name="regional_network_milestone_edit",
    ),
    path(
        "reseaux-regionaux/<int:pk>/documents/ajouter/",
        views.regional_network_document_add,
        name="regional_network_document_add",
    ),
    path(
        "reseaux-regionaux/documents/<int:pk>/",
        views.regional_network_document,
        name="regional_network_document",
    ),
    path(
        "reseaux-regionaux/documents/<int:pk>/supprimer/",
        views.regional_network_document_delete,
        name="regional_network_document_delete",
    ),
    path("reseau-regional/", views.member_regional_networks, name="member_regional_networks"),
    path(
        "reseau-regional/<int:pk>/",
        views.member_regional_network,
        name="member_regional_network",
    ),
    path(
        "reseau-regional/invitations/<int:pk>/",
        views.member_network_answer,
        name="member_network_answer",
    ),
    path("campagnes/", views.campaign_list, name="campaign_list"),
    path("campagnes/ouvrir/", views.campaign_open, name="campaign_open"),
    path("adhesion/", views.member_adhesion, name="member_adhesion"),
    path(
        "adhesion/<int:pk>/renouveler/",
        views.member_adhesion_renew,
        name="member_adhesion_renew",
    ),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/nouvelle/", views.publication_create, name="publication_create"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("publications/<int:pk>/modifier/", views.publication_edit, name="publication_edit"),
    path(
        "publications/<int:pk>/piece-jointe/",
        views.publication_attachment,
        name="publication_attachment",
    ),
    path("actualites/", views.member_news, name="member_news"),
]
