"""The options the edit forms offer: teams, alignment targets, key results and people.

Lists stay short at the scale of a large company: a team aligns to the objectives and
key results of the teams above it, and an initiative links to the key results of its
own team and of the teams above.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.selectors import visible_objectives
from okrs.people.models import Team, User

Grouped = list[tuple[str, list[tuple[str, str]]]]


def team_choices(keys: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(key, name) of the given teams (all teams by default), by name."""
    teams = Team.objects.order_by("name")
    if keys is not None:
        teams = teams.filter(key__in=list(keys))
    return list(teams.values_list("key", "name"))


def with_ancestors(team_key: str) -> list[str]:
    """The team and the teams above it, nearest first."""
    parents = dict(Team.objects.values_list("key", "parent__key"))
    chain: list[str] = []
    key: str | None = team_key
    while key and key in parents and key not in chain:
        chain.append(key)
        key = parents[key]
    return chain


def alignment_choices(
    cycle: Cycle, team_key: str, actor: User, *, exclude: str | None = None
) -> Grouped:
    """Objectives and key results of the teams above `team_key` in a cycle, by team."""
    teams = with_ancestors(team_key)[1:]
    objectives = _objectives(cycle, teams, actor).exclude(key=exclude or "")
    return _grouped(objectives, objectives_too=True)


def key_result_choices(cycle: Cycle, team_key: str | None, actor: User) -> Grouped:
    """Key results of a team and of the teams above it in a cycle (all without a team)."""
    teams = with_ancestors(team_key) if team_key else None
    return _grouped(_objectives(cycle, teams, actor), objectives_too=False)


def people_of(team_key: str | None) -> list[tuple[str, str]]:
    """(email, name) of a team's members, for the owner field's suggestions."""
    users = User.objects.filter(is_active=True)
    if team_key:
        users = users.filter(memberships__team__key=team_key)
    return list(users.order_by("email").values_list("email", "name")[:200])


def _objectives(cycle: Cycle, teams: list[str] | None, actor: User) -> QuerySet[Objective]:
    objectives = visible_objectives(actor).filter(cycle=cycle)
    if teams is not None:
        objectives = objectives.filter(team__key__in=teams)
    return objectives.select_related("team").order_by("team__name", "position", "id")


def _grouped(objectives: Iterable[Objective], *, objectives_too: bool) -> Grouped:
    """Choices grouped by team: key results, each objective first when `objectives_too`."""
    objectives = list(objectives)
    key_results: dict[int, list[tuple[str, str]]] = {}
    prefix = "↳ " if objectives_too else ""
    for objective_id, key, title in (
        KeyResult.objects.filter(objective__in=[o.pk for o in objectives])
        .order_by("position", "id")
        .values_list("objective_id", "key", "title")
    ):
        key_results.setdefault(objective_id, []).append((key, prefix + title))
    groups: dict[str, list[tuple[str, str]]] = {}
    for objective in objectives:
        group = groups.setdefault(objective.team.name, [])
        if objectives_too:
            group.append((objective.key, objective.title))
        group += key_results.get(objective.pk, [])
    return list(groups.items())
