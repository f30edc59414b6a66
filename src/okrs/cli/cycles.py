"""`okrs cycle …`: managing cycles."""

from __future__ import annotations

from typing import Annotated

import typer

from okrs.cli import app, fail, setup_django

cycle_app = typer.Typer(help="Manage cycles.", no_args_is_help=True)
app.add_typer(cycle_app, name="cycle")


@cycle_app.command("delete")
def cycle_delete(
    key: Annotated[str, typer.Argument(help="Key of the cycle, e.g. 2027-Q1.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an empty cycle: one without objectives and initiatives."""
    setup_django()
    from okrs.core.errors import OkrsError
    from okrs.goals.services import delete_cycle

    if not yes:
        typer.confirm(f"Delete cycle {key}? This cannot be undone.", abort=True)
    try:
        delete_cycle(key, actor=None)
    except OkrsError as error:
        fail(str(error))
    typer.echo(f"Deleted cycle {key}.")
