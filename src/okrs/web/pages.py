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
    TeamScore,
    bucket_shares,
    expected_progress,
)
from okrs.goals import selectors
from okrs.goals.models import Cycle, Initiative, Kpi, KpiMeasurement
from okrs.people.models import Team, User
from okrs.people.permissions import can_check_in
from okrs.web.access import team_access, today

ATTENTION = ("off_track", "at_risk")
ALL_TEAMS = "all"

Item = TypeVar("Item")


class Names:
    """People's display names by email (the email for someone without a name).

    Read in one query the first time a name is asked for, and then every user's: at the
    scale the product is built for (10,000 people) that costs less than working out
    which names a page will show. A page that shows no name makes no query.
    """

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def __call__(self, email: str | None) -> str:
        """The name of the person with this email ("" for nobody)."""
        if not email:
            return ""
        if self._names is None:
            users = User.objects.values_list("email", "name")
            self._names = {address: name or address for address, name in users}
        return self._names.get(email, email)


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


@dataclass
class TeamRow:
    """A team with its score in the cycle (None without objectives)."""

    team: domain.Team
    figures: TeamScore | None
    objectives: int
    mine: bool
    depth: int = 0


@dataclass
class BucketRow:
    """A team's 70/20/10 split of initiative effort."""

    team: domain.Team
    shares: dict[str, float]
    effort: float
    findings: list[Finding]


@dataclass
class TreeNode:
    """An objective in the alignment tree, open or closed.

    An open node lists its key results, each with the objectives aligned to it, and the
    objectives aligned to the objective itself: those are closed nodes, which only count
    what aligns beneath them (a page loads a closed node's branch when it is opened).
    """

    row: ObjectiveRow
    aligned: int
    key_results: list[tuple[KeyResultRow, list[TreeNode]]] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)
    expanded: bool = False


