"""The production server behind `okrs serve`: gunicorn worker processes, waitress where
gunicorn cannot run.

Processes, not threads, are what let reading use every core: Python runs one thread at a
time per process. Each worker keeps nothing that a write must throw away (the database
holds the figures), so any number of them may serve one database, on this machine or on
several behind a load balancer.

gunicorn is run from Python (a `gunicorn.app.base.BaseApplication`) rather than as the
`gunicorn` command, so that `okrs serve` stays the one way to start okrs:

- migrations are applied once, by the command, before any worker starts (workers racing
  to migrate one database would fail), and the command says which database it serves;
- the app is loaded before the workers are forked (`preload_app`): they share its code
  pages, start serving at once, and a broken setting fails the command, not each worker.
  The command's database connections are closed first, so no worker inherits one;
- nothing is read from a gunicorn config file or `GUNICORN_CMD_ARGS`: what `okrs serve
  --help` shows is all there is. The control socket (`gunicornc`) is off: two servers on
  one machine would fight over its default path.

Workers are gthread workers: a few threads each keep slow clients from holding a whole
process. The default count follows the CPUs: 2 × cores + 1, at most `MAX_DEFAULT_WORKERS`
(each worker holds its own memory; more than that rarely helps one database).

Windows has no `fork` and no `fcntl`: gunicorn cannot even be imported there, and waitress
(threads in one process) serves instead. `--server waitress` picks it anywhere.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any

MAX_DEFAULT_WORKERS = 8
# Threads of a worker: they wait on the database and on slow clients, not on Python.
DEFAULT_THREADS = 4
SERVERS = ("gunicorn", "waitress")


def default_workers() -> int:
    """2 × the CPUs this process may use, + 1, at most `MAX_DEFAULT_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity masks
        cores = os.cpu_count() or 1
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def gunicorn_runs_here() -> bool:
    """Whether gunicorn can run on this platform (it needs `fcntl`, absent on Windows)."""
    return (
        importlib.util.find_spec("fcntl") is not None
        and importlib.util.find_spec("gunicorn") is not None
    )


def pick_server(requested: str | None) -> str:
    """The server to run: the one asked for, else gunicorn where it runs, else waitress.

    Raises ValueError for an unknown name or gunicorn asked for where it cannot run.
    """
    if requested is None:
        return "gunicorn" if gunicorn_runs_here() else "waitress"
    if requested not in SERVERS:
        raise ValueError(f"'{requested}' is not one of {', '.join(SERVERS)}")
    if requested == "gunicorn" and not gunicorn_runs_here():
        raise ValueError("gunicorn does not run on this platform; use waitress")
    return requested


def run_gunicorn(
    application: Callable[..., Any],
    *,
    host: str,
    port: int,
    workers: int,
    threads: int,
    timeout: int = 60,
) -> None:
    """Serve `application` with `workers` gunicorn processes of `threads` threads each.

    Blocks until the server stops (Ctrl+C or SIGTERM stop it gracefully).
    """
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 30,
        "preload_app": True,
        "proc_name": "okrs",
        "errorlog": "-",
        "loglevel": "info",
        "control_socket_disable": True,
    }

    class OkrsServer(BaseApplication):
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> Callable[..., Any]:
            return application

    warm_up()
    connections.close_all()
    # Whatever is still buffered would be written again by every forked worker.
    sys.stdout.flush()
    sys.stderr.flush()
    OkrsServer().run()


def warm_up() -> None:
    """Compile the URL patterns and every template of the web app once, before the
    workers fork: each starts with them (shared pages) instead of compiling them on its
    first requests, which made the first page after a start several times slower."""
    from pathlib import Path

    from django.template.loader import get_template
    from django.urls import get_resolver

    import okrs.web

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    templates = Path(okrs.web.__file__).parent / "templates"
    for path in sorted(templates.rglob("*.html")):
        get_template(path.relative_to(templates).as_posix())
    # Kept out of the collector's scans, these pages stay shared with the workers instead
    # of being copied into each one when a collection touches them.
    gc.freeze()


def run_waitress(application: Callable[..., Any], *, host: str, port: int, threads: int) -> None:
    """Serve `application` with waitress: one process, `threads` threads."""
    from waitress import serve

    serve(application, host=host, port=port, threads=threads, ident="okrs")
