"""Check-in cadences, scheduled runs of the background jobs, reminder settings and the
reminders sent.

`ScheduledRun` and `Reminder` carry unique constraints that make the jobs safe on any
number of workers: the row is the claim, and a second worker's insert fails.
"""

from __future__ import annotations

from datetime import date, time

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
    slack = models.BooleanField(default=False, help_text="in the Slack channel of the team")
    teams = models.BooleanField(
        default=False, help_text="in the Microsoft Teams channel of the team"
    )
    webhook = models.BooleanField(default=False, help_text="through the organisation's webhook")
    quiet_from = models.TimeField(default=DEFAULT_QUIET_FROM)
    quiet_until = models.TimeField(default=DEFAULT_QUIET_UNTIL)
    muted_until = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reminders of {self.user}"

    def channels(self) -> list[str]:
        """The channels they chose, by name."""
        return [name for name in ("email", "slack", "teams", "webhook") if getattr(self, name)]

    def wants_reminder(self, today: date, now: time) -> bool:
        """Whether to remind them now: a channel chosen, not muted, out of quiet hours."""
        if not self.channels() or (self.muted_until is not None and today <= self.muted_until):
            return False
        start, end = self.quiet_from, self.quiet_until
        quiet = (start <= now or now < end) if start > end else (start <= now < end)
        return not quiet


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


class Step(models.TextChoices):
    """The rungs of the escalation ladder, in order."""

    OWNER = "owner", "Remind the owner"
    OWNER_AGAIN = "owner-again", "Remind the owner again"
    LEAD = "lead", "Tell the team's lead"
    PARENT_LEAD = "parent-lead", "Tell the parent team's lead"


OWNER_STEPS = (Step.OWNER, Step.OWNER_AGAIN)


class LadderSettings(models.Model):
    """The organisation's escalation ladder: how many days after a missed check-in's due
    day each step is taken; empty switches the step off. Without a row, the defaults."""

    remind_owner_after = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    remind_again_after = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=2,
        help_text="the owner's reminders come within the check-in's period (weekly: days 0 to 6)",
    )
    tell_lead_after = models.PositiveSmallIntegerField(null=True, blank=True, default=4)
    tell_parent_lead_after = models.PositiveSmallIntegerField(null=True, blank=True, default=7)

    class Meta:
        verbose_name = verbose_name_plural = "escalation ladder"

    def __str__(self) -> str:
        return "escalation ladder"

    @classmethod
    def current(cls) -> LadderSettings:
        return cls.objects.first() or cls()

    def delays(self) -> dict[Step, int]:
        """The steps switched on, with their delay in days."""
        delays = {
            Step.OWNER: self.remind_owner_after,
            Step.OWNER_AGAIN: self.remind_again_after,
            Step.LEAD: self.tell_lead_after,
            Step.PARENT_LEAD: self.tell_parent_lead_after,
        }
        return {step: days for step, days in delays.items() if days is not None}


class LadderStep(models.Model):
    """A step of the ladder taken for a key result's check-in due on `due`: the claim that
    makes it once only, and the history shown on the key result."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="ladder")
    due = models.DateField()
    step = models.CharField(max_length=12, choices=Step.choices)
    day = models.DateField()
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ("day", "sent_at")
        constraints = [
            models.UniqueConstraint(
                fields=["key_result", "due", "step"], name="one_ladder_step_per_due_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} about {self.key_result} due {self.due}"


class TeamChannels(models.Model):
    """The chat channels a team is reminded in: incoming webhooks of Slack and Teams."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="channels")
    slack_webhook = models.URLField(
        blank=True, max_length=500, help_text="Slack incoming webhook (https://hooks.slack.com/…)"
    )
    teams_webhook = models.URLField(
        blank=True, max_length=500, help_text="Microsoft Teams incoming webhook or workflow URL"
    )

    class Meta:
        verbose_name = verbose_name_plural = "team channels"

    def __str__(self) -> str:
        return f"channels of {self.team}"


class WebhookSettings(models.Model):
    """The organisation's outgoing webhook: reminders and escalations as signed JSON."""

    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=200, help_text="signs each body: X-Okrs-Signature: sha256=<HMAC-SHA256 hex>"
    )

    class Meta:
        verbose_name = verbose_name_plural = "outgoing webhook"

    def __str__(self) -> str:
        return self.url
