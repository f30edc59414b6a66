"""`okrs user …` and `okrs token …`: people and their API tokens."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

import typer

from okrs.cli import JsonOption, app, fail, print_json, setup_django

user_app = typer.Typer(help="Manage people: create and list users.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


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
