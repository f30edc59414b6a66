"""`okrs worker`: enqueue the scheduled jobs and run every job, on any number of machines.

Jobs wait in the database (django-tasks-db), so they survive restarts. A worker claims
one at a time in a transaction: `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, an
exclusive transaction on SQLite, so two workers never run the same job. A stop signal
(Ctrl+C, SIGTERM) lets the running job finish, then the worker exits.

`serve_with_worker` is the single-machine install's: `okrs serve` starts one worker
process beside the web server and stops it with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from okrs.rhythm.schedule import enqueue_due

DEFAULT_INTERVAL = 5.0


def run(*, once: bool, interval: float = DEFAULT_INTERVAL, server: int | None = None) -> int:
    """Enqueue what the schedule says is due and run the jobs; return how many ran.

    With `once`, a single pass: what is due now, then return. Otherwise pass after pass,
    `interval` seconds apart, until a stop signal, or until the process `server` that
    started this worker is gone (killed, it could not stop its worker itself).
    """
    worker_id = get_random_string(32)
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    started = timezone.now()
    stop = threading.Event()
    with _stopping_on_signals(worker, stop, once):
        while not stop.is_set() and server in (None, os.getppid()):
            enqueue_due(timezone.now())
            worker.run()
            if once:
                break
            stop.wait(interval)
    return sum(
        worker_id in ids
        for ids in DBTaskResult.objects.filter(started_at__gte=started).values_list(
            "worker_ids", flat=True
        )
    )


@contextlib.contextmanager
def _stopping_on_signals(worker: Worker, stop: threading.Event, once: bool) -> Iterator[None]:
    """Stop after the running job on SIGINT/SIGTERM (the main thread only sets handlers)."""
    if once or threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        worker.running = False
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def serve_with_worker(enabled: bool) -> Iterator[None]:
    """Run `okrs worker` in a child process while the block runs, when `enabled`.

    SIGTERM ends the block like Ctrl+C, so that the worker is stopped with the server
    (gunicorn sets handlers of its own that end it the same way).
    """
    if not enabled:
        yield
        return
    server = str(os.getpid())
    child = subprocess.Popen([sys.executable, "-m", "okrs", "worker", "--server", server])
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
