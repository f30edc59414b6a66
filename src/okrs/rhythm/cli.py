"""`okrs worker` (and the rhythm's other commands), registered on the main `okrs` app."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the rhythm's commands to the `okrs` command."""
    app.command("worker")(worker_command)
    app.command("cadence")(cadence_command)


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


def cadence_command(
    cadence: Annotated[
        str, typer.Argument(help="weekly, biweekly or monthly; `inherit` clears the setting.")
    ],
    cycle: Annotated[str | None, typer.Option("--cycle", help="Key of a cycle.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="Key of a team.")] = None,
    key_result: Annotated[
        str | None, typer.Option("--key-result", help="Key of a key result.")
    ] = None,
) -> None:
    """Set how often check-ins are due on a cycle, a team or a key result (the most
    specific wins; weekly when none is set)."""
    from okrs.cli import fail, setup_django

    if [cycle, team, key_result].count(None) != 2:
        fail("name one of --cycle, --team or --key-result")
    setup_django()
    from okrs.core.cadence import Cadence
    from okrs.goals.models import Cycle, KeyResult
    from okrs.people.models import Team
    from okrs.rhythm.services import set_cadence

    if cadence != "inherit" and cadence not in set(Cadence):
        fail(f"'{cadence}' is not one of {', '.join(Cadence)} or inherit")
    found_cycle = Cycle.objects.filter(key=cycle).first() if cycle else None
    found_team = Team.objects.filter(key=team).first() if team else None
    found_kr = KeyResult.objects.filter(key=key_result).first() if key_result else None
    key = cycle or team or key_result
    if not (found_cycle or found_team or found_kr):
        fail(f"no cycle, team or key result '{key}'")
    chosen = None if cadence == "inherit" else cadence
    set_cadence(chosen, actor=None, cycle=found_cycle, team=found_team, key_result=found_kr)
    typer.echo(f"Check-ins on {key} are due: {cadence}.")
