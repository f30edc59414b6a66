"""The stored figures and the coach's stored findings, kept current by every write.

A write changes a few rows; this module recomputes, in the write's transaction, exactly
the figures those rows feed, by calling `okrs.core`:

- a key result's figures (`core.scoring.KeyResultFigures`) from its check-ins, numbers
  and initiative links;
- its objective's score, and the scores of the objectives above it that roll up from it
  (only objectives without key results do), up the alignment chain;
- the scores of the teams that own the objectives whose scores changed;
- the coach's findings on what changed (`okrs.goals.models.Finding`).

The cost of a check-in grows with the depth of the alignment tree, never with the size
of the cycle. `recompute_cycle` rebuilds a whole cycle the same way: after bulk writes
(import, the generator, the demo), after a cycle's dates move, and as a repair tool
(`okrs recompute`).

Each function runs in the caller's transaction, or in one of its own when called
outside any (a write in autocommit mode). Concurrency: rows are locked in one order (key results, then objectives from the bottom
of the alignment tree up, then teams), with PostgreSQL's `FOR NO KEY UPDATE`, so two
writes under one objective wait for each other instead of one losing the other's
figure. SQLite serialises writers itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import astuple
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from okrs.core import coach, domain
from okrs.core.choices import CycleState, InitiativeStatus
from okrs.core.scoring import (
    KeyResultFigures,
    impacts_by_key_result,
    key_result_figures,
    mean,
    objective_score,
    rolls_up,
)
from okrs.goals import bulk, snapshots
from okrs.goals.models import (
    CheckIn,
    Cycle,
    Finding,
    Initiative,
    InitiativeLink,
    KeyResult,
    Objective,
    TeamScore,
)
from okrs.people.models import Team

FIGURE_FIELDS = tuple(KeyResultFigures.__dataclass_fields__)
TEAM_FIGURE_FIELDS = ("score", "objectives", "public_score", "public_objectives", "last_check_in")
# Rules checked when read (`selectors`), not stored: they depend on the day, on other
# cycles, or on which objectives the reader sees.
READ_TIME_RULES = ("OKR205", "OKR301", "OKR302")
STORED_RULES = tuple(code for code in coach.RULES if code not in READ_TIME_RULES)
_RULES_BY_KIND: dict[str, list[str]] = defaultdict(list)
for _code in STORED_RULES:
    _RULES_BY_KIND[coach.RULES[_code].target_kind].append(_code)
# The longest alignment chain followed upwards; deeper trees do not exist in practice.
MAX_DEPTH = 64


# -- what writes call ---------------------------------------------------------------------


@transaction.atomic(savepoint=False)
def refresh(
    *,
    key_results: Iterable[int] = (),
    objectives: Iterable[int] = (),
    initiatives: Iterable[int] = (),
    teams: Iterable[tuple[int, int]] = (),
    moved_teams: Iterable[int] = (),
    coach: bool = True,
) -> None:
    """Recompute what depends on rows a write changed, created or deleted.

    - `key_results`: their check-ins, numbers or links changed (their figures, then up);
    - `objectives`: their key results, alignment, visibility, team or owner changed, or
      an objective aligned to them left (their scores, then up, and their teams');
    - `initiatives`: their status, effort, bucket, team or links changed (the coverage of
      the key results they serve);
    - `teams`: (cycle id, team id) pairs that lost an objective or an initiative;
    - `moved_teams`: teams moved in the tree or changed kind (`teams_changed`).

    `coach` re-runs the stored rules of the coach on the same rows, on the objectives
    they align to and on the objectives of the moved teams in open cycles, each once; a
    check-in changes none of them.
    """
    initiative_ids = set(initiatives)
    kr_ids = set(key_results) | set(
        InitiativeLink.objects.filter(initiative_id__in=initiative_ids).values_list(
            "key_result_id", flat=True
        )
    )
    named = set(objectives)
    named_teams = set(teams) | _teams_of(Objective.objects.filter(pk__in=named))
    # A named objective may have joined or left its parent: the parent is recomputed too.
    objective_ids = named | _parents_of(named) | _refresh_key_results(sorted(kr_ids))
    _refresh_team_scores(named_teams | _refresh_objective_scores(sorted(objective_ids)))
    if not coach:
        return
    by_cycle: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    coached = Objective.objects.filter(
        Q(pk__in=objective_ids | _parents_of(objective_ids)) | _open_objectives_of(moved_teams)
    )
    for cycle_id, pk in coached.values_list("cycle_id", "pk"):
        by_cycle[cycle_id]["objective_ids"].add(pk)
    initiative_rows = Initiative.objects.filter(pk__in=initiative_ids)
    for cycle_id, team_id in named_teams | _teams_of(initiative_rows.filter(team__isnull=False)):
        by_cycle[cycle_id]["team_ids"].add(team_id)
    for cycle_id, pk in initiative_rows.values_list("cycle_id", "pk"):
        by_cycle[cycle_id]["initiative_ids"].add(pk)
    for cycle_id, targets in by_cycle.items():
        refresh_findings(cycle_id, **targets)


def _teams_of(rows: QuerySet[Any]) -> set[tuple[int, int]]:
    """(cycle id, team id) of objectives or initiatives."""
    return set(rows.values_list("cycle_id", "team_id"))


@transaction.atomic(savepoint=False)
def teams_changed(team_ids: Iterable[int]) -> None:
    """Teams moved in the tree or changed kind: their objectives' findings (OKR106)."""
    open_cycles = Objective.objects.filter(_open_objectives_of(team_ids))
    for cycle_id, objective_ids in _group(open_cycles.values_list("cycle_id", "pk")).items():
        refresh_findings(cycle_id, objective_ids=objective_ids)


def _open_objectives_of(team_ids: Iterable[int]) -> Q:
    """The objectives of these teams in cycles not closed (none without teams)."""
    ids = set(team_ids)
    return Q(team_id__in=ids) & ~Q(cycle__state=CycleState.CLOSED) if ids else Q(pk__in=[])


# -- key results --------------------------------------------------------------------------


def _refresh_key_results(ids: Sequence[int]) -> set[int]:
    """Recompute and store these key results' figures; the ids of their objectives."""
    rows = list(
        KeyResult.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list(
            "pk",
            "key",
            "type",
            "baseline",
            "target",
            "direction",
            "objective_id",
            "objective__cycle__key",
            "objective__cycle__start",
            "objective__cycle__end",
            *FIGURE_FIELDS,
        )
    )
    check_ins = _check_ins_of(ids)
    impacts = _impacts_of(ids)
    changed = []
    for pk, key, type_, baseline, target, direction, _, name, start, end, *stored in rows:
        kr = domain.KeyResult(
            key=key,
            title="",
            type=type_,
            baseline=baseline,
            target=target,
            direction=direction or None,
            check_ins=check_ins.get(pk, []),
        )
        cycle = domain.Cycle(name=name, start=start, end=end)
        figures = key_result_figures(kr, cycle, impacts.get(pk, []))
        fresh = astuple(figures)
        if fresh != tuple(stored):
            changed.append((pk, *fresh))
    _save(KeyResult, FIGURE_FIELDS, changed)
    return {row[6] for row in rows}


def _check_ins_of(kr_ids: Collection[int]) -> dict[int, list[domain.CheckIn]]:
    found: dict[int, list[domain.CheckIn]] = defaultdict(list)
    rows = (
        CheckIn.objects.filter(key_result_id__in=kr_ids)
        .order_by("key_result_id", "date")
        .values_list("key_result_id", "date", "value", "confidence")
    )
    for kr_id, day, value, confidence in rows:
        found[kr_id].append(domain.CheckIn(date=day, value=value, confidence=confidence))
    return found


def _impacts_of(kr_ids: Collection[int]) -> dict[int, list[float]]:
    """Impact estimates of live initiatives per key result, in the cycle's initiative order
    (`core.scoring.impacts_by_key_result` sums them in that order)."""
    found: dict[int, list[float]] = defaultdict(list)
    rows = (
        InitiativeLink.objects.filter(key_result_id__in=kr_ids, impact__isnull=False)
        .exclude(initiative__status=InitiativeStatus.DROPPED)
        .order_by("initiative__position", "initiative_id", "position", "id")
        .values_list("key_result_id", "impact")
    )
    for kr_id, impact in rows:
        if impact is not None:
            found[kr_id].append(impact)
    return found


# -- objectives ---------------------------------------------------------------------------


def _refresh_objective_scores(ids: Sequence[int]) -> set[tuple[int, int]]:
    """Recompute these objectives' scores and those above that roll up from them.

    Returns the (cycle id, team id) pairs whose objectives' scores or shape changed.
    Works bottom-up in rounds: an objective is recomputed after the objectives below it.
    """
    teams: set[tuple[int, int]] = set()
    pending = list(ids)
    for _ in range(MAX_DEPTH):
        if not pending:
            break
        changed = _refresh_objective_batch(pending)
        teams |= {(cycle, team) for _, cycle, team, _ in changed}
        pending = sorted({parent for _, _, _, parent in changed if parent})
    return teams


def _refresh_objective_batch(ids: Sequence[int]) -> list[tuple[int, int, int, int | None]]:
    """Store fresh scores; (id, cycle, team, parent it rolls up into) of those that moved."""
    rows = list(
        Objective.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids)
        .annotate(
            parent_has_key_results=Exists(
                KeyResult.objects.filter(objective_id=OuterRef("aligned_objective_id"))
            )
        )
        .order_by("pk")
        .values_list(
            "pk",
            "cycle_id",
            "team_id",
            "visibility",
            "aligned_objective_id",
            "aligned_objective__cycle_id",
            "score",
            "last_check_in",
            "parent_has_key_results",
        )
    )
    key_results: dict[int, list[tuple[float, float, date | None]]] = defaultdict(list)
    for objective_id, score, weight, last in (
        KeyResult.objects.filter(objective_id__in=ids)
        .order_by("position", "id")
        .values_list("objective_id", "score", "weight", "last_check_in")
    ):
        key_results[objective_id].append((score, weight, last))
    children: dict[tuple[int, int], list[tuple[float, date | None]]] = defaultdict(list)
    for parent, cycle_id, visibility, score, last in (
        Objective.objects.filter(aligned_objective_id__in=ids)
        .order_by("position", "id")
        .values_list("aligned_objective_id", "cycle_id", "visibility", "score", "last_check_in")
    ):
        if _rolls_up(visibility):
            children[parent, cycle_id].append((score, last))
    moved = []
    updates = []
    for pk, cycle_id, team_id, visibility, parent, parent_cycle, *old, parent_scored in rows:
        score, last = _objective_figures(key_results.get(pk, []), children.get((pk, cycle_id), []))
        if [score, last] != old:
            updates.append((pk, score, last))
            # Only a parent without key results of its own is scored from this one.
            rolls = parent_cycle == cycle_id and _rolls_up(visibility) and not parent_scored
            moved.append((pk, cycle_id, team_id, parent if rolls else None))
    _save(Objective, ("score", "last_check_in"), updates)
    return moved


