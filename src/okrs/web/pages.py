"""What the pages show: a scored cycle as one user sees it, arranged into rows.

Every page reads the part of a cycle it shows, with its stored figures and findings,
through `selectors.scored_plan` and `selectors.findings_about` (a fixed number of
queries). This module only arranges those figures for the templates; it computes no
score.

A cycle of the company the product is built for holds 3,000 objectives and 12,000 key
results, so rows are built only for the objectives a page shows, when it first asks for
them, and lists a page cuts short are cut before their rows are built.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Generic, TypeVar

from django.db.models import OuterRef, Q, Subquery

from okrs.core import domain
from okrs.core.coach import Finding
from okrs.core.cycles import cycle_length_days
from okrs.core.errors import NotFound
from okrs.core.scoring import (
    CycleScore,
    KeyResultScore,
    ObjectiveScore,
    expected_progress,
)
from okrs.goals import selectors
from okrs.goals.models import Cycle, Initiative, Kpi, KpiMeasurement
from okrs.people.models import Team, User
from okrs.people.permissions import can_check_in
from okrs.web.access import team_access, today
from okrs.web.alignment import AlignmentTree
from okrs.web.organisation import Organisation
from okrs.web.roadmap import Roadmap

ATTENTION = ("off_track", "at_risk")

Item = TypeVar("Item")
# Beyond this many people a page's names are read with everyone's: one plain query.
MAX_NAMES_ASKED = 1000


class Names:
    """People's display names by email (the email for someone without a name).

    Read in one query the first time a name is asked for: the names of everyone the
    page's plan names (owners, check-in authors), or everyone's when that is most of
    the company. A page that shows no name makes no query; a name outside the plan is
    read when asked for.
    """

    def __init__(self, plan: domain.Plan) -> None:
        self._wanted = {
            email
            for objective in plan.objectives
            for email in (
                objective.owner,
                *(kr.owner for kr in objective.key_results),
                *(c.author for kr in objective.key_results for c in kr.check_ins),
            )
            if email
        }
        self._names: dict[str, str] = {}

    def __call__(self, email: str | None) -> str:
        """The name of the person with this email ("" for nobody)."""
        if not email:
            return ""
        if email not in self._names:
            asked = (self._wanted - self._names.keys()) | {email}
            self._names.update(dict.fromkeys(asked, ""))
            users = (
                User.objects.filter(email__in=asked)
                if len(asked) <= MAX_NAMES_ASKED
                else User.objects.all()
            )
            found = users.values_list("email", "name")
            self._names.update({address: name for address, name in found})
        return self._names[email] or email


@dataclass
class KeyResultRow:
    """A key result with its figures, coach findings and linked initiatives."""

    kr: domain.KeyResult
    figures: KeyResultScore
    objective: domain.Objective
    team: domain.Team
    findings: list[Finding]
    can_check_in: bool
    initiatives: list[tuple[domain.Initiative, float | None]]
    names: Names = field(repr=False)

    @property
    def owner(self) -> str:
        """The owner's name ("" without one)."""
        return self.names(self.kr.owner)

    @property
    def history(self) -> list[tuple[domain.CheckIn, str]]:
        """Check-ins, newest first, each with its author's name."""
        return [(c, self.names(c.author)) for c in reversed(self.kr.check_ins)]

    @property
    def gap(self) -> float | None:
        """How far a metric's target lies from its baseline (the roadmap's job)."""
        kr = self.kr
        if kr.type != "metric" or kr.target is None or kr.baseline is None:
            return None
        return kr.target - kr.baseline


@dataclass
class ObjectiveRow:
    """An objective with its figures, team, key results and findings."""

    objective: domain.Objective
    figures: ObjectiveScore
    team: domain.Team
    key_results: list[KeyResultRow]
    findings: list[Finding]
    editable: bool
    contributors: list[domain.Team]
    names: Names = field(repr=False)

    @property
    def owner(self) -> str:
        """The owner's name ("" without one)."""
        return self.names(self.objective.owner)

    @property
    def attention(self) -> list[KeyResultRow]:
        """Key results at risk or off track."""
        return [r for r in self.key_results if r.figures.status in ATTENTION]


@dataclass
class Capped(Generic[Item]):
    """The first items of a longer list, and how long the whole list is."""

    shown: list[Item]
    total: int

    @property
    def more(self) -> int:
        """How many items are left out."""
        return self.total - len(self.shown)


