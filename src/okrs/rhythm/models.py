"""Scheduled runs of the background jobs.

`ScheduledRun` carries a unique constraint that makes the schedule safe on any number
of workers: the row is the claim, and a second worker's insert fails.
"""

from __future__ import annotations

from django.db import models


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
