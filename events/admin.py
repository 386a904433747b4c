from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CalendarFeed,
    Event,
    EventKind,
    EventReminderLog,
    Minutes,
    MinutesFollowUp,
    Registration,
)


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["structure", "organisation", "registered_by"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "region", "starts_at", "status"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["title"]
    raw_id_fields = ["commune", "created_by"]
    filter_horizontal = ["audience_regions", "invited_organisations", "organisers"]
    inlines = [RegistrationInline]


class MinutesFollowUpInline(admin.TabularInline):
    model = MinutesFollowUp
    extra = 0
    raw_id_fields = ["owner_user", "structure"]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["event", "published_at"]
    raw_id_fields = ["event", "written_by"]
    inlines = [MinutesFollowUpInline]


@admin.register(EventReminderLog)
class EventReminderLogAdmin(admin.ModelAdmin):
    list_display = ["event", "kind", "recipient", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["event", "registration"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]
    exclude = ["token"]
