"""Check-in cadences, scheduled runs of the background jobs, reminder settings and the
reminders sent.

`ScheduledRun` and `Reminder` carry unique constraints that make the jobs safe on any
number of workers: the row is the claim, and a second worker's insert fails.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models

from okrs.core.cadence import LABELS
from okrs.goals.models import Cycle, KeyResult
from okrs.people.models import Team

CADENCES = [(cadence.value, label) for cadence, label in LABELS.items()]
DEFAULT_QUIET_FROM = time(18, 0)
DEFAULT_QUIET_UNTIL = time(9, 0)


class CadenceSetting(models.Model):
    """A check-in cadence set on one cycle, team or key result; the most specific wins."""

    cycle = models.OneToOneField(
        Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="cadence_setting"
    )
    team = models.OneToOneField(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="cadence_setting"
    )
    key_result = models.OneToOneField(
        KeyResult, null=True, blank=True, on_delete=models.CASCADE, related_name="cadence_setting"
    )
    cadence = models.CharField(max_length=8, choices=CADENCES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(cycle__isnull=False, team__isnull=True, key_result__isnull=True)
                    | models.Q(cycle__isnull=True, team__isnull=False, key_result__isnull=True)
                    | models.Q(cycle__isnull=True, team__isnull=True, key_result__isnull=False)
                ),
                name="cadence_set_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle or self.team or self.key_result}: {self.cadence}"


class ScheduledRun(models.Model):
    """A job the schedule enqueued for one time slot; unique, so it is enqueued once."""

    job = models.CharField(max_length=64)
    slot = models.DateTimeField()
    task_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_and_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"


class ReminderSettings(models.Model):
    """How a person wants to be reminded; without a row, the defaults below apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    email = models.BooleanField(default=True)
    quiet_from = models.TimeField(default=DEFAULT_QUIET_FROM)
    quiet_until = models.TimeField(default=DEFAULT_QUIET_UNTIL)
    muted_until = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reminders of {self.user}"


class Reminder(models.Model):
    """A reminder sent to a person about the check-ins due on one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    day = models.DateField()
    channel = models.CharField(max_length=10, default="email")
    sent_at = models.DateTimeField()
    key_results = models.PositiveIntegerField()

    class Meta:
        ordering = ("-day",)
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_reminder_per_person_and_day")
        ]

    def __str__(self) -> str:
        return f"reminder to {self.user} on {self.day}"
