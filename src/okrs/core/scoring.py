"""Progress, scores, grades, expected progress, status, forecast and roadmap coverage.

Every figure the product shows comes from here, exactly as docs/scoring.md defines it.
Functions take plain snapshots (`core.domain`) and a date `as_of`: the figures as they
stood at the end of that day, ignoring check-ins dated later.

The figures split in two. `KeyResultFigures` depend only on a key result's numbers,
check-ins and linked initiatives: the database stores them and each write keeps them
current. Expected progress and status depend on the day as well: `key_result_score`
adds them at read time, so nothing goes stale overnight.

Every figure is a number within ±1e15, even for rows stored before the input bounds:
where a sum or a ratio of such numbers overflows, it is worked out again with each
number clamped to the bounds (`okrs.core.finite.bounded`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from okrs.core.choices import Bucket
from okrs.core.cycles import cycle_length_days
from okrs.core.domain import CheckIn, Cycle, Initiative, KeyResult, Objective, Plan
from okrs.core.finite import bounded
from okrs.core.validation import WEIGHT_MAX

ASPIRATIONAL_FACTOR = 0.7
# A key result's status turns `stale` after this long without a check-in; the coach
# nudges much sooner (`coach.CHECK_IN_NUDGE_AFTER_DAYS`).
STATUS_STALE_AFTER_DAYS = 14
ON_TRACK_GAP = -0.10
AT_RISK_GAP = -0.25
RED_BELOW = 0.4
GREEN_FROM = 0.7
DECIMALS = 4


@dataclass
class KeyResultScore:
    key: str
    type: str
    current: float | None
    progress: float
    score: float
    expected: float
    status: str
    confidence: float | None
    forecast_value: float | None
    forecast_score: float | None
    coverage: float | None
    last_check_in: date | None = None


@dataclass
class ObjectiveScore:
    key: str
    team: str
    kind: str
    score: float
    grade: str
    key_results: list[KeyResultScore] = field(default_factory=list)


@dataclass
class TeamScore:
    key: str
    score: float
    grade: str


@dataclass
class CycleScore:
    cycle: str
    as_of: date
    teams: list[TeamScore]
    objectives: list[ObjectiveScore]

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of `okrs score --json`, figures rounded to 4 decimals."""
        return {
            "cycle": self.cycle,
            "as_of": self.as_of.isoformat(),
            "teams": [
                {"key": t.key, "score": round_figure(t.score), "grade": t.grade} for t in self.teams
            ],
            "objectives": [
                {
                    "key": o.key,
                    "team": o.team,
                    "kind": o.kind,
                    "score": round_figure(o.score),
                    "grade": o.grade,
                    "key_results": [key_result_dict(kr) for kr in o.key_results],
                }
                for o in self.objectives
            ],
        }


def key_result_dict(kr: KeyResultScore) -> dict[str, object]:
    """One key result's figures as the JSON contract spells them."""
    return {
        "key": kr.key,
        "type": kr.type,
        "current": round_figure(kr.current),
        "progress": round_figure(kr.progress),
        "score": round_figure(kr.score),
        "expected": round_figure(kr.expected),
        "status": kr.status,
        "confidence": round_figure(kr.confidence),
        "forecast_value": round_figure(kr.forecast_value),
        "forecast_score": round_figure(kr.forecast_score),
        "coverage": round_figure(kr.coverage),
    }


def score_plan(plan: Plan, as_of: date) -> CycleScore:
    """Score every key result, objective and team of a cycle as of a date."""
    return assemble_scores(plan, score_key_results(plan, as_of), as_of)


def score_key_results(plan: Plan, as_of: date) -> dict[str, list[KeyResultScore]]:
    """Each objective's key result figures, by objective key: the costly part of scoring."""
    impacts = impacts_by_key_result(plan.initiatives)
    return {
        objective.key: [
            score_key_result(kr, plan.cycle, as_of, objective.kind, impacts.get(kr.key, []))
            for kr in objective.key_results
        ]
        for objective in plan.objectives
    }


