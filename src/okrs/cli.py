"""The `okrs` command: thin Typer commands that call the services.

Exit status: 0 on success, 1 when `lint` finds an error, 2 for bad usage or bad input
(with a message that names the file, line and field).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from okrs.rhythm import cli as rhythm_cli
from okrs.server import DEFAULT_THREADS

if TYPE_CHECKING:
    from okrs.goals.models import Cycle

app = typer.Typer(
    help="okrs: OKRs for product teams — score, coach and connect the roadmap.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
user_app = typer.Typer(help="Manage people: create and list users.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
cycle_app = typer.Typer(help="Manage cycles.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(cycle_app, name="cycle")
rhythm_cli.register(app)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
CycleOption = Annotated[
    str | None,
    typer.Option("--cycle", "-c", help="Cycle key, e.g. 2026-Q4 (default: the current one)."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Figures as they stood at the end of this day (YYYY-MM-DD)."),
]


def main() -> None:
    """Entry point of the `okrs` console script."""
    app()


# -- set-up -----------------------------------------------------------------------------


def setup_django(*, database: bool = True) -> None:
    """Configure Django; with `database`, apply pending migrations and say which database is used."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrs.settings")
    import gc

    import django

    django.setup()
    # What start-up built lives as long as the command: the collector need not scan it
    # again each time a command builds many objects (scoring, an import).
    gc.freeze()
    if database:
        _migrate_if_needed()
        typer.echo(f"Database: {describe_database()}", err=True)


def describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite at {db['NAME']}"
    return (
        f"PostgreSQL {db.get('NAME')} on {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    )


def _migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        typer.echo("Applying database migrations…", err=True)
        call_command("migrate", interactive=False, verbosity=0)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date; use YYYY-MM-DD")


def stored_cycle(requested: str | None) -> Cycle:
    """The requested cycle, else the one shown by default; exits with status 2 when there
    is none."""
    from okrs.core.errors import NotFound
    from okrs.goals.snapshots import default_cycle, get_cycle

    if requested:
        try:
            return get_cycle(requested)
        except NotFound as error:
            fail(str(error))
    cycle = default_cycle()
    if cycle is None:
        fail("no cycle yet: run `okrs demo` or `okrs import FILE` first")
    return cycle


def print_json(data: Any) -> None:
    """Data as JSON, never with NaN or Infinity (`okrs.core.finite.dumps`)."""
    from okrs.core.finite import dumps

    typer.echo(dumps(data, indent=2, ensure_ascii=False))


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


# -- OKRs as code -------------------------------------------------------------------------


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


# -- the coach ----------------------------------------------------------------------------


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


# -- check-ins ----------------------------------------------------------------------------


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


# -- cycles -------------------------------------------------------------------------------


@cycle_app.command("delete")
def cycle_delete(
    key: Annotated[str, typer.Argument(help="Key of the cycle, e.g. 2027-Q1.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an empty cycle: one without objectives and initiatives."""
    setup_django()
    from okrs.core.errors import OkrsError
    from okrs.goals.editing import delete_cycle

    if not yes:
        typer.confirm(f"Delete cycle {key}? This cannot be undone.", abort=True)
    try:
        delete_cycle(key, actor=None)
    except OkrsError as error:
        fail(str(error))
    typer.echo(f"Deleted cycle {key}.")


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


# -- people and tokens --------------------------------------------------------------------


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Argument(help="Email address; people sign in with it.")],
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    role: Annotated[str, typer.Option("--role", help="admin, member or viewer.")] = "member",
    team: Annotated[
        list[str] | None, typer.Option("--team", help="Team key; repeat for several.")
    ] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="Password (omit to invite without one).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a user with a role and team memberships."""
    setup_django()
    from okrs.core.errors import OkrsError
    from okrs.people.services import create_user

    try:
        user = create_user(email, name=name, role=role, teams=team or [], password=password)
    except OkrsError as error:
        fail(str(error))
    if as_json:
        print_json({"email": user.email, "name": user.name, "role": user.role, "teams": team or []})
    else:
        typer.echo(f"Created {user.role} {user.email}.")


@user_app.command("list")
def user_list(as_json: JsonOption = False) -> None:
    """List users with their role and teams."""
    setup_django()
    from okrs.people.models import User

    users = [
        {
            "email": u.email,
            "name": u.name,
            "role": u.role,
            "active": u.is_active,
            "teams": sorted(m.team.key for m in u.memberships.all()),
        }
        for u in User.objects.prefetch_related("memberships__team").order_by("email")
    ]
    if as_json:
        print_json({"users": users})
        return
    if not users:
        typer.echo("No users yet: `okrs user create EMAIL --role admin --password …`.")
    for u in users:
        teams = u["teams"]
        assert isinstance(teams, list)
        typer.echo(f"{u['email']:<36} {u['role']:<7} {', '.join(teams)}")


@user_app.command("unlock")
def user_unlock(
    email: Annotated[str, typer.Argument(help="The person locked out of signing in.")],
) -> None:
    """Lift a sign-in lockout (too many failed attempts) before it runs out."""
    setup_django()
    from axes.utils import reset

    email = email.strip().lower()
    cleared = reset(username=email)
    typer.echo(
        f"Unlocked {email} ({cleared} failed sign-in record{'s' if cleared != 1 else ''} cleared)."
    )


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="The user the token acts as.")],
    scope: Annotated[str, typer.Option("--scope", help="read or write.")] = "read",
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
    expires: Annotated[
        str | None,
        typer.Option("--expires", help="Days until it stops working (90d) or a date (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Create an API token; it is printed once, alone on the last line."""
    setup_django()
    from django.utils import timezone

    from okrs.core.errors import OkrsError
    from okrs.people.models import User
    from okrs.people.services import create_token

    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        fail(f"no user '{email}'")
    days, day = _expiry(expires)
    at = timezone.make_aware(datetime.combine(day, time.min)) if day else None
    try:
        new = create_token(user, scope=scope, name=name, expires_at=at, expires_in_days=days)
    except OkrsError as error:
        fail(str(error))
    until = new.token.expires_at
    lifetime = f"expires {timezone.localtime(until):%Y-%m-%d %H:%M %Z}" if until else "no expiry"
    typer.echo(
        f"Token for {user.email} ({new.token.scope}, {lifetime}); it is shown only now:", err=True
    )
    typer.echo(new.raw)


def _expiry(value: str | None) -> tuple[int | None, date | None]:
    """`--expires`: a number of days (`90d`) or the day it stops working (`2027-03-31`)."""
    if value is None:
        return None, None
    if value.endswith("d") and value[:-1].isdigit():
        return int(value[:-1]), None
    try:
        return None, date.fromisoformat(value)
    except ValueError:
        fail(
            f"--expires: '{value}' is neither a number of days like 90d nor a date like 2027-03-31"
        )


# -- backup and restore -------------------------------------------------------------------


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


# -- running it ---------------------------------------------------------------------------


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            envvar="WEB_CONCURRENCY",
            help="Worker processes (default: 2 × CPUs + 1, at most 8). gunicorn only.",
        ),
    ] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="Threads of each worker process.")
    ] = DEFAULT_THREADS,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            help="gunicorn (default where it runs: Linux, macOS) or waitress (one process; Windows).",
        ),
    ] = None,
    worker: Annotated[
        bool | None,
        typer.Option(
            "--worker/--no-worker",
            help="Run a background worker beside the server (default: on with SQLite).",
        ),
    ] = None,
) -> None:
    """Serve the web app and the API with a production server: several gunicorn worker
    processes (waitress where gunicorn cannot run). Applies migrations first."""
    from okrs import server as servers

    try:
        chosen = servers.pick_server(server)
    except ValueError as error:
        fail(f"--server: {error}")
    setup_django()
    from okrs.wsgi import application

    shown = f"[{host}]" if ":" in host else host
    if chosen == "gunicorn":
        count = workers or servers.default_workers()
        how = f"gunicorn, {count} worker processes × {threads} threads"
    else:
        how = f"waitress, 1 process × {threads} threads"
    from okrs.rhythm.worker import serve_with_worker

    if worker is None:
        worker = describe_database().startswith("SQLite")
    how += "; a background worker" if worker else ""
    typer.echo(f"okrs is running at http://{shown}:{port}/ ({how}; Ctrl+C to stop)")
    with serve_with_worker(worker):
        if chosen == "gunicorn":
            servers.run_gunicorn(application, host=host, port=port, workers=count, threads=threads)
        else:
            servers.run_waitress(application, host=host, port=port, threads=threads)