class CycleView:
    """A scored cycle as one user sees it: its objectives and key results as rows.

    Lookups over the whole cycle (findings by target, objectives by team) are indexed
    the first time a page uses them; rows are built per objective, once, when a page
    first asks for one. The teams, the alignment tree and the roadmap are parts of
    their own (`organisation`, `alignment`, `roadmap`).
    """

    def __init__(
        self,
        cycle: Cycle,
        plan: domain.Plan,
        scores: CycleScore,
        findings: list[Finding],
        names: Names,
        actor: User,
        as_of: date,
        ids: dict[str, int],
    ) -> None:
        self.cycle = cycle
        self.plan = plan
        self.scores = scores
        self.as_of = as_of
        self.actor = actor
        self.names = names
        self.findings = findings
        self.editable, self.my_teams = team_access(actor)
        self.teams = {t.key: t for t in plan.teams}
        self.team_scores = {t.key: t for t in scores.teams}
        self.objectives = {o.key: o for o in plan.objectives}
        self._figures = {o.key: o for o in scores.objectives}
        self._rows: dict[str, ObjectiveRow] = {}
        self._keys_by_id = {pk: key for key, pk in ids.items()}

    # -- the cycle ---------------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        """Share of the cycle gone by (the expected progress of a committed objective)."""
        return expected_progress(self.plan.cycle, self.as_of)

    @property
    def day(self) -> int:
        """Day of the cycle today, within 0 and the cycle's length."""
        length = self.length
        return max(0, min(length, (self.as_of - self.plan.cycle.start).days + 1))

    @property
    def length(self) -> int:
        """Days in the cycle, both ends included."""
        return cycle_length_days(self.plan.cycle.start, self.plan.cycle.end)

    # -- objectives and key results ----------------------------------------------------

    def row(self, key: str) -> ObjectiveRow:
        """An objective the user sees, with its figures (NotFound for any other key)."""
        found = self._rows.get(key)
        if found is None:
            objective = self.objectives.get(key)
            if objective is None:
                raise NotFound(f"unknown objective '{key}'")
            found = self._rows[key] = self._objective_row(objective)
        return found

    def rows(self, objectives: Iterable[domain.Objective]) -> list[ObjectiveRow]:
        """The rows of these objectives, in the same order."""
        return [self.row(o.key) for o in objectives]

    def rows_of_team(self, key: str) -> list[ObjectiveRow]:
        """A team's objectives."""
        return self.rows(self._by_team.get(key, []))

    def rows_mine_first(self, teams: set[str] | None = None) -> list[ObjectiveRow]:
        """The rows of `objectives_mine_first`."""
        return self.rows(self.objectives_mine_first(teams))

    def objectives_mine_first(self, teams: set[str] | None = None) -> list[domain.Objective]:
        """The objectives of the given teams (all by default), those of the user's teams first."""
        return self._mine_first(o for o in self.plan.objectives if teams is None or o.team in teams)

    def my_rows(self) -> list[ObjectiveRow]:
        """Objectives of the user's teams."""
        return self.rows(o for o in self.plan.objectives if o.team in self.my_teams)

    def top_rows(self) -> list[ObjectiveRow]:
        """Objectives of the teams at the top of the tree (the company's)."""
        return self.rows(self.top_objectives)

    def company_rows(self) -> list[ObjectiveRow]:
        """The company's objectives, leaving out those of the user's own teams."""
        return self.rows(o for o in self.top_objectives if o.team not in self.my_teams)

    def rows_of_ids(self, ids: Iterable[int]) -> list[ObjectiveRow]:
        """The rows of the objectives with these ids, in the same order (those loaded)."""
        keys = (self._keys_by_id.get(pk) for pk in ids)
        return [self.row(key) for key in keys if key in self.objectives]

    def key_result_rows(self, keys: Iterable[str]) -> list[KeyResultRow]:
        """The rows of these key results, in the same order (those loaded)."""
        return [
            self.key_result_row(self.objective_of_key_result[key], key)
            for key in keys
            if key in self.objective_of_key_result
        ]

    def findings_for(self, kind: str, key: str) -> list[Finding]:
        """The coach's findings about a team, objective, key result or initiative."""
        return self._findings.get((kind, key), [])

    # -- building rows -----------------------------------------------------------------

    def _objective_row(self, objective: domain.Objective) -> ObjectiveRow:
        figures = self._figures[objective.key]
        team = self.teams.get(objective.team) or domain.Team(objective.team, objective.team)
        kr_rows = [
            KeyResultRow(
                kr=kr,
                figures=kr_figures,
                objective=objective,
                team=team,
                findings=self.findings_for("key_result", kr.key),
                can_check_in=can_check_in(self.actor, self.editable, objective, kr),
                initiatives=self._impacts.get(kr.key, []),
                names=self.names,
            )
            for kr, kr_figures in zip(objective.key_results, figures.key_results, strict=True)
        ]
        return ObjectiveRow(
            objective=objective,
            figures=figures,
            team=team,
            key_results=kr_rows,
            findings=self.findings_for("objective", objective.key),
            editable=objective.team in self.editable,
            contributors=[self.teams[c] for c in objective.contributors if c in self.teams],
            names=self.names,
        )

    def key_result_row(self, objective: domain.Objective, key: str) -> KeyResultRow:
        return next(r for r in self.row(objective.key).key_results if r.kr.key == key)

    def _mine_first(self, objectives: Iterable[domain.Objective]) -> list[domain.Objective]:
        listed = list(objectives)
        mine = [o for o in listed if o.team in self.my_teams]
        return mine + [o for o in listed if o.team not in self.my_teams]

    # -- indexes, built when first used ------------------------------------------------

    @cached_property
    def _findings(self) -> dict[tuple[str, str], list[Finding]]:
        found: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in self.findings:
            found[finding.target_kind, finding.target_key].append(finding)
        return found

    @cached_property
    def top_objectives(self) -> list[domain.Objective]:
        return [o for o in self.plan.objectives if o.team in self.organisation.top_keys]

    @cached_property
    def _by_team(self) -> dict[str, list[domain.Objective]]:
        found: dict[str, list[domain.Objective]] = defaultdict(list)
        for objective in self.plan.objectives:
            found[objective.team].append(objective)
        return found

    @cached_property
    def objective_counts(self) -> Counter[str]:
        """How many of the view's objectives each team has."""
        return Counter(o.team for o in self.plan.objectives)

    @cached_property
    def objective_of_key_result(self) -> dict[str, domain.Objective]:
        return {kr.key: o for o in self.plan.objectives for kr in o.key_results}

    @cached_property
    def _impacts(self) -> dict[str, list[tuple[domain.Initiative, float | None]]]:
        found: dict[str, list[tuple[domain.Initiative, float | None]]] = defaultdict(list)
        for initiative in self.plan.initiatives:
            for link in initiative.links:
                found[link.key_result].append((initiative, link.impact))
        return found

    # -- the parts of pages that show the cycle's teams, alignment and roadmap ----------

    @cached_property
    def organisation(self) -> Organisation:
        return Organisation(self)

    @cached_property
    def alignment(self) -> AlignmentTree:
        return AlignmentTree(self)

    @cached_property
    def roadmap(self) -> Roadmap:
        return Roadmap(self)