def assemble_scores(
    plan: Plan, kr_scores: dict[str, list[KeyResultScore]], as_of: date
) -> CycleScore:
    """Objective and team scores of `plan` from its key results' figures.

    `kr_scores` may cover more objectives than the plan: a part of a scored cycle (what
    one person may see) is assembled without scoring its key results again.
    """
    objective_values = objective_scores(plan.objectives, kr_scores)
    objectives = [
        ObjectiveScore(
            key=o.key,
            team=o.team,
            kind=o.kind,
            score=objective_values[o.key],
            grade=grade(objective_values[o.key]),
            key_results=kr_scores[o.key],
        )
        for o in plan.objectives
    ]
    teams = [
        TeamScore(key=team_key, score=value, grade=grade(value))
        for team_key, value in team_scores(plan.objectives, objective_values).items()
    ]
    return CycleScore(cycle=plan.cycle.name, as_of=as_of, teams=teams, objectives=objectives)


def score_key_result(
    kr: KeyResult,
    cycle: Cycle,
    as_of: date,
    objective_kind: str = "committed",
    impacts: Sequence[float] = (),
) -> KeyResultScore:
    """All figures of one key result as of a date."""
    figures = key_result_figures(kr, cycle, impacts, as_of)
    return key_result_score(kr.key, kr.type, figures, cycle, as_of, objective_kind)


@dataclass(frozen=True)
class KeyResultFigures:
    """What a key result's numbers, check-ins and initiative links alone decide.

    `last_check_in` is the day of the latest check-in counted: the figures hold for any
    day from then on.
    """

    current: float | None
    progress: float
    score: float
    confidence: float | None
    last_check_in: date | None
    forecast_value: float | None
    forecast_score: float | None
    coverage: float | None


def key_result_figures(
    kr: KeyResult, cycle: Cycle, impacts: Sequence[float] = (), as_of: date | None = None
) -> KeyResultFigures:
    """A key result's stored figures from its check-ins up to `as_of` (all when None)."""
    check_ins = check_ins_as_of(kr.check_ins, as_of or date.max)
    latest = check_ins[-1] if check_ins else None
    progress = key_result_progress(kr, check_ins, cycle)
    forecast_value = forecast(kr, check_ins, cycle) if kr.type == "metric" else None
    return KeyResultFigures(
        current=latest.value if latest else None,
        progress=progress,
        score=clamp(progress),
        confidence=latest.confidence if latest else None,
        last_check_in=latest.date if latest else None,
        forecast_value=forecast_value,
        forecast_score=None
        if forecast_value is None
        else clamp(metric_progress(kr, forecast_value) or 0.0),
        coverage=coverage(kr, impacts),
    )


def key_result_score(
    key: str,
    type: str,
    figures: KeyResultFigures,
    cycle: Cycle,
    as_of: date,
    objective_kind: str = "committed",
) -> KeyResultScore:
    """A key result's figures with what the day adds: expected progress and status."""
    expected = expected_progress(cycle, as_of, objective_kind)
    return KeyResultScore(
        key=key,
        type=type,
        current=figures.current,
        progress=figures.progress,
        score=figures.score,
        expected=expected,
        status=status(figures.progress, expected, figures.last_check_in, cycle, as_of),
        confidence=figures.confidence,
        forecast_value=figures.forecast_value,
        forecast_score=figures.forecast_score,
        coverage=figures.coverage,
        last_check_in=figures.last_check_in,
    )


def check_ins_as_of(check_ins: Iterable[CheckIn], as_of: date) -> list[CheckIn]:
    """Check-ins dated on or before `as_of`, oldest first; on a tie, the later-recorded wins."""
    return sorted((c for c in check_ins if c.date <= as_of), key=lambda c: c.date)


def key_result_progress(kr: KeyResult, check_ins: Sequence[CheckIn], cycle: Cycle) -> float:
    """Unbounded progress from the check-ins (oldest first) already filtered by date."""
    if not check_ins:
        return 0.0
    if kr.type == "milestone":
        return 1.0 if check_ins[-1].value >= 1 else 0.0
    if kr.type == "threshold":
        return threshold_score(kr, check_ins, cycle)
    return metric_progress(kr, check_ins[-1].value) or 0.0


def metric_progress(kr: KeyResult, value: float) -> float | None:
    """`(value − baseline) / (target − baseline)`; None when the key result has no gap."""
    if kr.baseline is None or kr.target is None or kr.target == kr.baseline:
        return None
    return _share_of_gap(value, kr.baseline, kr.target)


