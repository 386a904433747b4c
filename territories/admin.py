from django.contrib import admin

from .models import Arrondissement, Commune, CommuneAlias, Departement, Epci, Postcode, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "time_zone"]
    search_fields = ["name", "code"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "time_zone"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Arrondissement)
class ArrondissementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "departement"]
    list_filter = ["departement__region"]
    search_fields = ["name", "code"]
    list_select_related = ["departement"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "siren"]


class PostcodeInline(admin.TabularInline):
    model = Postcode
    extra = 0


class AliasInline(admin.TabularInline):
    model = CommuneAlias
    extra = 0
    fields = ["kind", "insee_code", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "departement", "postcode", "population"]
    list_filter = ["departement__region"]
    search_fields = ["name", "insee_code", "postcodes__code", "aliases__insee_code"]
    list_select_related = ["departement"]
    raw_id_fields = ["arrondissement", "epci"]
    inlines = [PostcodeInline, AliasInline]


@admin.register(CommuneAlias)
class CommuneAliasAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "insee_code", "commune__name"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune"]
