from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("partenaire/", views.partner_home, name="partner_home"),
]
