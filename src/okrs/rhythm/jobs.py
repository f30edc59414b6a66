"""The background jobs and the schedule that enqueues them.

A job is a django-tasks `@task` (the API Django 6 ships as `django.tasks`), stored by
django-tasks-db in okrs's own database. `SCHEDULE` lists what runs by itself and how
often; `okrs.rhythm.schedule` turns it into enqueued tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

# Finished jobs are kept this long for the admin's Task Results, then pruned.
KEEP_FINISHED = timedelta(days=14)


@task()
def prune_finished_jobs() -> int:
    """Delete the records of jobs that finished more than `KEEP_FINISHED` ago."""
    from django_tasks_db.models import DBTaskResult

    from okrs.rhythm.models import ScheduledRun

    before = timezone.now() - KEEP_FINISHED
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    ScheduledRun.objects.filter(slot__lt=before).delete()
    return deleted


@task()
def send_reminders() -> int:
    """Send the check-in reminders and escalations due now (`okrs.rhythm.reminders`,
    `okrs.rhythm.ladder`)."""
    from okrs.rhythm.ladder import escalate
    from okrs.rhythm.reminders import send_due_reminders

    now = timezone.now()
    return send_due_reminders(now) + escalate(now)


@dataclass(frozen=True)
class Scheduled:
    """A job run once every `every`, in slots counted from midnight UTC."""

    name: str
    task: Task[[], int]
    every: timedelta


SCHEDULE = [
    Scheduled("send-reminders", send_reminders, timedelta(minutes=15)),
    Scheduled("prune-finished-jobs", prune_finished_jobs, timedelta(days=1)),
]