def _share_of_gap(amount: float, baseline: float, target: float, *, moved: bool = False) -> float:
    """`(amount − baseline) / (target − baseline)`, or with `moved` `amount / (target − baseline)`.

    For a baseline and a target that differ. Within ±1e15 for any stored numbers: where
    a part overflows, the share is worked out again with each number clamped to ±1e15.
    """
    share = _ratio(amount, baseline, target, moved)
    if math.isfinite(share):
        return bounded(share)
    low, high = bounded(baseline), bounded(target)
    if low == high:
        return 0.0
    return bounded(_ratio(bounded(amount), low, high, moved))


def _ratio(amount: float, baseline: float, target: float, moved: bool) -> float:
    """The share, or NaN when its numerator or its gap overflows."""
    gap = target - baseline
    part = amount if moved else amount - baseline
    if not (gap and math.isfinite(gap) and math.isfinite(part)):
        return math.nan
    return part / gap


def threshold_score(kr: KeyResult, check_ins: Sequence[CheckIn], cycle: Cycle) -> float:
    """Share of the cycle's check-ins that met the line (0 with none)."""
    in_cycle = [c for c in check_ins if cycle.start <= c.date <= cycle.end]
    if not in_cycle or kr.target is None:
        return 0.0
    met = sum(1 for c in in_cycle if meets_line(c.value, kr.target, kr.direction))
    return met / len(in_cycle)


def meets_line(value: float, line: float, direction: str | None) -> bool:
    return value <= line if direction == "at_most" else value >= line


def expected_progress(cycle: Cycle, as_of: date, objective_kind: str = "committed") -> float:
    """Share of the cycle elapsed at the end of `as_of`, × 0.7 for aspirational objectives."""
    elapsed = (as_of - cycle.start).days + 1
    share = clamp(elapsed / cycle_length_days(cycle.start, cycle.end))
    return share * ASPIRATIONAL_FACTOR if objective_kind == "aspirational" else share


def status(progress: float, expected: float, latest: date | None, cycle: Cycle, as_of: date) -> str:
    """no_data, stale, on_track, at_risk or off_track; first match wins.

    Staleness is measured up to the cycle's end: a closed cycle does not go stale. The
    gap is compared as `progress >= expected + gap`, the form a database query can
    reproduce exactly (`status_lines`).
    """
    if latest is None:
        return "no_data"
    if latest < fresh_since(cycle, as_of):
        return "stale"
    on_track_from, at_risk_from = status_lines(expected)
    if progress >= on_track_from:
        return "on_track"
    if progress >= at_risk_from:
        return "at_risk"
    return "off_track"


def fresh_since(cycle: Cycle, as_of: date) -> date:
    """The earliest latest check-in that is not stale as of a day."""
    last_day, window = min(as_of, cycle.end), timedelta(days=STATUS_STALE_AFTER_DAYS)
    return last_day - window if last_day >= date.min + window else date.min


def status_lines(expected: float) -> tuple[float, float]:
    """The progress from which a key result is on track, and from which at risk."""
    return expected + ON_TRACK_GAP, expected + AT_RISK_GAP


def forecast(kr: KeyResult, check_ins: Sequence[CheckIn], cycle: Cycle) -> float | None:
    """Least-squares line through (cycle start, baseline) and every check-in, read at the end.

    None before the first check-in or without a baseline.
    """
    if not check_ins or kr.baseline is None:
        return None
    points = [(0.0, kr.baseline)] + [
        (float((c.date - cycle.start).days), c.value) for c in check_ins
    ]
    end = float((cycle.end - cycle.start).days)
    value = linear_fit_at(points, end)
    if not math.isfinite(value):
        value = linear_fit_at([(x, bounded(y)) for x, y in points], end)
    return bounded(value)


def linear_fit_at(points: Sequence[tuple[float, float]], x: float) -> float:
    """Value at `x` of the least-squares line through `points`; their mean when all x agree."""
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mean_x) ** 2 for p in points)
    if sxx == 0:
        return mean_y
    sxy = sum((p[0] - mean_x) * (p[1] - mean_y) for p in points)
    slope = sxy / sxx
    return mean_y + slope * (x - mean_x)


def coverage(kr: KeyResult, impacts: Sequence[float]) -> float | None:
    """Share of a metric key result's gap that its live initiatives' impacts add up to."""
    if kr.type != "metric" or kr.baseline is None or kr.target is None:
        return None
    if kr.target == kr.baseline:
        return None
    return _share_of_gap(sum(impacts), kr.baseline, kr.target, moved=True)


