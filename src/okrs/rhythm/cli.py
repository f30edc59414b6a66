"""`okrs worker` (and the rhythm's other commands), registered on the main `okrs` app."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the rhythm's commands to the `okrs` command."""
    app.command("worker")(worker_command)


def worker_command(
    once: Annotated[
        bool, typer.Option("--once", help="Run every job due now, then exit (cron, tests).")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between passes when idle.")
    ] = 5.0,
    server: Annotated[
        int | None, typer.Option("--server", hidden=True, help="Stop when this process is gone.")
    ] = None,
) -> None:
    """Run background jobs (reminders, clean-up) and their schedule, on any number of
    machines at once; `--once` for cron."""
    from okrs.cli import setup_django

    setup_django()
    from okrs.rhythm import worker

    if server is None and not once:
        typer.echo("Worker running: jobs and schedule (Ctrl+C to stop).", err=True)
    ran = worker.run(once=once, interval=interval, server=server)
    if once:
        typer.echo(f"Ran {ran} job{'s' if ran != 1 else ''}.")
