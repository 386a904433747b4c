from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Convention, Structure, StructureDocument, StructureMembership, YearlyIndicators


class MembershipInline(admin.TabularInline):
    model = StructureMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "siret", "commune", "departement"]
    list_filter = ["kind", "departement__region"]
    search_fields = ["name", "search_name", "siret"]
    raw_id_fields = ["commune"]
    inlines = [MembershipInline]
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