def load_cycle_view(
    cycle: Cycle,
    actor: User,
    *,
    team_keys: set[str] | None = None,
    where: Q | None = None,
    rules: Sequence[str] | None = None,
    check_ins: bool = False,
    as_of: date | None = None,
) -> CycleView:
    """A cycle (or some of its teams) as a user sees it, with its stored figures and the
    coach's findings.

    `rules` narrows the coach to some codes or prefixes: None runs every rule, an
    empty list none. `where` narrows the objectives (`selectors.scored_plan`).
    `check_ins` loads the key results' check-ins (a page that shows them). `as_of` is
    the day the figures stand at (today).
    """
    as_of = as_of or today()
    plan, scores, scored = selectors.scored_plan(
        cycle, actor, as_of=as_of, team_keys=team_keys, where=where, check_ins=check_ins
    )
    findings: list[Finding] = []
    if rules is None or rules:
        whole = team_keys is None and where is None
        objective_ids = [scored.ids[o.key] for o in plan.objectives]
        findings = selectors.findings_about(
            cycle,
            actor,
            as_of=as_of,
            objectives=None if whole else objective_ids,
            teams=None if whole else team_ids_of(team_keys or ()),
            initiatives=None if whole else initiative_ids_of(cycle, plan.initiatives),
            select=rules or (),
        )
    return CycleView(cycle, plan, scores, findings, Names(plan), actor, as_of, scored.ids)


def team_ids_of(keys: Iterable[str]) -> list[int]:
    return list(Team.objects.filter(key__in=keys).values_list("pk", flat=True))


def initiative_ids_of(cycle: Cycle, initiatives: Sequence[domain.Initiative]) -> list[int]:
    keys = [initiative.key for initiative in initiatives]
    return list(Initiative.objects.filter(cycle=cycle, key__in=keys).values_list("pk", flat=True))


def subtree_keys(team_key: str) -> set[str]:
    """A team and every team below it (one query)."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for key, parent in Team.objects.values_list("key", "parent__key"):
        children[parent].append(key)
    found, todo = set(), [team_key]
    while todo:
        key = todo.pop()
        if key not in found:
            found.add(key)
            todo += children.get(key, [])
    return found


@dataclass
class KpiRow:
    """A KPI with its latest measurement and whether that lies in the healthy range."""

    kpi: Kpi
    value: float | None
    day: date | None

    @property
    def health(self) -> str:
        """healthy, unhealthy or no_data."""
        if self.value is None:
            return "no_data"
        low, high = self.kpi.healthy_min, self.kpi.healthy_max
        inside = (low is None or self.value >= low) and (high is None or self.value <= high)
        return "healthy" if inside else "unhealthy"


def kpi_rows(team: Team) -> list[KpiRow]:
    """A team's KPIs with their latest measurements (one query)."""
    latest = KpiMeasurement.objects.filter(kpi=OuterRef("pk")).order_by("-date", "-id")
    kpis = Kpi.objects.filter(team=team).annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_day=Subquery(latest.values("date")[:1]),
    )
    return [KpiRow(k, k.latest_value, k.latest_day) for k in kpis]
