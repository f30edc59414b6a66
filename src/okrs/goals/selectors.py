"""What pages, the API and the CLI show, read from the stored figures.

Each selector reads only the rows it is asked for, through indexes, in a number of
queries that does not grow with the data, and applies the visibility rule in SQL
(`okrs.people.permissions.visible_objectives_q`).

Stored figures hold from the day of the latest check-in they count (`last_check_in`)
on: read as of that day or later they are used as they are, and what depends on the
day (expected progress, status, staleness) is added by `okrs.core.scoring`. Read as of
an earlier day, the rows asked for are computed afresh from their check-ins up to that
day. The coach's rules that depend on the day or on who reads (OKR205, OKR301, OKR302)
run here, on the rows concerned; the others are stored (`figures`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable

from okrs.core import coach, domain
from okrs.core.choices import CycleState, ObjectiveKind
from okrs.core.coach import Finding
from okrs.core.scoring import (
    CycleScore,
    KeyResultFigures,
    KeyResultScore,
    ObjectiveScore,
    TeamScore,
    expected_progress,
    fresh_since,
    grade,
    key_result_figures,
    key_result_score,
    mean,
    objective_score,
    status_lines,
    team_scores,
)
from okrs.goals import snapshots
from okrs.goals.figures import READ_TIME_RULES
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.goals.models import Finding as StoredFinding
from okrs.goals.models import TeamScore as StoredTeamScore
from okrs.people.models import Team, User
from okrs.people.permissions import is_admin, team_ids, visible_objectives_q

ATTENTION = ("at_risk", "off_track")
STALE_RULE, TOO_MANY_RULE, AMBITION_RULE = READ_TIME_RULES

Order = str | Combinable


def visible_objectives(actor: User | None) -> QuerySet[Objective]:
    """The objectives the actor may see."""
    return Objective.objects.filter(visible_objectives_q(actor))


def visible_initiatives(actor: User | None) -> QuerySet[Initiative]:
    """Initiatives linked to a key result the actor sees, or to none at all.

    An initiative serving only key results the actor cannot see is hidden with them:
    reading it, changing it and deleting it all answer "not found" alike, so a refusal
    never confirms that it exists.
    """
    if is_admin(actor):
        return Initiative.objects.all()
    key_results = KeyResult.objects.filter(objective__in=visible_objectives(actor).values("pk"))
    links = InitiativeLink.objects.filter(initiative=OuterRef("pk"))
    return Initiative.objects.filter(
        ~Exists(links) | Exists(links.filter(key_result__in=key_results.values("pk")))
    )


def mine_first(actor: User | None, team_field: str = "team_id") -> Order:
    """An ordering term that puts rows of the actor's own teams first."""
    if actor is None:
        return Value(0)
    return Case(
        When(**{f"{team_field}__in": team_ids(actor)}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


# -- objectives and key results with their figures -------------------------------------------


@dataclass
class Scored:
    """Objectives (in the order asked for) with their key results, and their figures."""

    cycle: domain.Cycle
    as_of: date
    objectives: list[domain.Objective]
    figures: dict[str, ObjectiveScore]
    ids: dict[str, int] = field(default_factory=dict)  # of objectives and key results

    def key_result_figures(self) -> dict[str, KeyResultScore]:
        """Every key result's figures by key."""
        return {kr.key: kr for o in self.figures.values() for kr in o.key_results}


def scored_objectives(
    cycle: Cycle,
    actor: User | None,
    *,
    as_of: date,
    where: Q | None = None,
    order_by: Sequence[Order] = ("position", "id"),
    limit: int | None = None,
    offset: int = 0,
    check_ins: bool = False,
    figures_only: bool = False,
) -> Scored:
    """The objectives of a cycle that the actor sees and `where` selects, with their key
    results (and, with `check_ins`, their check-ins up to `as_of`) and their figures.

    A fixed number of queries, whatever the number of rows. An alignment target the
    actor may not see is left out (`aligned_to` is None). With `figures_only`, only
    what the figures need is read: no titles, owners, alignments, contributors or
    coach settings (a whole cycle's scores read half as much).
    """
    chosen = visible_objectives(actor).filter(where or Q(), cycle=cycle).order_by(*order_by)
    if limit is not None:
        chosen = chosen[offset : offset + limit]
    elif offset:
        chosen = chosen[offset:]
    if where:
        # Picked by id first: PostgreSQL cannot guess how many rows a filter of several
        # alternatives leaves, and would join whole tables to serve a handful.
        picked = list(chosen.values_list("pk", flat=True))
        chosen = Objective.objects.filter(pk__in=picked).order_by(*order_by)
    rows = list(
        chosen.values_list(*(_OBJECTIVE_FIGURE_COLUMNS if figures_only else _OBJECTIVE_COLUMNS))
    )
    objective_ids = [row[0] for row in rows]
    contributors = {} if figures_only else snapshots.contributors_of(objective_ids)
    key_results = _KeyResultRows.load(objective_ids, figures_only=figures_only)
    shown = set() if figures_only else _visible_targets(actor, rows)
    objectives: list[domain.Objective] = []
    stored_scores: dict[str, float] = {}
    late: list[domain.Objective] = []
    ids = dict(key_results.ids)
    for row in rows:
        if figures_only:
            pk, key, team, kind, visibility, score, last = row
            title, owner, text, aligned_to, ignore = "", None, "", None, None
        else:
            pk, key, team, title, kind, owner, text, visibility, *rest = row
            parent, parent_key, parent_kr_objective, parent_kr_key, ignore, score, last = rest
            aligned_to = None
            if parent in shown:
                aligned_to = parent_key
            elif parent_kr_objective in shown:
                aligned_to = parent_kr_key
        objective = domain.Objective(
            key=key,
            team=team,
            title=title,
            kind=kind,
            owner=owner,
            description=text,
            visibility=visibility,
            aligned_to=aligned_to,
            contributors=contributors.get(pk, []),
            key_results=key_results.by_objective.get(pk, []),
            coach_ignore=list(ignore or []),
        )
        objectives.append(objective)
        stored_scores[key] = score
        ids[key] = pk
        if last is not None and last > as_of:
            late.append(objective)
    if check_ins or late:
        key_results.load_check_ins(objectives if check_ins else late, as_of)
    plan_cycle = snapshots.cycle_snapshot(cycle)
    late_krs, late_scores = _figures_as_of(cycle, late, as_of, key_results.figures)
    figures = {}
    for o in objectives:
        kr_figures = [
            key_result_score(
                kr.key,
                kr.type,
                late_krs.get(kr.key) or key_results.figures[kr.key],
                plan_cycle,
                as_of,
                o.kind,
            )
            for kr in o.key_results
        ]
        value = late_scores.get(o.key, stored_scores[o.key])
        figures[o.key] = ObjectiveScore(o.key, o.team, o.kind, value, grade(value), kr_figures)
    return Scored(plan_cycle, as_of, objectives, figures, ids)


def scored_plan(
    cycle: Cycle,
    actor: User | None,
    *,
    as_of: date,
    team_keys: Collection[str] | None = None,
    where: Q | None = None,
    check_ins: bool = False,
) -> tuple[domain.Plan, CycleScore, Scored]:
    """What of a cycle the actor sees (some teams' objectives, or all) as a plan, with its
    figures read from the stored ones: every team, the objectives with their key results,
    the initiatives beside them, and their scores as `core.scoring.score_plan` would give.

    `where` narrows the objectives further; the initiatives are then only those serving
    their key results. Team scores are the mean of the objectives shown: right for the
    teams whose objectives are all shown (`team_figures` reads any team's).
    """
    chosen = (where or Q()) & (Q() if team_keys is None else Q(team__key__in=team_keys))
    scored = scored_objectives(cycle, actor, as_of=as_of, where=chosen, check_ins=check_ins)
    plan = domain.Plan(scored.cycle, snapshots.every_team(), scored.objectives)
    plan.initiatives = (
        snapshots.initiatives_serving(plan)
        if where is not None
        else snapshots.initiatives_beside(cycle, scored.objectives, team_keys)
    )
    return plan, _cycle_score(cycle, scored), scored


def cycle_score(cycle: Cycle, actor: User | None, *, as_of: date) -> CycleScore:
    """The figures of what of a cycle the actor sees, as `scored_plan` gives them, without
    reading the teams and initiatives a plan shows beside its objectives."""
    return _cycle_score(cycle, scored_objectives(cycle, actor, as_of=as_of, figures_only=True))


def _cycle_score(cycle: Cycle, scored: Scored) -> CycleScore:
    values = {key: figures.score for key, figures in scored.figures.items()}
    teams = [
        TeamScore(key, value, grade(value))
        for key, value in team_scores(scored.objectives, values).items()
    ]
    objectives = [scored.figures[o.key] for o in scored.objectives]
    return CycleScore(cycle.key, scored.as_of, teams, objectives)


def count_objectives(cycle: Cycle, actor: User | None, where: Q | None = None) -> int:
    """How many objectives of a cycle the actor sees among those `where` selects."""
    return visible_objectives(actor).filter(where or Q(), cycle=cycle).count()


_OBJECTIVE_COLUMNS = (
    "id",
    "key",
    "team__key",
    "title",
    "kind",
    "owner__email",
    "description",
    "visibility",
    "aligned_objective_id",
    "aligned_objective__key",
    "aligned_key_result__objective_id",
    "aligned_key_result__key",
    "coach_ignore",
    "score",
    "last_check_in",
)
_OBJECTIVE_FIGURE_COLUMNS = (
    "id",
    "key",
    "team__key",
    "kind",
    "visibility",
    "score",
    "last_check_in",
)
_FIGURE_COLUMNS = tuple(KeyResultFigures.__dataclass_fields__)
_KEY_RESULT_COLUMNS = (*snapshots.KEY_RESULT_COLUMNS, *_FIGURE_COLUMNS)
_KEY_RESULT_FIGURE_COLUMNS = (
    "id",
    "objective_id",
    "key",
    "type",
    "baseline",
    "target",
    "direction",
    "weight",
    *_FIGURE_COLUMNS,
)


@dataclass
class _KeyResultRows:
    """Key results per objective id, their stored figures and ids by key."""

    by_objective: dict[int, list[domain.KeyResult]]
    figures: dict[str, KeyResultFigures]
    ids: dict[str, int]

    @classmethod
    def load(cls, objective_ids: list[int], *, figures_only: bool = False) -> _KeyResultRows:
        """The key results of these objectives; with `figures_only`, without their titles,
        units, owners and coach settings."""
        found = cls(defaultdict(list), {}, {})
        if not objective_ids:
            return found
        chosen = KeyResult.objects.filter(objective_id__in=objective_ids).order_by("position", "id")
        columns = _KEY_RESULT_FIGURE_COLUMNS if figures_only else _KEY_RESULT_COLUMNS
        for row in chosen.values_list(*columns):
            if figures_only:
                pk, objective_id, key, type_, baseline, target, direction, weight, *stored = row
                title, unit, owner, ignore = "", "", None, None
            else:
                pk, objective_id, key, title, type_, unit, baseline, target, direction, *rest = row
                weight, owner, ignore, *stored = rest
            found.by_objective[objective_id].append(
                domain.KeyResult(
                    key=key,
                    title=title,
                    type=type_,
                    unit=unit,
                    baseline=baseline,
                    target=target,
                    direction=direction or None,
                    weight=weight,
                    owner=owner,
                    coach_ignore=list(ignore or []),
                )
            )
            found.figures[key] = KeyResultFigures(*stored)
            found.ids[key] = pk
        return found

    def load_check_ins(self, objectives: Sequence[domain.Objective], as_of: date) -> None:
        """Fill in the check-ins up to `as_of` of these objectives' key results (one query)."""
        by_id = {self.ids[kr.key]: kr for o in objectives for kr in o.key_results}
        if not by_id:
            return
        rows = (
            CheckIn.objects.filter(key_result_id__in=list(by_id), date__lte=as_of)
            .order_by("key_result_id", "date")
            .values_list(
                "key_result_id", "date", "value", "confidence", "note", "blockers", "author__email"
            )
        )
        for kr_id, day, value, confidence, note, blockers, author in rows:
            by_id[kr_id].check_ins.append(
                domain.CheckIn(day, value, confidence, note, blockers, author)
            )


def _visible_targets(actor: User | None, rows: Sequence[Sequence[object]]) -> set[object]:
    """The ids of the objectives the rows align to (directly or through a key result)
    that the actor may see."""
    targets = {row[8] for row in rows} | {row[10] for row in rows}
    targets.discard(None)
    if not targets or is_admin(actor):
        return targets
    return set(visible_objectives(actor).filter(pk__in=targets).values_list("pk", flat=True))


def _figures_as_of(
    cycle: Cycle,
    objectives: Sequence[domain.Objective],
    as_of: date,
    stored: dict[str, KeyResultFigures],
) -> tuple[dict[str, KeyResultFigures], dict[str, float]]:
    """Key result figures and objective scores as of a day before some of their check-ins.

    The key results' check-ins must be loaded up to `as_of`. Coverage does not depend on
    the day: it is kept. An objective without key results is scored from those that
    roll up into it (`core.scoring.rolls_up`: public ones), as of the same day.
    """
    plan_cycle = snapshots.cycle_snapshot(cycle)
    kr_figures: dict[str, KeyResultFigures] = {}
    scores: dict[str, float] = {}
    for objective in objectives:
        for kr in objective.key_results:
            figures = key_result_figures(kr, plan_cycle, (), as_of)
            kr_figures[kr.key] = replace(figures, coverage=stored[kr.key].coverage)
        aligned: list[float] = []
        if not objective.key_results:
            below = scored_objectives(
                cycle,
                None,
                as_of=as_of,
                where=Q(aligned_objective__key=objective.key, visibility="public"),
            )
            aligned = [below.figures[o.key].score for o in below.objectives]
        scores[objective.key] = objective_score(
            objective, [kr_figures[kr.key].score for kr in objective.key_results], aligned
        )
    return kr_figures, scores


# -- teams ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamFigures:
    """A team's score in a cycle as one person sees it, and how many objectives it counts."""

    score: TeamScore
    objectives: int


def team_figures(
    cycle: Cycle,
    actor: User | None,
    *,
    as_of: date,
    teams: Collection[int] | None = None,
) -> dict[str, TeamFigures]:
    """The scores of teams (all by default) with objectives in the cycle, by team key.

    Admins and a team's own members see its score over all its objectives; everyone
    else its score over its public ones (none when it has none).
    """
    stored = StoredTeamScore.objects.filter(cycle=cycle)
    if teams is not None:
        stored = stored.filter(team_id__in=teams)
    full = None if is_admin(actor) else team_ids(actor) if actor else set()
    found: dict[str, TeamFigures] = {}
    late: dict[tuple[int, bool], str] = {}
    for team_id, key, score, count, public_score, public_count, last in stored.values_list(
        "team_id",
        "team__key",
        "score",
        "objectives",
        "public_score",
        "public_objectives",
        "last_check_in",
    ):
        sees_all = full is None or team_id in full
        value, objectives = (score, count) if sees_all else (public_score, public_count)
        if value is None or not objectives:
            continue
        if last is not None and last > as_of:
            late[team_id, sees_all] = key
        found[key] = TeamFigures(TeamScore(key, value, grade(value)), objectives)
    for (team_id, sees_all), key in late.items():
        where = Q(team_id=team_id) if sees_all else Q(team_id=team_id, visibility="public")
        scored = scored_objectives(cycle, None, as_of=as_of, where=where)
        value = mean([scored.figures[o.key].score for o in scored.objectives])
        found[key] = TeamFigures(TeamScore(key, value, grade(value)), len(scored.objectives))
    return found


# -- lists across a cycle -------------------------------------------------------------------


def needing_attention(
    cycle: Cycle, actor: User | None, *, as_of: date, where: Q | None = None, limit: int
) -> tuple[list[int], int]:
    """Ids of the first objectives with a key result at risk or off track (the actor's
    teams first), and how many there are.

    The status rule runs in SQL with the lines `core.scoring.status_lines` draws, so
    the count needs no row of key results in memory.
    """
    plan_cycle = snapshots.cycle_snapshot(cycle)
    fresh = fresh_since(plan_cycle, as_of)
    behind = Q()
    for kind in ObjectiveKind.values:
        on_track_from, _ = status_lines(expected_progress(plan_cycle, as_of, kind))
        behind |= Q(objective__kind=kind, progress__lt=on_track_from)
    visible = visible_objectives(actor).filter(where or Q(), cycle=cycle)
    lagging = visible.filter(
        Exists(
            KeyResult.objects.filter(
                behind, objective=OuterRef("pk"), last_check_in__gte=fresh, last_check_in__lte=as_of
            )
        )
    )
    late = visible.filter(last_check_in__gt=as_of)
    if not late.exists():
        ordered = lagging.order_by(mine_first(actor), "position", "id")
        ids = list(ordered.values_list("pk", flat=True))
        return ids[:limit], len(ids)
    scored = scored_objectives(cycle, actor, as_of=as_of, where=Q(pk__in=late.values("pk")))
    found = set(lagging.values_list("pk", flat=True)) | {
        scored.ids[o.key]
        for o in scored.objectives
        if any(kr.status in ATTENTION for kr in scored.figures[o.key].key_results)
    }
    ordered = Objective.objects.filter(pk__in=found).order_by(mine_first(actor), "position", "id")
    return list(ordered.values_list("pk", flat=True)[:limit]), len(found)


# -- the coach's findings --------------------------------------------------------------------


def findings_about(
    cycle: Cycle,
    actor: User | None,
    *,
    as_of: date,
    objectives: Collection[int] | None = None,
    teams: Collection[int] | None = None,
    initiatives: Collection[int] | None = None,
    select: Collection[str] = (),
) -> list[Finding]:
    """What the coach says about some objectives (with their key results), teams and
    initiatives of a cycle; None means all of that kind the actor sees. `select` narrows
    to some rule codes or prefixes, as `core.coach.lint` does (all by default)."""
    codes = coach.selected_codes(select)
    targets = Q()
    if objectives is None or objectives:
        targets |= Q(objective__isnull=False) & (
            Q() if objectives is None else Q(objective_id__in=objectives)
        )
    if teams is None or teams:
        targets |= Q(target_kind="team") & (Q() if teams is None else Q(team_id__in=teams))
    if initiatives is None or initiatives:
        targets |= Q(target_kind="initiative") & (
            Q() if initiatives is None else Q(initiative_id__in=initiatives)
        )
    stored_codes = [code for code in codes if code not in READ_TIME_RULES]
    stored = [
        Finding(code, severity, kind, key, message)
        for code, severity, kind, key, message in _stored_findings(cycle, actor)
        .filter(targets, code__in=stored_codes)
        .order_by("pk")
        .values_list("code", "severity", "target_kind", "target_key", "message")
    ]
    read_time: list[Finding] = []
    if STALE_RULE in codes and (objectives is None or objectives):
        where = None if objectives is None else Q(pk__in=objectives)
        read_time += [f for _, f in stale_findings(cycle, actor, as_of=as_of, where=where).first]
    if {TOO_MANY_RULE, AMBITION_RULE} & set(codes) and (teams is None or teams):
        read_time += [
            f for f in team_findings(cycle, actor, as_of=as_of, teams=teams) if f.code in codes
        ]
    return stored + read_time


def finding_counts(
    cycle: Cycle,
    actor: User | None,
    *,
    as_of: date,
    stale: SilentKeyResults,
) -> dict[str, Counter[tuple[str, str]]]:
    """How many findings of each (code, severity) the coach has about each team's OKRs in
    a cycle, as the actor sees them, by team key: the stored ones in one aggregate query,
    the `stale_findings` given, and the rules about teams read now. Initiatives without a
    team are left out."""
    found: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    rows = (
        _stored_findings(cycle, actor)
        .filter(team__isnull=False)
        .values("team__key", "code", "severity")
        .annotate(found=Count("pk"))
        .order_by()
        .values_list("team__key", "code", "severity", "found")
    )
    for team, code, severity, n in rows:
        found[team][code, severity] += n
    stale_severity = coach.RULES[STALE_RULE].severity
    for team, silent in stale.per_team.items():
        found[team][STALE_RULE, stale_severity] += silent
    for about_team in team_findings(cycle, actor, as_of=as_of):
        found[about_team.target_key][about_team.code, about_team.severity] += 1
    return found


def _stored_findings(cycle: Cycle, actor: User | None) -> QuerySet[StoredFinding]:
    """Stored findings about what the actor may see."""
    stored = StoredFinding.objects.filter(cycle=cycle)
    if is_admin(actor):
        return stored
    return stored.filter(Q(objective__isnull=True) | visible_objectives_q(actor, "objective__"))


@dataclass
class SilentKeyResults:
    """OKR205's findings on the first silent key results, each with its team's key, and
    how many key results it names per team."""

    first: list[tuple[str, Finding]]
    per_team: Counter[str]

    @property
    def total(self) -> int:
        """How many key results the rule names in all."""
        return sum(self.per_team.values())


def stale_findings(
    cycle: Cycle,
    actor: User | None,
    *,
    as_of: date,
    where: Q | None = None,
    limit: int | None = None,
) -> SilentKeyResults:
    """OKR205 on the key results of the objectives the actor sees (and `where` selects):
    the findings on the first `limit` of them (all by default), the actor's teams first,
    then in the cycle's order, and how many there are per team.

    Only an active cycle goes stale. SQL picks the key results silent for too long: for
    one checked in up to `as_of` and not told to ignore the rule, being picked is the
    rule. The coach decides on the others (`coach: ignore`, check-ins after `as_of`,
    whose last day up to `as_of` is looked up), and words the findings shown.
    """
    if cycle.state != CycleState.ACTIVE:
        return SilentKeyResults([], Counter())
    today = min(as_of, cycle.end)
    line = today - timedelta(days=coach.CHECK_IN_NUDGE_AFTER_DAYS)
    silent = Q(last_check_in__lt=line) | Q(last_check_in__gt=today)
    if cycle.start < line:
        silent |= Q(last_check_in__isnull=True)
    visible = visible_objectives(actor).filter(where or Q(), cycle=cycle)
    rows = list(
        KeyResult.objects.filter(silent, objective__in=visible.values("pk"))
        .order_by(
            mine_first(actor, "objective__team_id"),
            "objective__position",
            "objective_id",
            "position",
            "id",
        )
        .values_list(
            "id",
            "key",
            "title",
            "coach_ignore",
            "last_check_in",
            "objective__key",
            "objective__team__key",
            "objective__coach_ignore",
        )
    )
    if limit is None:
        found = _coach_on_silent(cycle, as_of, today, rows)
        return SilentKeyResults(found, Counter(team for team, _ in found))
    others = [row for row in rows if row[3] or row[7] or (row[4] is not None and row[4] > today)]
    confirmed = {f.target_key for _, f in _coach_on_silent(cycle, as_of, today, others)}
    undecided = {row[1] for row in others} - confirmed
    named = [row for row in rows if row[1] not in undecided]
    return SilentKeyResults(
        _coach_on_silent(cycle, as_of, today, named[:limit]), Counter(row[6] for row in named)
    )


SilentRow = tuple[int, str, str, list[str], date | None, str, str, list[str]]


def _coach_on_silent(
    cycle: Cycle, as_of: date, today: date, rows: Sequence[SilentRow]
) -> list[tuple[str, Finding]]:
    """OKR205's findings on these key results, each with its team's key."""
    later = [pk for pk, *_, last, _, _, _ in rows if last is not None and last > today]
    last_known = dict(
        CheckIn.objects.filter(key_result_id__in=later, date__lte=today)
        .values("key_result_id")
        .annotate(last=Max("date"))
        .values_list("key_result_id", "last")
    )
    objectives: dict[str, domain.Objective] = {}
    teams: dict[str, str] = {}
    for pk, key, title, ignore, last, objective_key, team, objective_ignore in rows:
        if pk in last_known or (last is not None and last > today):
            last = last_known.get(pk)
        objective = objectives.get(objective_key)
        if objective is None:
            objective = objectives[objective_key] = domain.Objective(
                objective_key, team, "", coach_ignore=list(objective_ignore or [])
            )
        check_ins = [domain.CheckIn(last, 0.0)] if last else []
        objective.key_results.append(
            domain.KeyResult(key, title, check_ins=check_ins, coach_ignore=list(ignore or []))
        )
        teams[key] = team
    plan = domain.Plan(snapshots.cycle_snapshot(cycle), objectives=list(objectives.values()))
    found = coach.lint(plan, as_of=as_of, select=[STALE_RULE])
    return [(teams[f.target_key], f) for f in found]


def team_findings(
    cycle: Cycle, actor: User | None, *, as_of: date, teams: Collection[int] | None = None
) -> list[Finding]:
    """OKR301 and OKR302 on teams (all with objectives by default), as the actor sees them.

    OKR301 counts the objectives the actor sees (`team_figures`), OKR302 reads the
    stored scores of the aspirational objectives the actor sees in the last closed
    cycles before this one.
    """
    figures = team_figures(cycle, actor, as_of=as_of, teams=teams)
    keys = list(figures)
    if teams is not None:
        keys = list(Team.objects.filter(pk__in=teams).values_list("key", flat=True))
    plan = domain.Plan(
        snapshots.cycle_snapshot(cycle), teams=[domain.Team(key, key) for key in keys]
    )
    return coach.lint(
        plan,
        as_of=as_of,
        history=_unambitious_history(cycle, actor, keys, teams),
        select=[TOO_MANY_RULE, AMBITION_RULE],
        objective_counts={key: team.objectives for key, team in figures.items()},
    )


def _unambitious_history(
    cycle: Cycle, actor: User | None, keys: Collection[str], teams: Collection[int] | None
) -> list[domain.PastObjective]:
    """What OKR302 reads of the teams with these keys (and ids, None for all): the past
    objectives of those with an aspirational objective scoring at least its line in each
    of the closed cycles it looks at (a mean reaches a line only if one of its scores
    does). The coach decides on them; the others have no history it could find about."""
    cycles = _closed_before(cycle)
    if len(cycles) < coach.UNAMBITIOUS_CYCLES:
        return []
    within = Q() if teams is None else Q(team_id__in=teams)
    found = (
        visible_objectives(actor)
        .filter(
            within,
            cycle_id__in=cycles,
            kind=ObjectiveKind.ASPIRATIONAL,
            score__gte=coach.UNAMBITIOUS_SCORE,
        )
        .values("team__key")
        .annotate(cycles=Count("cycle_id", distinct=True))
        .filter(cycles=len(cycles))
        .order_by()
        .values_list("team__key", flat=True)
    )
    candidates = set(found) & set(keys)
    return _past_objectives_in(cycles, actor, candidates) if candidates else []


def _closed_before(cycle: Cycle) -> list[int]:
    """Ids of the last closed cycles before `cycle` that OKR302 looks at, latest first."""
    closed = Cycle.objects.filter(state=CycleState.CLOSED, end__lt=cycle.start).order_by("-end")
    return list(closed.values_list("pk", flat=True)[: coach.UNAMBITIOUS_CYCLES])


def past_objectives(
    cycle: Cycle, actor: User | None, *, teams: Collection[str]
) -> list[domain.PastObjective]:
    """Scores of the teams' aspirational objectives the actor sees in the last closed
    cycles before `cycle`, oldest cycle first (for OKR302)."""
    return _past_objectives_in(_closed_before(cycle), actor, teams)


def _past_objectives_in(
    cycles: Collection[int], actor: User | None, teams: Collection[str]
) -> list[domain.PastObjective]:
    rows = (
        visible_objectives(actor)
        .filter(cycle_id__in=cycles, team__key__in=teams, kind=ObjectiveKind.ASPIRATIONAL)
        .order_by("cycle__end", "position", "id")
        .values_list("key", "team__key", "cycle__key", "kind", "score")
    )
    return [domain.PastObjective(*row) for row in rows]