def impacts_by_key_result(initiatives: Iterable[Initiative]) -> dict[str, list[float]]:
    """Impact estimates per key result key, leaving out dropped initiatives."""
    impacts: dict[str, list[float]] = {}
    for initiative in initiatives:
        if initiative.status == "dropped":
            continue
        for link in initiative.links:
            if link.impact is not None:
                impacts.setdefault(link.key_result, []).append(link.impact)
    return impacts


def weighted_mean(scores: Sequence[float], weights: Sequence[float]) -> float:
    """Scores weighted; weights beyond the bounds (stored before them) count as 1,000."""
    total = sum(weights)
    if not math.isfinite(total):
        weights = [max(0.0, bounded(w, WEIGHT_MAX)) for w in weights]
        total = sum(weights)
    if total <= 0:
        return 0.0
    return sum(s * w for s, w in zip(scores, weights, strict=True)) / total


def objective_scores(
    objectives: Sequence[Objective], kr_scores: dict[str, list[KeyResultScore]]
) -> dict[str, float]:
    """Weighted mean of key result scores; without key results, the mean of the objectives
    that roll up into it (`rolls_up`)."""
    by_key = {o.key: o for o in objectives}
    children: dict[str, list[str]] = {}
    for o in objectives:
        if o.aligned_to in by_key and rolls_up(o):
            children.setdefault(o.aligned_to, []).append(o.key)
    scores: dict[str, float] = {}

    def score_of(key: str, visiting: frozenset[str]) -> float:
        if key in scores:
            return scores[key]
        objective = by_key[key]
        aligned = [c for c in children.get(key, []) if c not in visiting]
        value = objective_score(
            objective,
            [s.score for s in kr_scores[key]],
            [score_of(c, visiting | {c}) for c in aligned] if not objective.key_results else [],
        )
        scores[key] = value
        return value

    for o in objectives:
        score_of(o.key, frozenset({o.key}))
    return scores


def objective_score(
    objective: Objective, kr_scores: Sequence[float], aligned_scores: Sequence[float]
) -> float:
    """Weighted mean of the key results' scores; without key results, the mean of the
    scores of the objectives that roll up into it, else 0."""
    if objective.key_results:
        return weighted_mean(kr_scores, [kr.weight for kr in objective.key_results])
    return sum(aligned_scores) / len(aligned_scores) if aligned_scores else 0.0


def rolls_up(objective: Objective) -> bool:
    """Whether an objective's score counts in the objective it aligns to.

    A team-only objective does not: its parent's score would reveal it to everyone who
    sees the parent. Only objectives of the same cycle roll up (callers pass one cycle).
    """
    return objective.visibility == "public"


def team_scores(
    objectives: Sequence[Objective], objective_values: dict[str, float]
) -> dict[str, float]:
    """Mean of each team's objective scores, for the teams that own objectives."""
    per_team: dict[str, list[float]] = {}
    for o in objectives:
        per_team.setdefault(o.team, []).append(objective_values[o.key])
    return {team: mean(values) for team, values in per_team.items()}


def mean(values: Sequence[float]) -> float:
    """The plain mean of a non-empty list, summed in its order (stored figures match)."""
    return sum(values) / len(values)


def grade(score: float) -> str:
    """red below 0.4, yellow below 0.7, green from 0.7."""
    if score < RED_BELOW:
        return "red"
    return "yellow" if score < GREEN_FROM else "green"


def bucket_shares(initiatives: Iterable[Initiative], team: str) -> dict[str, float]:
    """Share of a team's initiative effort per bucket (core/adjacent/explore), dropped excluded.

    Every bucket is present; all zero when the team has no effort on record.
    """
    effort = dict.fromkeys(Bucket.values, 0.0)
    for initiative in initiatives:
        if initiative.team != team or initiative.status == "dropped":
            continue
        if initiative.bucket in effort and initiative.effort:
            effort[initiative.bucket] += bounded(initiative.effort)
    total = sum(effort.values())
    return {bucket: (value / total if total else 0.0) for bucket, value in effort.items()}


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def round_figure(value: float | None) -> float | None:
    """A figure as the JSON contract gives it: a plain float to 4 decimals, or None."""
    return None if value is None else round(float(value), DECIMALS)
