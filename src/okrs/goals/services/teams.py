"""Teams: creating and changing them in the organisation tree."""

from __future__ import annotations

from django.db import transaction

from okrs.core import validation
from okrs.core.choices import TeamKind
from okrs.goals.services.common import Problems, _find, _get, _problems, _raise
from okrs.people.models import Team, User, key_problem
from okrs.people.permissions import require_admin


@transaction.atomic
def create_team(
    key: str, *, name: str, kind: str, parent: str | None = None, actor: User | None
) -> Team:
    """A new team, optionally under a parent team."""
    require_admin(actor, "create or change teams")
    problems = _problems(("key", validation.check_key(key, validation.TEAM_KEY_MAX_LENGTH)))
    if not problems and key_problem(Team, key):
        problems.append(("key", f"a team '{key}' exists already: pick another key"))
    team = Team(key=key)
    _apply_team(team, name, kind, parent, problems)
    return team


@transaction.atomic
def update_team(
    key: str, *, name: str, kind: str, parent: str | None = None, actor: User | None
) -> Team:
    """Rename a team, change its kind or move it under another parent."""
    require_admin(actor, "create or change teams")
    team = _get(Team.objects, key, "team")
    _apply_team(team, name, kind, parent, [])
    return team


def _apply_team(team: Team, name: str, kind: str, parent: str | None, problems: Problems) -> None:
    problems += _problems(
        ("name", validation.check_name(name)),
        ("kind", validation.check_choice(kind, TeamKind.values, "team kind")),
    )
    parent_team = _find(Team.objects, parent, "parent", "team", problems)
    if parent_team is not None and team.pk and _is_within(parent_team, team):
        problems.append(("parent", f"'{parent}' is inside '{team.key}': pick a team above it"))
    _raise(problems)
    team.name, team.kind, team.parent = name, kind, parent_team
    team.save()


def _is_within(candidate: Team, team: Team) -> bool:
    """Whether `candidate` is `team` or one of its descendants (walks up, one query a level)."""
    node: Team | None = candidate
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == team.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False
