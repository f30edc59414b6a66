"""The teams of a cycle as one user sees them: the tree, each team's score, the user's.

Pages read it through `CycleView.organisation`; it arranges the view's teams and their stored
or computed scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from okrs.core import domain
from okrs.core.scoring import TeamScore
from okrs.goals import selectors
from okrs.people.models import Team

if TYPE_CHECKING:
    from okrs.web.pages import CycleView

ALL_TEAMS = "all"


@dataclass
class TeamRow:
    """A team with its score in the cycle (None without objectives)."""

    team: domain.Team
    figures: TeamScore | None
    objectives: int
    mine: bool
    depth: int = 0


class Organisation:
    """The teams of a `CycleView`, in tree order."""

    def __init__(self, view: CycleView) -> None:
        self.view = view

    def row(self, team: domain.Team, depth: int = 0) -> TeamRow:
        """A team with its score and number of objectives."""
        return TeamRow(
            team=team,
            figures=self.view.team_scores.get(team.key),
            objectives=self.view.objective_counts[team.key],
            mine=team.key in self.view.my_teams,
            depth=depth,
        )

    def tree(self) -> list[TeamRow]:
        """Every team in tree order (parents before their sub-teams), with depth."""
        return [self.row(team, depth) for team, depth in self._tree_order]

    def below(self, key: str) -> list[TeamRow]:
        """The teams right below a team."""
        return [self.row(t) for t in self._children.get(key, [])]

    def below_stored(self, key: str) -> list[TeamRow]:
        """The teams right below a team, with their stored scores as the user sees them:
        for a page that does not load their objectives."""
        view = self.view
        children = self._children.get(key, [])
        ids = Team.objects.filter(key__in=[t.key for t in children]).values_list("pk", flat=True)
        figures = selectors.team_figures(view.cycle, view.actor, as_of=view.as_of, teams=list(ids))
        return [
            TeamRow(
                team=t,
                figures=figures[t.key].score if t.key in figures else None,
                objectives=figures[t.key].objectives if t.key in figures else 0,
                mine=t.key in view.my_teams,
            )
            for t in children
        ]

    def top(self) -> list[TeamRow]:
        """The teams at the top of the tree (normally the company)."""
        return [self.row(t) for t in self._children.get(None, [])]

    def mine(self) -> list[TeamRow]:
        """The user's teams, in tree order."""
        return [self.row(t, d) for t, d in self._tree_order if t.key in self.view.my_teams]

    def in_scope(self, scope: str) -> set[str] | None:
        """`?team=`: one team, all teams (None), or by default the user's own (all for
        someone in none)."""
        if scope == ALL_TEAMS:
            return None
        if scope in self.view.teams:
            return {scope}
        return set(self.view.my_teams) or None

    def scope_name(self, scope: str) -> str:
        """The `?team=` value a page keeps in its links ("" for the default)."""
        return scope if scope == ALL_TEAMS or scope in self.view.teams else ""

    @cached_property
    def top_keys(self) -> set[str]:
        """Keys of the teams at the top of the tree."""
        return {t.key for t in self._children.get(None, [])}

    @cached_property
    def _children(self) -> dict[str | None, list[domain.Team]]:
        children: dict[str | None, list[domain.Team]] = defaultdict(list)
        for team in self.view.plan.teams:
            children[team.parent if team.parent in self.view.teams else None].append(team)
        return children

    @cached_property
    def _tree_order(self) -> list[tuple[domain.Team, int]]:
        """Every team with its depth, parents before their sub-teams.

        A team in a loop of parents is never reached from the top, so the walk ends.
        """
        order: list[tuple[domain.Team, int]] = []

        def walk(parent: str | None, depth: int) -> None:
            for team in self._children.get(parent, []):
                order.append((team, depth))
                walk(team.key, depth + 1)

        walk(None, 0)
        return order