def _objective_figures(
    key_results: Sequence[tuple[float, float, date | None]],
    children: Sequence[tuple[float, date | None]],
) -> tuple[float, date | None]:
    """An objective's score (`core.scoring.objective_score`) and the latest check-in it counts."""
    stub = domain.Objective(
        key="",
        team="",
        title="",
        key_results=[domain.KeyResult(key="", title="", weight=w) for _, w, _ in key_results],
    )
    score = objective_score(stub, [s for s, _, _ in key_results], [s for s, _ in children])
    counted = [last for _, _, last in key_results] if key_results else [day for _, day in children]
    days = [day for day in counted if day is not None]
    return score, max(days) if days else None


def _rolls_up(visibility: str) -> bool:
    return rolls_up(domain.Objective(key="", team="", title="", visibility=visibility))


def _parents_of(objective_ids: Collection[int]) -> set[int]:
    return set(
        Objective.objects.filter(pk__in=objective_ids, aligned_objective__isnull=False).values_list(
            "aligned_objective_id", flat=True
        )
    )


# -- teams --------------------------------------------------------------------------------


def _refresh_team_scores(pairs: Collection[tuple[int, int]]) -> None:
    """Store each (cycle, team)'s score over all its objectives and over its public ones."""
    if not pairs:
        return
    team_ids = sorted({team for _, team in pairs})
    list(Team.objects.select_for_update(no_key=True).filter(pk__in=team_ids).values_list("pk"))
    # One condition per cycle, not per pair: a whole cycle has a thousand teams.
    wanted = Q()
    for cycle_id, cycle_team_ids in _group(pairs).items():
        wanted |= Q(cycle_id=cycle_id, team_id__in=cycle_team_ids)
    per_pair: dict[tuple[int, int], list[tuple[float, str, date | None]]] = defaultdict(list)
    for cycle_id, team_id, score, visibility, last in (
        Objective.objects.filter(wanted)
        .order_by("position", "id")
        .values_list("cycle_id", "team_id", "score", "visibility", "last_check_in")
    ):
        per_pair[cycle_id, team_id].append((score, visibility, last))
    stored = {(s.cycle_id, s.team_id): s for s in TeamScore.objects.filter(wanted)}
    emptied: list[int] = []
    created: list[dict[str, Any]] = []
    changed: list[tuple[Any, ...]] = []
    for pair in pairs:
        objectives = per_pair.get(pair)
        row = stored.get(pair)
        if not objectives:
            emptied += [row.pk] if row else []
            continue
        values = _team_figures(objectives)
        if row is None:
            created.append({"cycle_id": pair[0], "team_id": pair[1], **values})
        elif any(getattr(row, name) != value for name, value in values.items()):
            changed.append((row.pk, *(values[name] for name in TEAM_FIGURE_FIELDS)))
    if emptied:
        TeamScore.objects.filter(pk__in=emptied).delete()
    bulk.insert_rows(TeamScore, created)
    _save(TeamScore, TEAM_FIGURE_FIELDS, changed)


