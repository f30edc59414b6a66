"""Enqueue the scheduled jobs that are due: once per slot, however many workers ask.

Each worker calls `enqueue_due` on every pass. The first to insert a job's
`ScheduledRun` for the current slot enqueues it, in the same transaction; the others'
inserts fail on the unique constraint and they move on. A worker that was down for
hours enqueues the current slot only: the jobs work out what is due from the clock,
so a missed slot is caught up by the next one, not replayed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction

from okrs.rhythm.jobs import SCHEDULE, Scheduled
from okrs.rhythm.models import ScheduledRun

EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday at midnight: weekly slots start on Mondays


def enqueue_due(now: datetime, schedule: list[Scheduled] = SCHEDULE) -> list[str]:
    """Enqueue each scheduled job whose current slot has no run yet; return their names."""
    enqueued = []
    for job in schedule:
        slot = slot_start(now, job.every)
        if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot)
                run.task_id = job.task.enqueue().id
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker enqueued it first
        enqueued.append(job.name)
    return enqueued


def slot_start(now: datetime, every: timedelta) -> datetime:
    """The start of the slot of length `every` that holds `now`."""
    return EPOCH + (now - EPOCH) // every * every
