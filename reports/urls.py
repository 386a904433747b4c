from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("demander/", views.report_request, name="request"),
    path("partages/", views.partner_list, name="partner_list"),
    path("telechargements/", views.download_list, name="downloads"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/etat/", views.report_status, name="status"),
    path("<int:pk>/relancer/", views.report_retry, name="retry"),
    path("<int:pk>/nouvelle-version/", views.report_regenerate, name="regenerate"),
    path("<int:pk>/partager/", views.report_share, name="share"),
    path("<int:pk>/telecharger/", views.report_download, name="download"),
]
