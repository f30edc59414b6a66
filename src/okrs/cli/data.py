"""The installation's data as a whole: `okrs recompute`, `okrs backup` and `okrs restore`,
the demo company and the synthetic one (`okrs demo`, `okrs generate`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Annotated, Any

import typer

from okrs.cli import app, fail, setup_django

if TYPE_CHECKING:
    from okrs.goals.models import Cycle


@app.command("recompute")
def recompute_command(
    cycle: Annotated[
        str | None,
        typer.Option("--cycle", "-c", help="Only this cycle, e.g. 2026-Q4 (default: every cycle)."),
    ] = None,
) -> None:
    """Rebuild the stored figures and the coach's findings from the check-ins.

    Every write keeps them current: run this after changing rows behind the app's back
    (raw SQL, a restored table), or to check that nothing drifted. A line per cycle says
    what changed.
    """
    setup_django()
    from okrs.core.errors import NotFound
    from okrs.goals.figures import recompute_cycle
    from okrs.goals.models import Cycle
    from okrs.goals.snapshots import get_cycle

    if cycle:
        try:
            cycles = [get_cycle(cycle)]
        except NotFound as error:
            fail(str(error))
    else:
        cycles = list(Cycle.objects.order_by("start", "id"))
    if not cycles:
        typer.echo("No cycles yet: nothing to recompute.")
    for stored in cycles:
        started = perf_counter()
        before = _stored_figures(stored)
        recompute_cycle(stored)
        after = _stored_figures(stored)
        seconds = perf_counter() - started
        what = _what_changed(before, after)
        typer.echo(
            f"{stored.key}: {what} changed ({_count(len(after['key_results']), 'key result')}, "
            f"{_count(len(after['objectives']), 'objective')}; {seconds:.1f} s)"
        )


def _stored_figures(cycle: Cycle) -> dict[str, Any]:
    """A cycle's stored figures and findings, to tell what a recomputation changed."""
    from okrs.goals.figures import FIGURE_FIELDS
    from okrs.goals.models import Finding, KeyResult, Objective, TeamScore

    return {
        "key_results": {
            pk: rest
            for pk, *rest in KeyResult.objects.filter(objective__cycle=cycle).values_list(
                "pk", *FIGURE_FIELDS
            )
        },
        "objectives": {
            pk: rest
            for pk, *rest in Objective.objects.filter(cycle=cycle).values_list(
                "pk", "score", "last_check_in"
            )
        },
        "teams": {
            team: rest
            for team, *rest in TeamScore.objects.filter(cycle=cycle).values_list(
                "team_id",
                "score",
                "objectives",
                "public_score",
                "public_objectives",
                "last_check_in",
            )
        },
        "findings": list(
            Finding.objects.filter(cycle=cycle).values_list(
                "code", "target_kind", "target_key", "message"
            )
        ),
    }


def _what_changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    """`1 key result, 1 objective, 3 findings`, or `nothing`."""
    parts = []
    for kind, noun in (
        ("key_results", "key result"),
        ("objectives", "objective"),
        ("teams", "team score"),
    ):
        old, new = before[kind], after[kind]
        parts.append((sum(1 for pk in old.keys() | new.keys() if old.get(pk) != new.get(pk)), noun))
    findings = Counter(before["findings"])
    findings.subtract(after["findings"])
    parts.append((sum(abs(n) for n in findings.values()), "finding"))
    return ", ".join(_count(number, noun) for number, noun in parts if number) or "nothing"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="File to write: JSON, gzipped when it ends in .gz.")],
) -> None:
    """Write the whole installation to one file: people, teams, tokens (hashes), every cycle."""
    setup_django()
    from okrs.backup import backup

    started = perf_counter()
    try:
        counts = backup(file, progress=lambda line: typer.echo(line, err=True))
    except OSError as error:
        fail(f"{file}: cannot write it ({error.strerror or error})")
    typer.echo(
        f"Backed up {sum(counts.values())} rows to {file} in {perf_counter() - started:.1f}s.",
        err=True,
    )


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A file written by `okrs backup`.")],
) -> None:
    """Restore a backup into an empty database, all or nothing, and recompute the figures."""
    setup_django()
    from okrs.backup import restore
    from okrs.core.errors import OkrsError

    started = perf_counter()
    try:
        counts = restore(file, progress=lambda line: typer.echo(line, err=True))
    except OkrsError as error:
        fail(f"{error}; nothing restored")
    typer.echo(
        f"Restored {sum(counts.values())} rows from {file} in {perf_counter() - started:.1f}s.",
        err=True,
    )


@app.command("demo")
def demo_command() -> None:
    """Load a demo company into the current quarter (safe to run again)."""
    setup_django()
    from django.utils import timezone

    from okrs.goals.demo import load_demo
    from okrs.rhythm.demo import replay_ladder

    report = load_demo()
    notices = replay_ladder(timezone.localdate())
    typer.echo(report.okrs.summary())
    typer.echo(
        f"Demo company loaded into {report.cycle}: {report.people} people, "
        f"{report.kpis} KPIs with {report.measurements} measurements, "
        f"{notices} reminders and escalations of the last two weeks replayed."
    )
    for line in report.sign_in:
        typer.echo(line)


@app.command("generate")
def generate_command(
    teams: Annotated[int, typer.Option("--teams", help="Teams in the organisation tree.")] = 1000,
    quarters: Annotated[
        int, typer.Option("--quarters", help="Quarters of history, ending now.")
    ] = 8,
    people: Annotated[int, typer.Option("--people", help="People in the company.")] = 10_000,
    reset: Annotated[bool, typer.Option("--reset", help="Delete all OKR data first.")] = False,
) -> None:
    """Build the synthetic 10,000-person company (for `okrs bench` and load tests)."""
    setup_django()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from okrs.bench.company import generate_company
    from okrs.core.errors import Conflict

    with Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        try:
            report = generate_company(
                teams=teams, quarters=quarters, people=people, reset=reset, progress=progress
            )
        except (ValueError, Conflict) as error:
            fail(str(error))
    typer.echo(
        f"Generated {report.people:,} people, {report.teams:,} teams, {report.cycles} cycles, "
        f"{report.objectives:,} objectives, {report.key_results:,} key results and "
        f"{report.check_ins:,} check-ins in {report.seconds:.0f} s."
    )
