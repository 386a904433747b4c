from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Adhesion,
    AdhesionCampaign,
    AdhesionReminderLog,
    Convention,
    Structure,
    StructureDocument,
    StructureMembership,
    YearlyIndicators,
)


class StructureMembershipInline(admin.TabularInline):
    model = StructureMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "siret", "commune", "departement"]
    list_filter = ["kind", "departement__region"]
    search_fields = ["name", "search_name", "siret"]
    raw_id_fields = ["commune"]
    inlines = [StructureMembershipInline]
    list_select_related = ["commune", "departement"]


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "structure", "year", "etp_conventionnes", "status"]
    list_filter = ["year", "status", "structure__kind"]
    search_fields = ["number", "structure__name"]
    raw_id_fields = ["structure"]
    list_select_related = ["structure"]


@admin.register(YearlyIndicators)
class YearlyIndicatorsAdmin(SimpleHistoryAdmin):
    list_display = ["structure", "year", "employees", "etp_realises", "locked_at"]
    list_filter = ["year"]
    search_fields = ["structure__name"]
    raw_id_fields = ["structure"]
    list_select_related = ["structure"]


@admin.register(StructureDocument)
class StructureDocumentAdmin(admin.ModelAdmin):
    """Metadata only: the files are downloaded through the permission-checked view."""

    list_display = ["original_name", "kind", "structure", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "structure__name"]
    raw_id_fields = ["structure", "uploaded_by"]
    exclude = ["file"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(AdhesionCampaign)
class AdhesionCampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "starts_on", "ends_on", "default_dues", "opened_at"]


@admin.register(Adhesion)
class AdhesionAdmin(SimpleHistoryAdmin):
    list_display = ["structure", "campaign", "status", "payment_status", "dues_amount"]
    list_filter = ["campaign", "status", "payment_status"]
    search_fields = ["structure__name"]
    list_select_related = ["structure", "campaign"]
    raw_id_fields = ["structure"]


@admin.register(AdhesionReminderLog)
class AdhesionReminderLogAdmin(admin.ModelAdmin):
    list_display = ["adhesion", "kind", "sent_on", "sent_at", "recipients"]
    list_filter = ["kind", "sent_on"]
    list_select_related = ["adhesion__structure", "adhesion__campaign"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
