"""The roadmap of a cycle as one user sees it: initiatives by team, the 70/20/10 split.

The roadmap page reads it through `CycleView.roadmap`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from okrs.core import domain
from okrs.core.coach import Finding
from okrs.core.scoring import bucket_shares

if TYPE_CHECKING:
    from okrs.web.pages import CycleView


@dataclass
class BucketRow:
    """A team's 70/20/10 split of initiative effort."""

    team: domain.Team
    shares: dict[str, float]
    effort: float
    findings: list[Finding]


class Roadmap:
    """The initiatives of a `CycleView` by team."""

    def __init__(self, view: CycleView) -> None:
        self.view = view

    def teams(self, scope: str) -> tuple[set[str] | None, str]:
        """The teams the roadmap shows for `?team=` (None: all), and why it shows all
        teams when not asked to ("" otherwise).

        By default the user's own teams (`Organisation.in_scope`), but all teams for someone in
        no team or whose teams have no initiatives in the cycle: their own would open on
        objectives with nothing beneath them (the company team's admin, say).
        """
        if self.view.organisation.scope_name(scope):
            return self.view.organisation.in_scope(scope), ""
        if not self.view.my_teams:
            return None, "You are in no team, so the roadmap shows every team's initiatives."
        if self.view.my_teams.isdisjoint(self._initiatives_by_team):
            return None, (
                "Your teams have no initiatives in this cycle, so the roadmap shows every team's."
            )
        return set(self.view.my_teams), ""

    def split_teams(self, teams: set[str] | None = None) -> list[domain.Team]:
        """The teams with initiatives (of the given teams, if any): those split 70/20/10."""
        return [
            self.view.teams[key]
            for key in self._initiatives_by_team
            if key in self.view.teams and (teams is None or key in teams)
        ]

    def bucket_rows(self, teams: Iterable[domain.Team]) -> list[BucketRow]:
        """The 70/20/10 split of these teams' initiative effort."""
        return [self._bucket_row(team) for team in teams]

    def unlinked(self, teams: set[str] | None = None) -> list[domain.Initiative]:
        """Initiatives of the given teams (all by default) linked to no key result."""
        return [
            i
            for i in self.view.plan.initiatives
            if not i.links and (teams is None or i.team in teams)
        ]

    def _bucket_row(self, team: domain.Team) -> BucketRow:
        initiatives = self._initiatives_by_team.get(team.key, [])
        effort = sum(i.effort or 0.0 for i in initiatives if i.status != "dropped")
        shares = bucket_shares(initiatives, team.key)
        return BucketRow(team, shares, effort, self.view.findings_for("team", team.key))

    @cached_property
    def _initiatives_by_team(self) -> dict[str, list[domain.Initiative]]:
        found: dict[str, list[domain.Initiative]] = defaultdict(list)
        for initiative in self.view.plan.initiatives:
            if initiative.team:
                found[initiative.team].append(initiative)
        return found
