"""What the pages show: a scored cycle as one user sees it, arranged into rows.

Every page loads its scored cycle through `snapshots.load_scored` (a fixed number of
queries, cached per cycle revision) and runs `core.coach.lint` over it. This
module only arranges those figures for the templates; it computes no score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery

from okrs.core import domain
from okrs.core.coach import Finding
from okrs.core.cycles import cycle_length_days
from okrs.core.scoring import (
    CycleScore,
    KeyResultScore,
    ObjectiveScore,
    TeamScore,
    bucket_shares,
    expected_progress,
)
from okrs.goals.models import Cycle, Kpi, KpiMeasurement
from okrs.goals.services import past_objectives
from okrs.goals.snapshots import load_findings, load_scored
from okrs.people.models import Team, User
from okrs.web.access import can_check_in, team_access, today
from okrs.web.coaching import HealthRow, health_rows

ATTENTION = ("off_track", "at_risk")
STALE_RULE = "OKR205"


@dataclass
class KeyResultRow:
    """A key result with its figures, owner's name, coach findings and linked initiatives."""

    kr: domain.KeyResult
    figures: KeyResultScore
    objective: domain.Objective
    team: domain.Team
    owner: str
    findings: list[Finding]
    can_check_in: bool
    initiatives: list[tuple[domain.Initiative, float | None]]
    people: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def history(self) -> list[tuple[domain.CheckIn, str]]:
        """Check-ins, newest first, each with its author's name."""
        return [
            (c, self.people.get(c.author or "", c.author or ""))
            for c in reversed(self.kr.check_ins)
        ]

    @property
    def latest(self) -> domain.CheckIn | None:
        """The latest check-in, if any."""
        return self.kr.check_ins[-1] if self.kr.check_ins else None

    @property
    def gap(self) -> float | None:
        """How far a metric's target lies from its baseline (the roadmap's job)."""
        kr = self.kr
        if kr.type != "metric" or kr.target is None or kr.baseline is None:
            return None
        return kr.target - kr.baseline


@dataclass
class ObjectiveRow:
    """An objective with its figures, team, owner's name, key results and findings."""

    objective: domain.Objective
    figures: ObjectiveScore
    team: domain.Team
    owner: str
    key_results: list[KeyResultRow]
    findings: list[Finding]
    editable: bool
    contributors: list[domain.Team] = field(default_factory=list)

    @property
    def attention(self) -> list[KeyResultRow]:
        """Key results at risk or off track."""
        return [r for r in self.key_results if r.figures.status in ATTENTION]


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
    """An objective in the alignment tree, with key results and what aligns beneath."""

    row: ObjectiveRow
    key_results: list[tuple[KeyResultRow, list[TreeNode]]] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)


