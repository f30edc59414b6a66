"""Check-in cadences and scheduled runs of the background jobs.

`ScheduledRun` carries a unique constraint that makes the schedule safe on any number
of workers: the row is the claim, and a second worker's insert fails.
"""

from __future__ import annotations

from django.db import models

from okrs.core.cadence import LABELS
from okrs.goals.models import Cycle, KeyResult
from okrs.people.models import Team

CADENCES = [(cadence.value, label) for cadence, label in LABELS.items()]


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
