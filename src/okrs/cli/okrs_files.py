"""OKRs as code: `okrs import`, `okrs export` and the coach's `okrs lint`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

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


def read_source(path: str) -> tuple[str, str]:
    """Text and display name of a file argument; `-` reads standard input."""
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        return Path(path).read_text(encoding="utf-8"), path
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except (UnicodeDecodeError, IsADirectoryError) as error:
        fail(f"{path}: cannot read it as UTF-8 text ({error.__class__.__name__})")


@app.command("import")
def import_command(
    file: Annotated[
        str, typer.Argument(help="YAML or JSON file of a cycle's OKRs; `-` for stdin.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Import OKRs from a file: upsert by key, all or nothing."""
    text, name = read_source(file)
    setup_django()
    from okrs.core.okrfile import OkrFileError
    from okrs.goals.services import import_okr_file

    try:
        report = import_okr_file(text, name)
    except OkrFileError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        fail(f"{name}: nothing imported ({len(error.problems)} problem(s))")
    if as_json:
        print_json({"file": name, "changed": report.changed, "counts": report.as_dict()})
    else:
        typer.echo(report.summary())
        typer.echo(f"Imported {name}." if report.changed else f"{name}: nothing changed.")


@app.command("export")
def export_command(
    cycle: CycleOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="yaml, json, csv or md.")
    ] = "yaml",
    as_of: AsOfOption = None,
) -> None:
    """Write a cycle's OKRs in the import format (yaml/json) or as a table (csv/md)."""
    if output_format not in ("yaml", "json", "csv", "md"):
        fail(f"--format: '{output_format}' is not one of yaml, json, csv, md")
    day = parse_day(as_of, "--as-of")
    setup_django()
    from django.utils import timezone

    from okrs.core import okrfile
    from okrs.goals.services import score_cycle
    from okrs.goals.snapshots import load_plan

    stored = stored_cycle(cycle)
    plan = load_plan(stored)
    if output_format == "yaml":
        sys.stdout.write(okrfile.dump_yaml(plan))
    elif output_format == "json":
        sys.stdout.write(okrfile.dump_json(plan))
    else:
        day = day or timezone.localdate()
        score = score_cycle(stored.key, as_of=day)
        dump = okrfile.dump_csv if output_format == "csv" else okrfile.dump_markdown
        sys.stdout.write(dump(plan, score))


@app.command("lint")
def lint_command(
    files: Annotated[
        list[str] | None, typer.Argument(help="OKR files to check (no database needed).")
    ] = None,
    cycle: CycleOption = None,
    as_of: AsOfOption = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="Only these codes or prefixes (e.g. OKR2).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these codes or prefixes.")
    ] = None,
    explain: Annotated[
        str | None, typer.Option("--explain", help="Explain a rule, e.g. OKR201.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Coach OKRs: find tasks posing as key results, vague objectives, missing baselines…

    Exit status 1 when a finding of severity error is found, 2 when input is unreadable.
    """
    from okrs.core import coach

    if explain:
        try:
            typer.echo(coach.explain(explain))
        except ValueError as error:
            fail(str(error))
        return
    try:
        coach.selected_codes(select or [], ignore or [])
    except ValueError as error:
        fail(f"--select/--ignore: {error}")
    day = parse_day(as_of, "--as-of")
    findings = (
        _lint_files(files, day, select or [], ignore or [])
        if files
        else _lint_cycle(cycle, day, select or [], ignore or [])
    )
    if as_json:
        print_json({"findings": findings})
    else:
        for finding in findings:
            where = f"{finding['file']}: " if "file" in finding else ""
            target = finding["target"]
            typer.echo(
                f"{where}{finding['code']} {finding['severity']} {target['kind']} {target['key']}: "
                f"{finding['message']}"
            )
        errors = sum(1 for f in findings if f["severity"] == "error")
        # On the findings' own stream, so no pipe or pager can splice it onto the last finding.
        typer.echo(f"{len(findings)} finding(s), {errors} error(s).")
    if any(f["severity"] == "error" for f in findings):
        raise typer.Exit(1)


def _lint_files(
    files: list[str], day: date | None, select: list[str], ignore: list[str]
) -> list[dict[str, Any]]:
    from okrs.core import coach, okrfile

    findings: list[dict[str, Any]] = []
    for path in files:
        text, name = read_source(path)
        try:
            parsed = okrfile.parse_okr_file(text, name, for_lint=True)
        except okrfile.OkrFileError as error:
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            fail(f"{name}: cannot lint a file with errors")
        for finding in coach.lint(parsed.plan, as_of=day, select=select, ignore=ignore):
            findings.append({**finding.as_dict(), "file": name})
    return findings


def _lint_cycle(
    cycle: str | None, day: date | None, select: list[str], ignore: list[str]
) -> list[dict[str, Any]]:
    setup_django()
    from django.utils import timezone

    from okrs.core import coach
    from okrs.goals.selectors import past_objectives
    from okrs.goals.snapshots import load_plan

    stored = stored_cycle(cycle)
    day = day or timezone.localdate()
    plan = load_plan(stored, as_of=day)
    history = past_objectives(stored, None, teams={o.team for o in plan.objectives})
    return [
        f.as_dict()
        for f in coach.lint(plan, as_of=day, history=history, select=select, ignore=ignore)
    ]
