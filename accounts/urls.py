from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/nouvelle/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/renvoyer/", views.invitation_resend, name="invitation_resend"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
