"""The `okrs` command: thin Typer commands that call the services.

Exit status: 0 on success, 1 when `lint` finds an error, 2 for bad usage or bad input
(with a message that names the file, line and field).
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from okrs.rhythm import cli as rhythm_cli

if TYPE_CHECKING:
    from okrs.goals.models import Cycle

app = typer.Typer(
    help="okrs: OKRs for product teams — score, coach and connect the roadmap.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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


# Each module registers its commands on `app` as it loads, so it comes after everything
# above that it imports from here; `okrs --help` lists the commands in this order.
# isort: off
import okrs.cli.okrs_files  # noqa: E402
import okrs.cli.scores  # noqa: E402
import okrs.cli.data  # noqa: E402
import okrs.cli.server  # noqa: E402
import okrs.cli.bench  # noqa: E402
import okrs.cli.people  # noqa: E402
import okrs.cli.cycles  # noqa: E402, F401
