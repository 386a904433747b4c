from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views

admin.site.site_header = _("Maillage — administration")
admin.site.site_title = _("Maillage")

urlpatterns = [
    # One login for the portal and the admin: allauth's, with its limits and two-factor.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/email/", account_views.email, name="account_email"),
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

handler400 = "core.views.bad_request"
handler429 = "core.views.too_many_requests"
