from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Contact,
    Federation,
    Interaction,
    InteractionFollowUp,
    Milestone,
    Mission,
    NetworkMember,
    NetworkStageChange,
    Organisation,
    OrganisationKind,
    Publication,
    RegionalDelegation,
    RegionalNetwork,
)


@admin.register(OrganisationKind)
class OrganisationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category"]
    list_filter = ["category"]
    prepopulated_fields = {"slug": ["name"]}


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "role", "email", "phone", "erased_at"]
    readonly_fields = ["erased_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
    list_select_related = ["kind", "region"]
    autocomplete_fields = ["commune"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "role", "organisation", "erased_at"]
    list_filter = ["organisation__region"]
    search_fields = ["last_name", "first_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["erased_at"]


class DelegationInline(admin.TabularInline):
    model = RegionalDelegation
    extra = 0
    filter_horizontal = ["delegates"]


@admin.register(Federation)
class FederationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym"]
    inlines = [DelegationInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class NetworkMemberInline(admin.TabularInline):
    model = NetworkMember
    extra = 0
    autocomplete_fields = ["structure"]


class StageChangeInline(admin.TabularInline):
    model = NetworkStageChange
    extra = 0


@admin.register(RegionalNetwork)
class RegionalNetworkAdmin(SimpleHistoryAdmin):
    """Kept for the back office; staff run a network's structuring from its portal page."""

    list_display = ["name", "region", "status"]
    list_filter = ["status", "region"]
    inlines = [StageChangeInline, NetworkMemberInline, MilestoneInline]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "starts_on", "ends_on"]
    list_filter = ["region"]
    filter_horizontal = ["staff"]


class InteractionFollowUpInline(admin.TabularInline):
    model = InteractionFollowUp
    extra = 0


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["title", "occurred_on", "region", "mission", "kind"]
    list_filter = ["region", "kind"]
    search_fields = ["title", "topics", "decisions"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["organisations", "structures", "contacts", "commune"]
    inlines = [InteractionFollowUpInline]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published_at", "notified_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    filter_horizontal = ["regions"]
