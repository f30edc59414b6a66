"""Figures and progress: `okrs score`, `okrs checkin` and the weekly `okrs report`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from okrs.cli import (
    AsOfOption,
    CycleOption,
    JsonOption,
    app,
    fail,
    parse_day,
    print_json,
    setup_django,
    stored_cycle,
)


@app.command("score")
def score_command(
    cycle: CycleOption = None, as_of: AsOfOption = None, as_json: JsonOption = False
) -> None:
    """Scores, status and forecasts of every objective and key result of a cycle."""
    day = parse_day(as_of, "--as-of")
    setup_django()
    from django.utils import timezone

    from okrs.goals.selectors import cycle_score

    result = cycle_score(stored_cycle(cycle), None, as_of=day or timezone.localdate())
    if as_json:
        print_json(result.as_dict())
        return
    typer.echo(f"{result.cycle} as of {result.as_of}")
    team_scores = {t.key: t for t in result.teams}
    for team_key, team in team_scores.items():
        typer.echo(f"\n{team_key}  {team.score:.2f} {team.grade}")
        for objective in (o for o in result.objectives if o.team == team_key):
            typer.echo(
                f"  {objective.key}  {objective.score:.2f} {objective.grade}  ({objective.kind})"
            )
            for kr in objective.key_results:
                current = "—" if kr.current is None else f"{kr.current:g}"
                typer.echo(
                    f"    {kr.key}  {kr.score:.2f}  current {current}  expected {kr.expected:.2f}  {kr.status}"
                )


@app.command("checkin")
def checkin_command(
    key_result: Annotated[str, typer.Argument(help="Key of the key result.")],
    value: Annotated[
        str, typer.Argument(help="The value measured (a number; 1/0 for a milestone).")
    ],
    confidence: Annotated[
        str | None,
        typer.Option("--confidence", help="0.0–1.0: how sure you are the target will be hit."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What happened.")] = "",
    blockers: Annotated[str, typer.Option("--blockers", help="What is in the way.")] = "",
    day: Annotated[
        str | None, typer.Option("--date", help="Day of the value (default today).")
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Email of the person checking in.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a key result's value; a second check-in the same day corrects the first."""
    when = parse_day(day, "--date")
    setup_django()
    from okrs.core.errors import OkrsError
    from okrs.goals.services import record_check_in
    from okrs.people.models import User

    actor = None
    if author:
        actor = User.objects.filter(email=author.lower()).first()
        if actor is None:
            fail(f"--author: no user '{author}'")
    try:
        check_in, created = record_check_in(
            key_result,
            value,
            confidence=confidence,
            note=note,
            blockers=blockers,
            day=when,
            actor=actor,
        )
    except OkrsError as error:
        fail(str(error))
    data = {
        "key_result": key_result,
        "date": check_in.date.isoformat(),
        "value": check_in.value,
        "confidence": check_in.confidence,
        "created": created,
    }
    if as_json:
        print_json(data)
    else:
        verb = "Recorded" if created else "Corrected"
        typer.echo(f"{verb} {key_result} = {check_in.value:g} on {check_in.date}.")


@app.command("report")
def report_command(
    cycle: CycleOption = None,
    as_of: AsOfOption = None,
    team: Annotated[
        list[str] | None, typer.Option("--team", help="Only these teams (repeat).")
    ] = None,
) -> None:
    """A weekly status report in Markdown: what needs attention, this week's notes, scores."""
    day = parse_day(as_of, "--as-of")
    setup_django()
    from django.utils import timezone

    from okrs.core.report import weekly_report
    from okrs.goals.selectors import scored_plan

    day = day or timezone.localdate()
    teams = set(team) if team else None
    plan, score, _ = scored_plan(
        stored_cycle(cycle), None, as_of=day, team_keys=teams, check_ins=True
    )
    sys.stdout.write(weekly_report(plan, score, day))