class CycleView:
    """A scored cycle as one user sees it, with the lookups the pages need.

    Lookups over the whole cycle (findings by target, objectives by team, what aligns
    to what) are indexed the first time a page uses them; rows are built per objective,
    once, when a page first asks for one.
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
        self._objectives = {o.key: o for o in plan.objectives}
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

    # -- teams -------------------------------------------------------------------------

    def team_row(self, team: domain.Team, depth: int = 0) -> TeamRow:
        """A team with its score and number of objectives."""
        return TeamRow(
            team=team,
            figures=self.team_scores.get(team.key),
            objectives=self._objective_counts[team.key],
            mine=team.key in self.my_teams,
            depth=depth,
        )

    def team_tree(self) -> list[TeamRow]:
        """Every team in tree order (parents before their sub-teams), with depth."""
        return [self.team_row(team, depth) for team, depth in self._tree_order]

    def sub_teams(self, key: str) -> list[TeamRow]:
        """The teams right below a team."""
        return [self.team_row(t) for t in self._team_children.get(key, [])]

    def sub_teams_stored(self, key: str) -> list[TeamRow]:
        """The teams right below a team, with their stored scores as the user sees them:
        for a page that does not load their objectives."""
        children = self._team_children.get(key, [])
        ids = Team.objects.filter(key__in=[t.key for t in children]).values_list("pk", flat=True)
        figures = selectors.team_figures(self.cycle, self.actor, as_of=self.as_of, teams=list(ids))
        return [
            TeamRow(
                team=t,
                figures=figures[t.key].score if t.key in figures else None,
                objectives=figures[t.key].objectives if t.key in figures else 0,
                mine=t.key in self.my_teams,
            )
            for t in children
        ]

    def top_teams(self) -> list[TeamRow]:
        """The teams at the top of the tree (normally the company)."""
        return [self.team_row(t) for t in self._team_children.get(None, [])]

    def my_team_rows(self) -> list[TeamRow]:
        """The user's teams, in tree order."""
        return [self.team_row(t, d) for t, d in self._tree_order if t.key in self.my_teams]

    def teams_in_scope(self, scope: str) -> set[str] | None:
        """`?team=`: one team, all teams (None), or by default the user's own (all for
        someone in none)."""
        if scope == ALL_TEAMS:
            return None
        if scope in self.teams:
            return {scope}
        return set(self.my_teams) or None

    def scope_name(self, scope: str) -> str:
        """The `?team=` value a page keeps in its links ("" for the default)."""
        return scope if scope == ALL_TEAMS or scope in self.teams else ""

    # -- objectives and key results ----------------------------------------------------

    def row(self, key: str) -> ObjectiveRow:
        """An objective the user sees, with its figures (NotFound for any other key)."""
        found = self._rows.get(key)
        if found is None:
            objective = self._objectives.get(key)
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
        return self.rows(self._top_objectives)

    def company_rows(self) -> list[ObjectiveRow]:
        """The company's objectives, leaving out those of the user's own teams."""
        return self.rows(o for o in self._top_objectives if o.team not in self.my_teams)

    def rows_of_ids(self, ids: Iterable[int]) -> list[ObjectiveRow]:
        """The rows of the objectives with these ids, in the same order (those loaded)."""
        keys = (self._keys_by_id.get(pk) for pk in ids)
        return [self.row(key) for key in keys if key in self._objectives]

    def key_result_rows(self, keys: Iterable[str]) -> list[KeyResultRow]:
        """The rows of these key results, in the same order (those loaded)."""
        return [
            self._key_result_row(self._objective_of_key_result[key], key)
            for key in keys
            if key in self._objective_of_key_result
        ]

    def findings_for(self, kind: str, key: str) -> list[Finding]:
        """The coach's findings about a team, objective, key result or initiative."""
        return self._findings.get((kind, key), [])

    def aligned_children(self, key: str) -> list[ObjectiveRow]:
        """Objectives aligned to an objective or to one of its key results."""
        targets = {key} | {kr.key for kr in self.row(key).objective.key_results}
        return self.rows(o for o in self.plan.objectives if o.aligned_to in targets)

    def parent_of(self, row: ObjectiveRow) -> tuple[ObjectiveRow | None, KeyResultRow | None]:
        """The objective (and key result) this one aligns to, when the user can see it."""
        target = row.objective.aligned_to or ""
        if target in self._objectives:
            return self.row(target), None
        owner = self._objective_of_key_result.get(target)
        if owner is not None:
            return self.row(owner.key), self._key_result_row(owner, target)
        return None, None

    # -- alignment tree ----------------------------------------------------------------

    def alignment_roots(self) -> list[TreeNode]:
        """The top teams' objectives, open, with what aligns to them as closed nodes."""
        return [self.alignment_branch(o.key) for o in self._top_objectives]

    def alignment_branch(self, key: str) -> TreeNode:
        """An objective, open: its key results and what aligns beneath, as closed nodes.

        The top teams' objectives stand at the top of the tree, never inside a branch.
        """
        row = self.row(key)
        key_results = [
            (kr_row, [self._closed_node(o) for o in self._branches(kr_row.kr.key)])
            for kr_row in row.key_results
        ]
        children = [self._closed_node(o) for o in self._branches(key)]
        aligned = len(children) + sum(len(nodes) for _, nodes in key_results)
        return TreeNode(row, aligned, key_results, children, expanded=True)

    def alignment_path(self, key: str) -> list[ObjectiveRow]:
        """The objectives above one in the tree, top first, as far as the user sees them."""
        path: list[ObjectiveRow] = []
        seen = {key}
        parent, _ = self.parent_of(self.row(key))
        while parent is not None and parent.objective.key not in seen:
            path.insert(0, parent)
            seen.add(parent.objective.key)
            if parent.objective.team in self._top_team_keys:
                break
            parent, _ = self.parent_of(parent)
        return path

    def unaligned(self) -> list[domain.Objective]:
        """Objectives the tree does not reach: aligned to nothing the user sees."""
        reached: set[str] = set()
        todo = list(self._top_objectives)
        while todo:
            objective = todo.pop()
            if objective.key not in reached:
                reached.add(objective.key)
                todo += self._beneath(objective)
        return [o for o in self.plan.objectives if o.key not in reached]

    # -- roadmap -----------------------------------------------------------------------

    def roadmap_teams(self, scope: str) -> tuple[set[str] | None, str]:
        """The teams the roadmap shows for `?team=` (None: all), and why it shows all
        teams when not asked to ("" otherwise).

        By default the user's own teams (`teams_in_scope`), but all teams for someone in
        no team or whose teams have no initiatives in the cycle: their own would open on
        objectives with nothing beneath them (the company team's admin, say).
        """
        if self.scope_name(scope):
            return self.teams_in_scope(scope), ""
        if not self.my_teams:
            return None, "You are in no team, so the roadmap shows every team's initiatives."
        if self.my_teams.isdisjoint(self._initiatives_by_team):
            return None, (
                "Your teams have no initiatives in this cycle, so the roadmap shows every team's."
            )
        return set(self.my_teams), ""

    def split_teams(self, teams: set[str] | None = None) -> list[domain.Team]:
        """The teams with initiatives (of the given teams, if any): those split 70/20/10."""
        return [
            self.teams[key]
            for key in self._initiatives_by_team
            if key in self.teams and (teams is None or key in teams)
        ]

    def bucket_rows(self, teams: Iterable[domain.Team]) -> list[BucketRow]:
        """The 70/20/10 split of these teams' initiative effort."""
        return [self._bucket_row(team) for team in teams]

    def unlinked_initiatives(self, teams: set[str] | None = None) -> list[domain.Initiative]:
        """Initiatives of the given teams (all by default) linked to no key result."""
        return [
            i for i in self.plan.initiatives if not i.links and (teams is None or i.team in teams)
        ]

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

    def _bucket_row(self, team: domain.Team) -> BucketRow:
        initiatives = self._initiatives_by_team.get(team.key, [])
        effort = sum(i.effort or 0.0 for i in initiatives if i.status != "dropped")
        shares = bucket_shares(initiatives, team.key)
        return BucketRow(team, shares, effort, self.findings_for("team", team.key))

    def _key_result_row(self, objective: domain.Objective, key: str) -> KeyResultRow:
        return next(r for r in self.row(objective.key).key_results if r.kr.key == key)

    def _closed_node(self, objective: domain.Objective) -> TreeNode:
        return TreeNode(self.row(objective.key), len(self._beneath(objective)))

    def _beneath(self, objective: domain.Objective) -> list[domain.Objective]:
        """The branches of an objective: what aligns to it or to one of its key results."""
        found = list(self._branches(objective.key))
        for kr in objective.key_results:
            found += self._branches(kr.key)
        return found

    def _branches(self, target: str) -> list[domain.Objective]:
        """Objectives aligned to an objective or key result, the top teams' left out."""
        return self._aligned_to.get(target, [])

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
    def _team_children(self) -> dict[str | None, list[domain.Team]]:
        children: dict[str | None, list[domain.Team]] = defaultdict(list)
        for team in self.plan.teams:
            children[team.parent if team.parent in self.teams else None].append(team)
        return children

    @cached_property
    def _tree_order(self) -> list[tuple[domain.Team, int]]:
        """Every team with its depth, parents before their sub-teams.

        A team in a loop of parents is never reached from the top, so the walk ends.
        """
        order: list[tuple[domain.Team, int]] = []

        def walk(parent: str | None, depth: int) -> None:
            for team in self._team_children.get(parent, []):
                order.append((team, depth))
                walk(team.key, depth + 1)

        walk(None, 0)
        return order

    @cached_property
    def _top_team_keys(self) -> set[str]:
        return {t.key for t in self._team_children.get(None, [])}

    @cached_property
    def _top_objectives(self) -> list[domain.Objective]:
        return [o for o in self.plan.objectives if o.team in self._top_team_keys]

    @cached_property
    def _by_team(self) -> dict[str, list[domain.Objective]]:
        found: dict[str, list[domain.Objective]] = defaultdict(list)
        for objective in self.plan.objectives:
            found[objective.team].append(objective)
        return found

    @cached_property
    def _objective_counts(self) -> Counter[str]:
        return Counter(o.team for o in self.plan.objectives)

    @cached_property
    def _aligned_to(self) -> dict[str, list[domain.Objective]]:
        """Objectives by the key of what they align to, the top teams' left out."""
        found: dict[str, list[domain.Objective]] = defaultdict(list)
        for objective in self.plan.objectives:
            if objective.aligned_to and objective.team not in self._top_team_keys:
                found[objective.aligned_to].append(objective)
        return found

    @cached_property
    def _objective_of_key_result(self) -> dict[str, domain.Objective]:
        return {kr.key: o for o in self.plan.objectives for kr in o.key_results}

    @cached_property
    def _impacts(self) -> dict[str, list[tuple[domain.Initiative, float | None]]]:
        found: dict[str, list[tuple[domain.Initiative, float | None]]] = defaultdict(list)
        for initiative in self.plan.initiatives:
            for link in initiative.links:
                found[link.key_result].append((initiative, link.impact))
        return found

    @cached_property
    def _initiatives_by_team(self) -> dict[str, list[domain.Initiative]]:
        found: dict[str, list[domain.Initiative]] = defaultdict(list)
        for initiative in self.plan.initiatives:
            if initiative.team:
                found[initiative.team].append(initiative)
        return found


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
    return CycleView(cycle, plan, scores, findings, Names(), actor, as_of, scored.ids)


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