@app.command("demo")
def demo_command() -> None:
    """Load a demo company into the current quarter (safe to run again)."""
    setup_django()
    from okrs.goals.demo import load_demo

    report = load_demo()
    typer.echo(report.okrs.summary())
    typer.echo(
        f"Demo company loaded into {report.cycle}: {report.people} people, "
        f"{report.kpis} KPIs with {report.measurements} measurements."
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


@app.command("bench")
def bench_command(
    cycle: CycleOption = None,
    runs: Annotated[int, typer.Option("--runs", help="Repetitions per measurement.")] = 3,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", help="Leave out: score, command, import, web or api."),
    ] = None,
    load: Annotated[
        bool,
        typer.Option(
            "--load",
            help="Instead: a load run against `okrs serve` (readers, then 1 writer, then many).",
        ),
    ] = False,
    seconds: Annotated[
        float, typer.Option("--seconds", min=0.5, help="--load: length of each phase.")
    ] = 30.0,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="--load: worker processes (default as okrs serve)."),
    ] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="--load: threads of each worker process.")
    ] = DEFAULT_THREADS,
    writers: Annotated[
        int, typer.Option("--writers", min=1, max=64, help="--load: writers of the last phase.")
    ] = 20,
    as_json: JsonOption = False,
) -> None:
    """Time scoring, a 1,000-objective import, the main pages and the API on the database in use.

    With --load: start `okrs serve` as production runs it and drive four readers alone,
    then with one writer checking in at 2 a second, then with many writers at once; report
    latencies, errors, check-ins lost and memory per worker. The data is left as it was.
    """
    setup_django()
    if load:
        _load_run(
            cycle,
            seconds=seconds,
            workers=workers,
            threads=threads,
            writers=writers,
            as_json=as_json,
        )
        return
    from django.utils import timezone

    from okrs.bench import timings
    from okrs.bench.api import bench_api_live
    from okrs.bench.results import Result

    key = stored_cycle(cycle).key
    today = timezone.localdate()
    skipped = set(skip or [])
    results: list[Result] = []
    if "score" not in skipped:
        results.append(timings.bench_score(key, today, runs))
    if "command" not in skipped:
        results.append(timings.bench_score_command(key, today, runs))
    if "import" not in skipped:
        results.append(timings.bench_import(1000, runs))
    if "web" not in skipped:
        results += timings.bench_pages(
            [f"/?cycle={key}", f"/alignment/?cycle={key}"], runs=max(runs, 20)
        )
    data: dict[str, Any] = {
        "database": describe_database(),
        "results": [r.as_dict() for r in results],
    }
    if "api" not in skipped:
        data["api"] = bench_api_live(key)
    if as_json:
        print_json(data)
        return
    typer.echo(f"Database: {data['database']}")
    for result in results:
        typer.echo(result.text())
    if "api" in data:
        for name in ("list_key_results", "check_in"):
            figures = data["api"][name]
            typer.echo(
                f"API {name} ({data['api']['clients']} clients): {figures['per_s']} req/s, "
                f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, errors {figures['errors']}"
            )


def _load_run(
    cycle: str | None,
    *,
    seconds: float,
    workers: int | None,
    threads: int,
    writers: int,
    as_json: bool,
) -> None:
    from okrs.bench import BenchError, load

    def say(message: str) -> None:
        typer.echo(message, err=True)

    try:
        report = load.run_load(
            stored_cycle(cycle),
            seconds=seconds,
            workers=workers,
            threads=threads,
            writers=writers,
            progress=say,
        )
    except BenchError as error:
        fail(str(error))
    report = {"database": describe_database(), **report}
    if as_json:
        print_json(report)
    else:
        typer.echo(load.describe(report))


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
