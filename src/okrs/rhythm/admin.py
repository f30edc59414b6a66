from django.contrib import admin
from django.http import HttpRequest

from okrs.rhythm.models import (
    CadenceSetting,
    LadderSettings,
    LadderStep,
    Reminder,
    ReminderSettings,
    TeamChannels,
    WebhookSettings,
)


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "email",
        "slack",
        "teams",
        "webhook",
        "quiet_from",
        "quiet_until",
        "muted_until",
    )
    search_fields = ("user__email",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "channel", "key_results", "sent_at")
    list_filter = ("day",)


@admin.register(LadderSettings)
class LadderSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "remind_owner_after",
        "remind_again_after",
        "tell_lead_after",
        "tell_parent_lead_after",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not LadderSettings.objects.exists()  # one ladder for the organisation


@admin.register(LadderStep)
class LadderStepAdmin(admin.ModelAdmin):
    list_display = ("key_result", "due", "step", "day", "person", "team", "sent_at")
    list_filter = ("step", "due")


@admin.register(TeamChannels)
class TeamChannelsAdmin(admin.ModelAdmin):
    list_display = ("team", "slack_webhook", "teams_webhook")
    search_fields = ("team__key", "team__name")


@admin.register(WebhookSettings)
class WebhookSettingsAdmin(admin.ModelAdmin):
    list_display = ("url",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not WebhookSettings.objects.exists()  # one webhook for the organisation


admin.site.register(CadenceSetting)