def _team_figures(objectives: Sequence[tuple[float, str, date | None]]) -> dict[str, Any]:
    """A team's figures by name (`TEAM_FIGURE_FIELDS`)."""
    public = [score for score, visibility, _ in objectives if visibility == "public"]
    days = [last for _, _, last in objectives if last is not None]
    return {
        "score": mean([score for score, _, _ in objectives]),
        "objectives": len(objectives),
        "public_score": mean(public) if public else None,
        "public_objectives": len(public),
        "last_check_in": max(days) if days else None,
    }


# -- the coach's findings -----------------------------------------------------------------


@transaction.atomic(savepoint=False)
def refresh_findings(
    cycle_id: int,
    *,
    objective_ids: Collection[int] = (),
    team_ids: Collection[int] = (),
    initiative_ids: Collection[int] = (),
) -> None:
    """Re-run the stored rules of the coach over some objectives (with their key results),
    teams and initiatives of one cycle, and replace what is stored about them."""
    cycle = Cycle.objects.get(pk=cycle_id)
    if objective_ids:
        plan = snapshots.load_plan(cycle, objective_ids=objective_ids, check_ins=False)
        plan.initiatives = snapshots.initiatives_serving(plan)
        aligned_to = set(
            Objective.objects.filter(
                cycle=cycle, aligned_objective_id__in=objective_ids
            ).values_list("aligned_objective__key", flat=True)
        )
        codes = [*_RULES_BY_KIND["objective"], *_RULES_BY_KIND["key_result"]]
        found = coach.lint(plan, select=codes, aligned_to=aligned_to)
        # Two statements without a join: one condition on two tables reads every finding.
        their_krs = KeyResult.objects.filter(objective_id__in=objective_ids).values("pk")
        Finding.objects.filter(objective_id__in=objective_ids).delete()
        Finding.objects.filter(key_result_id__in=their_krs).delete()
        _store(cycle, found)
    if team_ids:
        plan = snapshots.team_plan(cycle, team_ids)
        keys = {t.key for t in plan.teams}
        found = [f for f in coach.lint(plan, select=_RULES_BY_KIND["team"]) if f.target_key in keys]
        Finding.objects.filter(cycle=cycle, target_kind="team", team_id__in=team_ids).delete()
        _store(cycle, found)
    if initiative_ids:
        plan = domain.Plan(
            snapshots.cycle_snapshot(cycle),
            initiatives=snapshots.load_initiatives(cycle, initiative_ids=initiative_ids),
        )
        found = coach.lint(plan, select=_RULES_BY_KIND["initiative"])
        Finding.objects.filter(initiative_id__in=initiative_ids).delete()
        _store(cycle, found)


