from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendrier/", views.event_month, name="month"),
    path("nouveau/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/evenement.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/modifier/", views.event_update, name="update"),
    path("<int:pk>/publier/", views.event_publish, name="publish"),
    path("<int:pk>/annuler/", views.event_cancel, name="cancel"),
    path("<int:pk>/inscrire/", views.registration_create, name="register"),
    path("<int:pk>/emargement/", views.attendance_sheet, name="sheet"),
    path("<int:pk>/presences/", views.attendance_record, name="attendance"),
    path("<int:pk>/compte-rendu/", views.minutes_detail, name="minutes"),
    path("<int:pk>/compte-rendu/modifier/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/compte-rendu/publier/", views.minutes_publish, name="minutes_publish"),
    path("inscriptions/<int:pk>/annuler/", views.registration_cancel, name="registration_cancel"),
    path("suivis/<int:pk>/reporter/", views.follow_up_push, name="follow_up_push"),
    path("taux-de-presence/", views.attendance_rates, name="rates"),
    path("espace-adherent/", views.member_home, name="member_home"),
    path("agenda/", views.feed_settings, name="feed_settings"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
