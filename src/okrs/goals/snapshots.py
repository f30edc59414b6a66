"""Load stored rows into plain `core.domain` snapshots, in a fixed number of queries.

What needs a cycle as plain data reads it here: the export, `okrs lint --cycle`, the
upkeep of stored figures (`figures`), which loads only the objectives, teams or
initiatives a write touched, and the teams and initiatives beside the objectives a page
shows (`selectors.scored_plan`). Rows are read with `values_list` (no model instances):
a whole cycle of the 10,000-person company is ~150,000 check-ins. Nothing is cached:
every process reads what is stored now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from okrs.core import domain
from okrs.core.cycles import current_cycle
from okrs.core.errors import NotFound
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.people.models import Team, User
from okrs.people.permissions import sees, visible_team_keys


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
    objective_ids: Collection[int] | None = None,
    check_ins: bool = True,
) -> domain.Plan:
    """The cycle's teams, the objectives the actor may see, their key results, check-ins
    and initiatives.

    `as_of` leaves out check-ins dated later, `check_ins=False` all of them;
    `team_keys` narrows objectives to those teams, and initiatives to theirs and those
    serving their key results (alignment targets outside them are kept as keys);
    `objective_ids` loads only those objectives (and no initiatives).
    """
    objectives = Objective.objects.filter(cycle=cycle)
    if objective_ids is not None:
        objectives = objectives.filter(pk__in=objective_ids)
    plan = domain.Plan(
        cycle=cycle_snapshot(cycle),
        teams=_teams(Q(pk__in=objectives.values("team_id")) if objective_ids is not None else Q()),
        objectives=_objectives(objectives, as_of, check_ins),
        initiatives=_initiatives(Q(cycle=cycle)) if objective_ids is None else [],
    )
    return _visible_part(plan, actor, team_keys)


def initiatives_serving(plan: domain.Plan) -> list[domain.Initiative]:
    """The initiatives linked to the plan's key results, with those links only."""
    keys = {kr.key for kr in plan.key_results()}
    linked = InitiativeLink.objects.filter(key_result__key__in=keys).values("initiative_id")
    return [
        replace(i, links=[link for link in i.links if link.key_result in keys])
        for i in _initiatives(Q(pk__in=linked))
    ]


def load_initiatives(cycle: Cycle, *, initiative_ids: Collection[int]) -> list[domain.Initiative]:
    return _initiatives(Q(cycle=cycle, pk__in=initiative_ids))


def team_plan(cycle: Cycle, team_ids: Collection[int]) -> domain.Plan:
    """Some teams with what the team rules of the coach count: their objectives (as keys
    only) and their initiatives."""
    objectives = Objective.objects.filter(cycle=cycle, team_id__in=team_ids).order_by(
        "position", "id"
    )
    return domain.Plan(
        cycle=cycle_snapshot(cycle),
        teams=_teams(Q(pk__in=team_ids)),
        objectives=[
            domain.Objective(key=key, team=team, title="")
            for key, team in objectives.values_list("key", "team__key")
        ],
        initiatives=_initiatives(Q(cycle=cycle, team_id__in=team_ids)),
    )


@dataclass(frozen=True)
class Ids:
    """Database ids by key of a cycle's objectives and key results."""

    objectives: dict[str, int]
    key_results: dict[str, int]


def ids_of(cycle: Cycle) -> Ids:
    return Ids(
        objectives=dict(Objective.objects.filter(cycle=cycle).values_list("key", "pk")),
        key_results=dict(KeyResult.objects.filter(objective__cycle=cycle).values_list("key", "pk")),
    )


def _visible_part(plan: domain.Plan, actor: User | None, team_keys: set[str] | None) -> domain.Plan:
    """What of a cycle the actor may see, narrowed to some teams.

    An objective aligned to one the actor may not see shows no alignment: the key would
    name a team-only objective to outsiders.
    """
    mine = visible_team_keys(actor)
    if mine is None and team_keys is None:
        return plan
    parents = _alignment_parents(plan) if mine is not None else {}
    objectives = [
        replace(o, aligned_to=None)
        if o.aligned_to and o.aligned_to in parents and not sees(mine, parents[o.aligned_to])
        else o
        for o in plan.objectives
        if (team_keys is None or o.team in team_keys) and sees(mine, o)
    ]
    return domain.Plan(
        plan.cycle, plan.teams, objectives, _shown_beside(plan.initiatives, objectives, team_keys)
    )


