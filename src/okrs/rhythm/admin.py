from django.contrib import admin

from okrs.rhythm.models import CadenceSetting, Reminder, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "quiet_from", "quiet_until", "muted_until")
    search_fields = ("user__email",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "channel", "key_results", "sent_at")
    list_filter = ("day",)


admin.site.register(CadenceSetting)
