"""Load a cycle from the database into a plain `core.domain.Plan`, in a fixed number of queries.

Every read surface (CLI, API, web) goes through here, so the visibility rule and the
query budget hold everywhere. Rows are read with `values_list` (no model instances):
a whole cycle of the 10,000-person company is ~150,000 check-ins. The whole cycle is
kept in a small in-process cache keyed by `Cycle.revision`, which every write renews
(see `signals`), so pages and API calls of a busy cycle cost a few queries.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import connection, models
from django.utils import timezone

from okrs.core import domain
from okrs.core.coach import Finding, lint
from okrs.core.cycles import current_cycle
from okrs.core.scoring import CycleScore, KeyResultScore, assemble_scores, score_key_results
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.people.models import Team, User
from okrs.people.permissions import sees, visible_team_keys


class NotFound(LookupError):
    """A key that does not exist (or that the actor may not see)."""


def get_cycle(key: str) -> Cycle:
    try:
        return Cycle.objects.get(key=key)
    except Cycle.DoesNotExist:
        known = ", ".join(Cycle.objects.values_list("key", flat=True)[:10]) or "none yet"
        raise NotFound(f"unknown cycle '{key}' (known: {known})") from None


def default_cycle() -> Cycle | None:
    """The cycle shown when none is named (`core.cycles.current_cycle` as of today)."""
    return current_cycle(list(Cycle.objects.order_by("-start", "-id")), timezone.localdate())


def cycle_snapshot(cycle: Cycle) -> domain.Cycle:
    return domain.Cycle(name=cycle.key, start=cycle.start, end=cycle.end, state=cycle.state)


def load_plan(
    cycle: Cycle,
    *,
    actor: User | None = None,
    as_of: date | None = None,
    team_keys: set[str] | None = None,
) -> domain.Plan:
    """The cycle's teams, the objectives the actor may see, their key results, check-ins
    and initiatives.

    `as_of` leaves out check-ins dated later; `team_keys` narrows objectives to those
    teams, and initiatives to theirs and those serving their key results (alignment
    targets outside them are kept as keys).
    The result shares its parts with a cache: read it, never change it.
    """
    return _visible_part(_snapshot(cycle, as_of), actor, team_keys)


def load_scored(
    cycle: Cycle,
    *,
    actor: User | None = None,
    as_of: date,
    team_keys: set[str] | None = None,
) -> tuple[domain.Plan, CycleScore]:
    """`load_plan` with its scores; key results are scored once per cycle revision and day."""
    snapshot = _snapshot(cycle, as_of)
    plan = _visible_part(snapshot, actor, team_keys)
    if plan is snapshot.plan:
        return plan, snapshot.scores(as_of)
    return plan, assemble_scores(plan, snapshot.key_result_scores(as_of), as_of)


def load_findings(
    cycle: Cycle,
    plan: domain.Plan,
    *,
    as_of: date,
    history: Sequence[domain.PastObjective] = (),
    select: Sequence[str] = (),
) -> list[Finding]:
    """The coach's findings on `plan`, a part of the cycle from `load_scored`.

    Kept with the cycle's snapshot for each part that people see, so a busy page does
    not coach thousands of objectives on every request.
    """
    key = (
        frozenset(o.key for o in plan.objectives),
        frozenset(i.key for i in plan.initiatives),
        tuple(select),
        tuple(history),
    )
    memo = _snapshot(cycle, as_of).findings
    with _CACHE_LOCK:
        found = memo.get(key)
    if found is None:
        found = lint(plan, as_of=as_of, history=history, select=select)
        with _CACHE_LOCK:
            memo[key] = found
            while len(memo) > _FINDINGS_PER_SNAPSHOT:
                memo.popitem(last=False)
    return found


@dataclass
class _Snapshot:
    """A whole cycle as stored (every objective, whatever its visibility), its figures and
    the coach's findings on the parts of it that people see."""

    plan: domain.Plan
    _kr_scores: dict[str, list[KeyResultScore]] | None = None
    _scores: CycleScore | None = None
    _parents: dict[str, domain.Objective] | None = None
    findings: OrderedDict[tuple[object, ...], list[Finding]] = field(default_factory=OrderedDict)

    @property
    def parents(self) -> dict[str, domain.Objective]:
        """Alignment target key -> the objective that is or holds it (maybe of another
        cycle); read on the first request of someone who does not see everything."""
        if self._parents is None:
            self._parents = _alignment_parents(self.plan)
        return self._parents

    def key_result_scores(self, as_of: date) -> dict[str, list[KeyResultScore]]:
        if self._kr_scores is None:
            self._kr_scores = score_key_results(self.plan, as_of)
        return self._kr_scores

    def scores(self, as_of: date) -> CycleScore:
        """The whole cycle's scores (what admins see)."""
        if self._scores is None:
            self._scores = assemble_scores(self.plan, self.key_result_scores(as_of), as_of)
        return self._scores