def _store(cycle: Cycle, found: Sequence[coach.Finding]) -> None:
    """Insert findings, linked to their targets' rows (and so to their visibility)."""
    if not found:
        return
    keys: dict[str, set[str]] = defaultdict(set)
    for finding in found:
        keys[finding.target_kind].add(finding.target_key)
    teams = dict(Team.objects.filter(key__in=keys["team"]).values_list("key", "pk"))
    objectives = {
        key: (pk, team)
        for key, pk, team in Objective.objects.filter(
            cycle=cycle, key__in=keys["objective"]
        ).values_list("key", "pk", "team_id")
    }
    key_results = {
        key: (pk, objective, team)
        for key, pk, objective, team in KeyResult.objects.filter(
            objective__cycle=cycle, key__in=keys["key_result"]
        ).values_list("key", "pk", "objective_id", "objective__team_id")
    }
    initiatives = {
        key: (pk, team)
        for key, pk, team in Initiative.objects.filter(
            cycle=cycle, key__in=keys["initiative"]
        ).values_list("key", "pk", "team_id")
    }
    rows: list[dict[str, Any]] = []
    for position, f in enumerate(found):
        links: dict[str, Any] = {}
        if f.target_kind == "team":
            links = {"team_id": teams[f.target_key]}
        elif f.target_kind == "objective":
            pk, team = objectives[f.target_key]
            links = {"objective_id": pk, "team_id": team}
        elif f.target_kind == "key_result":
            pk, objective, team = key_results[f.target_key]
            links = {"key_result_id": pk, "objective_id": objective, "team_id": team}
        else:
            pk, team = initiatives[f.target_key]
            links = {"initiative_id": pk, "team_id": team}
        rows.append(
            {
                "cycle_id": cycle.pk,
                "code": f.code,
                "severity": f.severity,
                "target_kind": f.target_kind,
                "target_key": f.target_key,
                "message": f.message,
                "position": position,
                **links,
            }
        )
    bulk.insert_rows(Finding, rows)


