"""Where stored rows sit for the role rules (`people.permissions.Place`), read in bulk.

The one rule on writes, `require_edit`, compares a row's place as stored with its place
as it will be. These read the stored places of any number of rows in a fixed number of
queries, for one edit in the web app as for every row of an imported file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from okrs.goals.models import Initiative, InitiativeLink, Objective
from okrs.people.models import Team
from okrs.people.permissions import Place, initiative_place, objective_place


def objective_places(ids: Collection[int]) -> dict[int, Place]:
    """The places of objectives by id: their team, and who sees them when team-only."""
    if not ids:
        return {}
    contributors: dict[int, set[int]] = defaultdict(set)
    through = Objective.contributors.through.objects.filter(objective_id__in=ids)
    for objective_id, team_id in through.values_list("objective_id", "team_id"):
        contributors[objective_id].add(team_id)
    rows = Objective.objects.filter(pk__in=ids).values_list(
        "pk", "team_id", "team__key", "visibility"
    )
    return {
        pk: objective_place(team_id, team, visibility, contributors[pk])
        for pk, team_id, team, visibility in rows
    }


def objective_place_of(objective: Objective) -> Place:
    """The place of one stored objective."""
    return objective_places([objective.pk])[objective.pk]


def initiative_places(ids: Collection[int]) -> dict[int, Place]:
    """The places of initiatives by id: their team, seen through the key results they serve."""
    if not ids:
        return {}
    links = list(
        InitiativeLink.objects.filter(initiative_id__in=ids).values_list(
            "initiative_id", "key_result__objective_id"
        )
    )
    objectives = objective_places({objective_id for _, objective_id in links})
    served: dict[int, list[Place]] = defaultdict(list)
    for initiative_id, objective_id in links:
        served[initiative_id].append(objectives[objective_id])
    rows = Initiative.objects.filter(pk__in=ids).values_list("pk", "team_id", "team__key")
    return {pk: initiative_place(team_id, team or "", served[pk]) for pk, team_id, team in rows}


def team_place(team: Team | None) -> Place:
    """The place of a row that sits at a team (an initiative or a KPI as it will be)."""
    return Place(team.pk, team.key) if team is not None else Place(None)


def aligns_into(start: int, objective: int) -> bool:
    """Whether the alignment chain above objective `start` passes through `objective`
    (one query a level; the chain is short and never loops, as this check keeps it)."""
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == objective:
            return True
        seen.add(current)
        row = (
            Objective.objects.filter(pk=current)
            .values_list("aligned_objective_id", "aligned_key_result__objective_id")
            .first()
        )
        current = (row[0] or row[1]) if row else None
    return False


def alignment_loop_message(target: str) -> str:
    return (
        f"'{target}' is aligned, directly or further up, to this objective: an alignment "
        "cannot go round in a loop, so pick an objective above this one"
    )
