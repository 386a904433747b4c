from django.contrib import admin

from .models import Structure, StructureMembership


class MembershipInline(admin.TabularInline):
    model = StructureMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "departement"]
    list_filter = ["kind", "departement__region"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune"]
    inlines = [MembershipInline]
    list_select_related = ["commune", "departement"]
