from django.urls import path

from .views import attendance, detail, lists, member, minutes, offline, registrations

app_name = "events"

urlpatterns = [
    path("", lists.event_list, name="list"),
    path("calendrier/", lists.event_month, name="month"),
    path("nouveau/", detail.event_create, name="create"),
    path("<int:pk>/", detail.event_detail, name="detail"),
    path("<int:pk>/evenement.ics", detail.event_ics, name="event_ics"),
    path("<int:pk>/modifier/", detail.event_update, name="update"),
    path("<int:pk>/publier/", detail.event_publish, name="publish"),
    path("<int:pk>/annuler/", detail.event_cancel, name="cancel"),
    path("<int:pk>/inscrire/", registrations.registration_create, name="register"),
    path("<int:pk>/emargement/", attendance.attendance_sheet, name="sheet"),
    path("<int:pk>/presences/", attendance.attendance_record, name="attendance"),
    path("<int:pk>/hors-connexion.json", offline.event_offline_bundle, name="offline_bundle"),
    path("synchronisation/", offline.event_sync, name="sync"),
    path("<int:pk>/compte-rendu/", minutes.minutes_detail, name="minutes"),
    path("<int:pk>/compte-rendu/modifier/", minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/compte-rendu/publier/", minutes.minutes_publish, name="minutes_publish"),
    path(
        "<int:pk>/compte-rendu/decisions-reseau/",
        minutes.minutes_network_decisions,
        name="minutes_network_decisions",
    ),
    path(
        "inscriptions/<int:pk>/annuler/",
        registrations.registration_cancel,
        name="registration_cancel",
    ),
    path("suivis/<int:pk>/reporter/", minutes.follow_up_push, name="follow_up_push"),
    path("taux-de-presence/", attendance.attendance_rates, name="rates"),
    path("espace-adherent/", member.member_home, name="member_home"),
    path("agenda/", member.feed_settings, name="feed_settings"),
    path("agenda/<str:token>.ics", member.feed, name="feed"),
]