class CycleView:
    """A scored cycle as one user sees it, with the lookups the pages need."""

    def __init__(
        self,
        cycle: Cycle,
        plan: domain.Plan,
        scores: CycleScore,
        findings: list[Finding],
        people: dict[str, str],
        actor: User,
        as_of: date,
    ) -> None:
        self.cycle = cycle
        self.plan = plan
        self.scores = scores
        self.as_of = as_of
        self.actor = actor
        self.people = people
        self.findings = findings
        self.editable, self.my_teams = team_access(actor)
        self.teams = {t.key: t for t in plan.teams}
        self.team_scores = {t.key: t for t in scores.teams}
        self._findings: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in findings:
            self._findings[finding.target_kind, finding.target_key].append(finding)
        self._children: dict[str | None, list[domain.Team]] = defaultdict(list)
        for team in plan.teams:
            self._children[team.parent if team.parent in self.teams else None].append(team)
        impacts: dict[str, list[tuple[domain.Initiative, float | None]]] = defaultdict(list)
        for initiative in plan.initiatives:
            for link in initiative.links:
                impacts[link.key_result].append((initiative, link.impact))
        figures = {o.key: o for o in scores.objectives}
        self.objectives = {
            o.key: self._objective_row(o, figures[o.key], impacts) for o in plan.objectives
        }
        self.key_results = {r.kr.key: r for o in self.objectives.values() for r in o.key_results}
        self._by_team: dict[str, list[ObjectiveRow]] = defaultdict(list)
        for row in self.objectives.values():
            self._by_team[row.objective.team].append(row)
        self._initiatives_by_team: dict[str, list[domain.Initiative]] = defaultdict(list)
        for initiative in plan.initiatives:
            if initiative.team:
                self._initiatives_by_team[initiative.team].append(initiative)

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
            objectives=len(self.rows_of_team(team.key)),
            mine=team.key in self.my_teams,
            depth=depth,
        )

    def team_tree(self) -> list[TeamRow]:
        """Every team in tree order (parents before their sub-teams), with depth."""
        rows: list[TeamRow] = []

        def walk(parent: str | None, depth: int, seen: frozenset[str]) -> None:
            for team in self._children.get(parent, []):
                if team.key not in seen:
                    rows.append(self.team_row(team, depth))
                    walk(team.key, depth + 1, seen | {team.key})

        walk(None, 0, frozenset())
        return rows

    def sub_teams(self, key: str) -> list[TeamRow]:
        """The teams right below a team."""
        return [self.team_row(t) for t in self._children.get(key, [])]

    def top_teams(self) -> list[TeamRow]:
        """The teams at the top of the tree (normally the company)."""
        return [self.team_row(t) for t in self._children.get(None, [])]

    def my_team_rows(self) -> list[TeamRow]:
        """The user's teams, in tree order."""
        return [r for r in self.team_tree() if r.mine]

    # -- objectives and key results ----------------------------------------------------

    def rows_of_team(self, key: str) -> list[ObjectiveRow]:
        """A team's objectives."""
        return self._by_team.get(key, [])

    def rows_mine_first(self) -> list[ObjectiveRow]:
        """All objectives, those of the user's teams first."""
        rows = list(self.objectives.values())
        return sorted(rows, key=lambda r: r.objective.team not in self.my_teams)

    def my_rows(self) -> list[ObjectiveRow]:
        """Objectives of the user's teams."""
        return [r for r in self.objectives.values() if r.objective.team in self.my_teams]

    def top_rows(self) -> list[ObjectiveRow]:
        """Objectives of the teams at the top of the tree (the company's)."""
        top = {t.key for t in self._children.get(None, [])}
        return [r for r in self.objectives.values() if r.objective.team in top]

    def company_rows(self) -> list[ObjectiveRow]:
        """The company's objectives, leaving out those of the user's own teams."""
        return [r for r in self.top_rows() if r.objective.team not in self.my_teams]

    def needing_attention(self) -> list[ObjectiveRow]:
        """Objectives with a key result at risk or off track, the user's teams first."""
        return [r for r in self.rows_mine_first() if r.attention]

    def without_recent_check_in(self) -> list[KeyResultRow]:
        """Key results the coach flags for no check-in in over a week (OKR205)."""
        return [
            row
            for o in self.rows_mine_first()
            for row in o.key_results
            if any(f.code == STALE_RULE for f in row.findings)
        ]

    def health_rows(self) -> list[HealthRow]:
        """The coach's findings counted per team, the user's teams first."""
        team_of = {("team", key): key for key in self.teams}
        for key, row in self.objectives.items():
            team_of["objective", key] = row.objective.team
        for key, kr_row in self.key_results.items():
            team_of["key_result", key] = kr_row.objective.team
        for initiative in self.plan.initiatives:
            if initiative.team:
                team_of["initiative", initiative.key] = initiative.team
        return health_rows(self.teams, team_of, self.findings, self.my_teams)

    def findings_for(self, kind: str, key: str) -> list[Finding]:
        """The coach's findings about a team, objective, key result or initiative."""
        return self._findings.get((kind, key), [])

    def aligned_children(self, key: str) -> list[ObjectiveRow]:
        """Objectives aligned to an objective or to one of its key results."""
        targets = {key} | {kr.key for kr in self.objectives[key].objective.key_results}
        return [r for r in self.objectives.values() if r.objective.aligned_to in targets]

    def parent_of(self, row: ObjectiveRow) -> tuple[ObjectiveRow | None, KeyResultRow | None]:
        """The objective (and key result) this one aligns to, when the user can see it."""
        target = row.objective.aligned_to
        if target in self.objectives:
            return self.objectives[target], None
        kr_row = self.key_results.get(target or "")
        if kr_row is not None:
            return self.objectives[kr_row.objective.key], kr_row
        return None, None

    # -- alignment tree ----------------------------------------------------------------

    def alignment_tree(self) -> tuple[list[TreeNode], list[ObjectiveRow]]:
        """(trees under the top teams' objectives, objectives aligned to nothing visible)."""
        top = {t.key for t in self._children.get(None, [])}
        roots = [r for r in self.objectives.values() if r.objective.team in top]
        by_target: dict[str, list[ObjectiveRow]] = defaultdict(list)
        for row in self.objectives.values():
            if row.objective.aligned_to:
                by_target[row.objective.aligned_to].append(row)
        placed: set[str] = set()

        def node(row: ObjectiveRow) -> TreeNode:
            placed.add(row.objective.key)
            grown = TreeNode(row)
            grown.key_results = [
                (
                    kr_row,
                    [node(c) for c in by_target[kr_row.kr.key] if c.objective.key not in placed],
                )
                for kr_row in row.key_results
            ]
            grown.children = [
                node(c) for c in by_target[row.objective.key] if c.objective.key not in placed
            ]
            return grown

        trees = [node(r) for r in roots if r.objective.key not in placed]
        loose = [r for r in self.objectives.values() if r.objective.key not in placed]
        return trees, loose

    # -- roadmap -----------------------------------------------------------------------

    def bucket_rows(self, teams: set[str] | None = None) -> list[BucketRow]:
        """The 70/20/10 split of every team with initiatives (of the given teams, if any)."""
        keys = [k for k in self._initiatives_by_team if teams is None or k in teams]
        rows = []
        for key in keys:
            initiatives = self._initiatives_by_team.get(key, [])
            if key in self.teams and initiatives:
                effort = sum(i.effort or 0.0 for i in initiatives if i.status != "dropped")
                shares = bucket_shares(initiatives, key)
                rows.append(
                    BucketRow(self.teams[key], shares, effort, self.findings_for("team", key))
                )
        return rows

    def roadmap_rows(self, teams: set[str] | None = None) -> list[ObjectiveRow]:
        """Objectives of the given teams (all, the user's first), whose key results it serves."""
        return [r for r in self.rows_mine_first() if teams is None or r.objective.team in teams]

    def unlinked_initiatives(self, teams: set[str] | None = None) -> list[domain.Initiative]:
        """Initiatives of the given teams (all by default) linked to no key result."""
        return [
            i for i in self.plan.initiatives if not i.links and (teams is None or i.team in teams)
        ]

    # -- building rows -----------------------------------------------------------------

    def _objective_row(
        self,
        objective: domain.Objective,
        figures: ObjectiveScore,
        impacts: dict[str, list[tuple[domain.Initiative, float | None]]],
    ) -> ObjectiveRow:
        team = self.teams.get(objective.team) or domain.Team(objective.team, objective.team)
        kr_rows = [
            KeyResultRow(
                kr=kr,
                figures=kr_figures,
                objective=objective,
                team=team,
                owner=self.name_of(kr.owner),
                findings=self.findings_for("key_result", kr.key),
                can_check_in=can_check_in(self.actor, self.editable, objective, kr),
                initiatives=impacts.get(kr.key, []),
                people=self.people,
            )
            for kr, kr_figures in zip(objective.key_results, figures.key_results, strict=True)
        ]
        return ObjectiveRow(
            objective=objective,
            figures=figures,
            team=team,
            owner=self.name_of(objective.owner),
            key_results=kr_rows,
            findings=self.findings_for("objective", objective.key),
            editable=objective.team in self.editable,
            contributors=[self.teams[c] for c in objective.contributors if c in self.teams],
        )

    def name_of(self, email: str | None) -> str:
        """A person's display name (their email when they have none)."""
        return self.people.get(email, email) if email else ""


