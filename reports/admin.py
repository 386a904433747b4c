from django.contrib import admin

from .models import Report, ReportDownload, ReportShare


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reports are produced and shared through the portal: the admin only reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "version", "status", "attempts", "requested_at", "pages"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["title", "subject_key"]
    list_select_related = ["region"]


@admin.register(ReportShare)
class ReportShareAdmin(ReadOnlyAdmin):
    list_display = ["report", "organisation", "shared_by", "shared_at"]
    list_select_related = ["report", "organisation", "shared_by"]


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdmin):
    list_display = ["downloaded_at", "user", "organisation", "report"]
    list_select_related = ["report", "organisation", "user"]
