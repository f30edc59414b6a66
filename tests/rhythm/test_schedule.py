"""The schedule enqueues each job once per slot; the worker runs what is waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from okrs.rhythm import worker
from okrs.rhythm.jobs import SCHEDULE, prune_finished_jobs
from okrs.rhythm.models import ScheduledRun
from okrs.rhythm.schedule import enqueue_due, slot_start
from tests.rhythm.jobs_for_tests import take_a_while

MONDAY_9 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def test_a_slot_starts_at_a_whole_multiple_of_its_length():
    assert slot_start(MONDAY_9 + timedelta(minutes=7), timedelta(minutes=15)) == MONDAY_9
    assert slot_start(MONDAY_9, timedelta(days=1)) == datetime(2026, 10, 5, tzinfo=UTC)
    assert slot_start(MONDAY_9, timedelta(weeks=1)) == datetime(2026, 10, 5, tzinfo=UTC)


def test_each_scheduled_job_is_enqueued_once_a_slot(db):
    assert enqueue_due(MONDAY_9) == [job.name for job in SCHEDULE]
    assert enqueue_due(MONDAY_9 + timedelta(minutes=14)) == []
    assert enqueue_due(MONDAY_9 + timedelta(hours=3)) == ["send-reminders"]
    assert enqueue_due(MONDAY_9 + timedelta(days=1)) == ["send-reminders", "prune-finished-jobs"]
    runs = ScheduledRun.objects.filter(job="prune-finished-jobs").order_by("slot")
    assert [run.slot.day for run in runs] == [5, 6]
    every = ScheduledRun.objects.values_list("task_id", flat=True)
    assert DBTaskResult.objects.filter(id__in=list(every)).count() == 5


# The worker closes a connection it finds inside a transaction, as a test's would be.
@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_what_is_due_and_what_waited_from_before_a_restart():
    waiting = take_a_while.enqueue(7)  # enqueued by a worker that stopped since
    with time_machine.travel(MONDAY_9, tick=False):
        assert worker.run(once=True) == 3  # the waiting job, reminders and the daily clean-up
        assert worker.run(once=True) == 0
    waiting.refresh()
    assert waiting.status == "SUCCESSFUL" and waiting.return_value == 7


@pytest.mark.django_db(transaction=True)
def test_the_clean_up_job_prunes_what_finished_two_weeks_ago():
    with time_machine.travel(MONDAY_9 - timedelta(days=15), tick=False):
        take_a_while.enqueue(1)
        worker.run(once=True)  # the job, reminders and that day's clean-up
    with time_machine.travel(MONDAY_9, tick=False):
        recent = take_a_while.enqueue(2)
        worker.run(once=True)  # the job, reminders and today's clean-up, which pruned the old
        assert prune_finished_jobs.call() == 0
    kept = DBTaskResult.objects.values_list("id", flat=True)
    assert recent.id in {str(id) for id in kept} and len(kept) == 3
    assert {run.slot.date() for run in ScheduledRun.objects.all()} == {MONDAY_9.date()}