def every_team() -> list[domain.Team]:
    return _teams(Q())


def initiatives_beside(
    cycle: Cycle, objectives: Sequence[domain.Objective], team_keys: Collection[str] | None
) -> list[domain.Initiative]:
    """The initiatives shown beside some objectives of a cycle (all when `team_keys` is
    None, else those of the teams asked for): `_shown_beside` on what may concern them."""
    where = Q(cycle=cycle)
    if team_keys is not None:
        linked = InitiativeLink.objects.filter(
            key_result__objective__cycle=cycle, key_result__objective__team__key__in=team_keys
        )
        where &= Q(team__key__in=team_keys) | Q(pk__in=linked.values("initiative_id"))
    return _shown_beside(_initiatives(where), objectives, team_keys)


def _shown_beside(
    initiatives: Sequence[domain.Initiative],
    objectives: Sequence[domain.Objective],
    team_keys: Collection[str] | None,
) -> list[domain.Initiative]:
    """The initiatives of the teams asked for or serving the key results shown, with the
    links to those key results; one that serves only key results not shown is not shown."""
    shown_krs = {kr.key for o in objectives for kr in o.key_results}
    shown = []
    for initiative in initiatives:
        links = [link for link in initiative.links if link.key_result in shown_krs]
        if team_keys is not None and initiative.team not in team_keys and not links:
            continue
        if len(links) == len(initiative.links):
            shown.append(initiative)
        elif links:
            shown.append(replace(initiative, links=links))
    return shown


def _alignment_parents(plan: domain.Plan) -> dict[str, domain.Objective]:
    """The objectives the plan's objectives align to, or whose key results they align to,
    with their team, visibility and contributors, in one query."""
    targets = {o.aligned_to for o in plan.objectives if o.aligned_to}
    if not targets:
        return {}
    rows = (
        Objective.objects.filter(Q(key__in=targets) | Q(key_results__key__in=targets))
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


def _objectives(
    objectives: QuerySet[Objective], as_of: date | None, with_check_ins: bool
) -> list[domain.Objective]:
    """The objectives of a queryset with their key results (and check-ins up to `as_of`)."""
    objective_rows = list(
        objectives.order_by("position", "id").values_list(
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
    contributors = contributors_of(objective_ids)
    key_results = _key_results(objective_ids, as_of, with_check_ins)
    return [
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


def _teams(where: Q) -> list[domain.Team]:
    """The teams matching `where`, parents as keys."""
    return [
        domain.Team(key=key, name=name, kind=kind, parent=parent)
        for key, name, kind, parent in Team.objects.filter(where)
        .order_by("id")
        .values_list("key", "name", "kind", "parent__key")
    ]


# What a key result's row holds beside its figures, in the order readers unpack it.
KEY_RESULT_COLUMNS = (
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


def contributors_of(objective_ids: list[int]) -> dict[int, list[str]]:
    """The keys of the contributing teams of these objectives, by objective id."""
    through = Objective.contributors.through
    result: dict[int, list[str]] = defaultdict(list)
    for objective_id, team_key in (
        through.objects.filter(objective_id__in=objective_ids)
        .order_by("team__key")
        .values_list("objective_id", "team__key")
    ):
        result[objective_id].append(team_key)
    return result


def _key_results(
    objective_ids: list[int], as_of: date | None, with_check_ins: bool
) -> dict[int, list[domain.KeyResult]]:
    rows = (
        KeyResult.objects.filter(objective_id__in=objective_ids)
        .order_by("position", "id")
        .values_list(*KEY_RESULT_COLUMNS)
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
    if not with_check_ins or not by_id:
        return result
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


def _initiatives(where: Q) -> list[domain.Initiative]:
    rows = (
        Initiative.objects.filter(where)
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
    links = InitiativeLink.objects.filter(initiative_id__in=list(initiatives))
    for initiative_id, kr_key, impact in links.order_by("position", "id").values_list(
        "initiative_id", "key_result__key", "impact"
    ):
        initiatives[initiative_id].links.append(domain.ImpactLink(key_result=kr_key, impact=impact))
    return list(initiatives.values())