# -- whole cycles ---------------------------------------------------------------------------


@transaction.atomic(savepoint=False)
def recompute_cycle(cycle: Cycle) -> None:
    """Rebuild every stored figure and finding of a cycle from its rows, by `core`."""
    plan = snapshots.load_plan(cycle)
    ids = snapshots.ids_of(cycle)
    impacts = impacts_by_key_result(plan.initiatives)
    kr_rows = []
    for objective in plan.objectives:
        for kr in objective.key_results:
            figures = key_result_figures(kr, plan.cycle, impacts.get(kr.key, []))
            kr_rows.append((ids.key_results[kr.key], *astuple(figures)))
    _save(KeyResult, FIGURE_FIELDS, kr_rows)
    objective_ids = list(ids.objectives.values())
    Objective.objects.filter(cycle=cycle).update(score=0.0, last_check_in=None)
    # Bottom-up: objectives without key results read the stored scores of those below.
    for batch in _chunks(objective_ids, 2000):
        _refresh_objective_scores(batch)
    TeamScore.objects.filter(cycle=cycle).delete()
    team_ids = set(Objective.objects.filter(cycle=cycle).values_list("team_id", flat=True))
    _refresh_team_scores({(cycle.pk, team) for team in team_ids})
    Finding.objects.filter(cycle=cycle).delete()
    found = coach.lint(plan, select=STORED_RULES)
    _store(cycle, found)


def _save(model: type[Any], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write some fields of rows given as (pk, *values in the order of `fields`): one
    UPDATE a row for a few (what a single write touches), in bulk for many."""
    if len(rows) > 3:
        bulk.update_rows(model, fields, rows)
        return
    for pk, *values in rows:
        model.objects.filter(pk=pk).update(**dict(zip(fields, values, strict=True)))


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    return (items[i : i + size] for i in range(0, len(items), size))


def _group(pairs: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for first, second in pairs:
        found[first].add(second)
    return found