_CACHE: OrderedDict[tuple[object, ...], _Snapshot] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()
_FINDINGS_PER_SNAPSHOT = 64


def _snapshot(cycle: Cycle, as_of: date | None) -> _Snapshot:
    """The cycle as of a day, from the cache when nothing changed since it was loaded."""
    # Read fresh: the caller's Cycle may predate a write made since, in this very request.
    stored = Cycle.objects.filter(pk=cycle.pk).values_list("revision", "state", "start", "end")
    key = (connection.settings_dict["NAME"], cycle.pk, *stored.get(), as_of)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    snapshot = _Snapshot(_read_plan_quickly(cycle, as_of))
    with _CACHE_LOCK:
        _CACHE[key] = snapshot
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return snapshot


def _read_plan_quickly(cycle: Cycle, as_of: date | None) -> domain.Plan:
    """`_read_plan` with the garbage collector kept out of the way.

    A large cycle is a million small objects without reference cycles: collecting while
    they are made, and walking them on every later collection, costs more than all else.
    Frozen objects are still freed by reference counting once evicted from the cache.
    """
    gc.disable()
    try:
        return _read_plan(cycle, as_of)
    finally:
        gc.enable()
        gc.freeze()


def _visible_part(
    snapshot: _Snapshot, actor: User | None, team_keys: set[str] | None
) -> domain.Plan:
    """What of a whole cycle the actor may see, narrowed to some teams.

    An objective aligned to one the actor may not see shows no alignment: the key would
    name a team-only objective to outsiders.
    """
    plan = snapshot.plan
    mine = visible_team_keys(actor)
    if mine is None and team_keys is None:
        return plan
    parents = snapshot.parents if mine is not None else {}
    objectives = [
        replace(o, aligned_to=None)
        if o.aligned_to and o.aligned_to in parents and not sees(mine, parents[o.aligned_to])
        else o
        for o in plan.objectives
        if (team_keys is None or o.team in team_keys) and sees(mine, o)
    ]
    shown_krs = {kr.key for o in objectives for kr in o.key_results}
    initiatives = []
    for initiative in plan.initiatives:
        links = [link for link in initiative.links if link.key_result in shown_krs]
        if team_keys is not None and initiative.team not in team_keys and not links:
            continue
        # An initiative that serves only key results not shown is not shown either.
        if len(links) == len(initiative.links):
            initiatives.append(initiative)
        elif links:
            initiatives.append(replace(initiative, links=links))
    return domain.Plan(plan.cycle, plan.teams, objectives, initiatives)


def _read_plan(cycle: Cycle, as_of: date | None) -> domain.Plan:
    """Every objective of the cycle with its key results, check-ins up to `as_of` and
    initiatives, in a fixed number of queries."""
    objective_rows = list(
        Objective.objects.filter(cycle=cycle)
        .order_by("position", "id")
        .values_list(
            "id",
            "key",
            "team__key",
            "title",
            "kind",
            "owner__email",
            "description",
            "visibility",
            "aligned_objective__key",
            "aligned_key_result__key",
            "coach_ignore",
        )
    )
    objective_ids = [row[0] for row in objective_rows]
    contributors = _contributors(objective_ids)
    key_results = _key_results(objective_ids, as_of)
    objectives = [
        domain.Objective(
            key=key,
            team=team,
            title=title,
            kind=kind,
            owner=owner,
            description=description,
            visibility=visibility,
            aligned_to=aligned_objective or aligned_kr,
            contributors=contributors.get(pk, []),
            key_results=key_results.get(pk, []),
            coach_ignore=list(ignore or []),
        )
        for (
            pk,
            key,
            team,
            title,
            kind,
            owner,
            description,
            visibility,
            aligned_objective,
            aligned_kr,
            ignore,
        ) in objective_rows
    ]
    return domain.Plan(
        cycle=cycle_snapshot(cycle),
        teams=_teams(),
        objectives=objectives,
        initiatives=_initiatives(cycle),
    )


