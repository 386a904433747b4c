from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Maillage — administration")
admin.site.site_title = _("Maillage")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("accounts.urls")),
    path("reseau/", include("network.urls")),
    path("structures/", include("structures.urls")),
    path("diagnostics/", include("diagnostics.urls")),
    path("evenements/", include("events.urls")),
    path("rapports/", include("reports.urls")),
    path("", include("core.urls")),
]
