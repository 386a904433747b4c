from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    path("espace-adherent/", views.member_home, name="member_home"),
]