def load_cycle_view(
    cycle: Cycle,
    actor: User,
    *,
    team_keys: set[str] | None = None,
    rules: Sequence[str] | None = None,
    with_history: bool = False,
    as_of: date | None = None,
) -> CycleView:
    """Load, score and coach a cycle (or some of its teams) as a user sees it.

    `rules` narrows the coach to some codes or prefixes: None runs every rule, an
    empty list none. `with_history` loads the last closed cycles for OKR302, at a
    fixed cost of a few more queries. `as_of` is the day the figures stand at (today).
    """
    as_of = as_of or today()
    plan, scores = load_scored(cycle, actor=actor, as_of=as_of, team_keys=team_keys)
    history = (
        past_objectives({o.team for o in plan.objectives}, before=cycle.start)
        if with_history
        else []
    )
    coached = rules is None or bool(rules)
    findings = (
        load_findings(cycle, plan, as_of=as_of, history=history, select=rules or ())
        if coached
        else []
    )
    return CycleView(cycle, plan, scores, findings, _names(plan), actor, as_of)


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


def _names(plan: domain.Plan) -> dict[str, str]:
    """Display names of the owners and check-in authors in a plan, by email (one query)."""
    emails = {o.owner for o in plan.objectives}
    for kr in plan.key_results():
        emails |= {kr.owner} | {c.author for c in kr.check_ins}
    emails.discard(None)
    return {
        email: name or email
        for email, name in User.objects.filter(email__in=emails).values_list("email", "name")
    }
