from django.contrib import admin

from .models import (
    Accompaniment,
    ActionItem,
    ActionPlan,
    Assessment,
    Axis,
    Criterion,
    Grid,
    Hypothesis,
    Level,
    TerritorialAction,
    TerritorialDiagnostic,
    Visit,
)


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "lineage", "is_default", "published_at"]
    inlines = [AxisInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "axis"]
    list_filter = ["axis__grid"]
    inlines = [LevelInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["structure", "kind", "status", "grid", "submitted_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["structure", "created_by"]
    list_select_related = ["structure", "grid"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["structure", "planned_on", "held_on"]
    raw_id_fields = ["structure", "assessment", "created_by"]
    list_select_related = ["structure"]


class ActionItemInline(admin.StackedInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner_user", "visit", "axis"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["structure", "created_at"]
    raw_id_fields = ["structure", "created_by"]
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["objective", "plan", "status", "due_on"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "owner_user", "visit", "axis"]


@admin.register(Accompaniment)
class AccompanimentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "structure", "status", "started_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["structure", "operator", "created_by"]
    filter_horizontal = ["participants"]


class HypothesisInline(admin.StackedInline):
    model = Hypothesis
    extra = 0


class TerritorialActionInline(admin.TabularInline):
    model = TerritorialAction
    extra = 0


@admin.register(TerritorialDiagnostic)
class TerritorialDiagnosticAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "period_start", "period_end", "frozen_at"]
    inlines = [HypothesisInline, TerritorialActionInline]
    raw_id_fields = ["created_by"]
