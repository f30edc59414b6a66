from django.contrib import admin

from okrs.goals.models import (
    CheckIn,
    ClaritySurvey,
    Comment,
    Cycle,
    Initiative,
    InitiativeLink,
    KeyResult,
    Kpi,
    KpiMeasurement,
    Objective,
    ObjectiveReview,
)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("key", "start", "end", "state")
    list_filter = ("state",)
    search_fields = ("key",)


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    extra = 0
    fields = ("key", "title", "type", "unit", "baseline", "target", "direction", "weight", "owner")
    autocomplete_fields = ("owner",)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "team", "cycle", "kind", "visibility", "owner")
    list_filter = ("cycle", "kind", "visibility", "team__kind")
    search_fields = ("key", "title")
    list_select_related = ("team", "cycle", "owner")
    autocomplete_fields = (
        "team",
        "owner",
        "aligned_objective",
        "aligned_key_result",
        "contributors",
    )
    inlines = (KeyResultInline,)


@admin.register(KeyResult)
class KeyResultAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "objective", "type", "baseline", "target", "unit")
    list_filter = ("type", "objective__cycle")
    search_fields = ("key", "title")
    list_select_related = ("objective",)
    autocomplete_fields = ("objective", "owner")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("key_result", "date", "value", "confidence", "author")
    list_filter = ("date",)
    search_fields = ("key_result__key", "note")
    list_select_related = ("key_result", "author")
    autocomplete_fields = ("key_result", "author")
    date_hierarchy = "date"


class InitiativeLinkInline(admin.TabularInline):
    model = InitiativeLink
    extra = 0
    autocomplete_fields = ("key_result",)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "team", "cycle", "status", "effort", "bucket")
    list_filter = ("status", "bucket", "cycle")
    search_fields = ("key", "title", "external_key")
    list_select_related = ("team", "cycle")
    autocomplete_fields = ("team",)
    inlines = (InitiativeLinkInline,)


class KpiMeasurementInline(admin.TabularInline):
    model = KpiMeasurement
    extra = 0


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "team", "unit", "healthy_min", "healthy_max")
    search_fields = ("key", "name")
    autocomplete_fields = ("team", "key_results")
    inlines = (KpiMeasurementInline,)


@admin.register(ObjectiveReview)
class ObjectiveReviewAdmin(admin.ModelAdmin):
    list_display = ("objective", "grade_override", "updated_at")
    autocomplete_fields = ("objective",)


@admin.register(ClaritySurvey)
class ClaritySurveyAdmin(admin.ModelAdmin):
    list_display = ("cycle", "team", "respondent", "clarity")
    list_filter = ("cycle",)
    autocomplete_fields = ("team", "respondent")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("objective", "author", "created_at")
    search_fields = ("objective__key", "text")
    list_select_related = ("objective", "author")
    autocomplete_fields = ("objective", "author")