def _alignment_parents(plan: domain.Plan) -> dict[str, domain.Objective]:
    """The objectives the plan's objectives align to, or whose key results they align to,
    with their team, visibility and contributors, in one query."""
    targets = {o.aligned_to for o in plan.objectives if o.aligned_to}
    if not targets:
        return {}
    rows = (
        Objective.objects.filter(models.Q(key__in=targets) | models.Q(key_results__key__in=targets))
        .values_list("key", "team__key", "visibility", "key_results__key", "contributors__key")
        .distinct()
    )
    found: dict[str, domain.Objective] = {}
    for key, team, visibility, kr_key, contributor in rows:
        parent = found.get(key) or domain.Objective(
            key=key, team=team, title="", visibility=visibility
        )
        if contributor and contributor not in parent.contributors:
            parent.contributors.append(contributor)
        for target in {key, kr_key} & targets:
            found[target] = parent
    return found


def _teams() -> list[domain.Team]:
    return [
        domain.Team(key=key, name=name, kind=kind, parent=parent)
        for key, name, kind, parent in Team.objects.order_by("id").values_list(
            "key", "name", "kind", "parent__key"
        )
    ]


def _contributors(objective_ids: list[int]) -> dict[int, list[str]]:
    through = Objective.contributors.through
    result: dict[int, list[str]] = defaultdict(list)
    for objective_id, team_key in (
        through.objects.filter(objective_id__in=objective_ids)
        .order_by("team__key")
        .values_list("objective_id", "team__key")
    ):
        result[objective_id].append(team_key)
    return result


def _key_results(objective_ids: list[int], as_of: date | None) -> dict[int, list[domain.KeyResult]]:
    rows = (
        KeyResult.objects.filter(objective_id__in=objective_ids)
        .order_by("position", "id")
        .values_list(
            "id",
            "objective_id",
            "key",
            "title",
            "type",
            "unit",
            "baseline",
            "target",
            "direction",
            "weight",
            "owner__email",
            "coach_ignore",
        )
    )
    by_id: dict[int, domain.KeyResult] = {}
    result: dict[int, list[domain.KeyResult]] = defaultdict(list)
    for (
        pk,
        objective_id,
        key,
        title,
        type_,
        unit,
        baseline,
        target,
        direction,
        weight,
        owner,
        ignore,
    ) in rows:
        kr = domain.KeyResult(
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
        by_id[pk] = kr
        result[objective_id].append(kr)
    check_ins = CheckIn.objects.filter(key_result__objective_id__in=objective_ids)
    if as_of is not None:
        check_ins = check_ins.filter(date__lte=as_of)
    for kr_id, day, value, confidence, note, blockers, author in check_ins.order_by(
        "key_result_id", "date"
    ).values_list(
        "key_result_id", "date", "value", "confidence", "note", "blockers", "author__email"
    ):
        by_id[kr_id].check_ins.append(
            domain.CheckIn(
                date=day,
                value=value,
                confidence=confidence,
                note=note,
                blockers=blockers,
                author=author,
            )
        )
    return result


def _initiatives(cycle: Cycle) -> list[domain.Initiative]:
    rows = (
        Initiative.objects.filter(cycle=cycle)
        .order_by("position", "id")
        .values_list(
            "id",
            "key",
            "title",
            "team__key",
            "status",
            "effort",
            "bucket",
            "url",
            "external_key",
            "start",
            "end",
        )
    )
    initiatives: dict[int, domain.Initiative] = {}
    for pk, key, title, team, status, effort, bucket, url, external_key, start, end in rows:
        initiatives[pk] = domain.Initiative(
            key=key,
            title=title,
            team=team,
            status=status,
            effort=effort,
            bucket=bucket or None,
            url=url,
            external_key=external_key,
            start=start,
            end=end,
        )
    links = InitiativeLink.objects.filter(initiative__cycle=cycle)
    for initiative_id, kr_key, impact in links.order_by("position", "id").values_list(
        "initiative_id", "key_result__key", "impact"
    ):
        initiatives[initiative_id].links.append(domain.ImpactLink(key_result=kr_key, impact=impact))
    return list(initiatives.values())
