"""Load a cycle from the database into a plain `core.domain.Plan`, in a fixed number of queries.

Every read surface (CLI, API, web) goes through here, so the visibility rule and the
query budget hold everywhere. Rows are read with `values_list` (no model instances):
a whole cycle of the 10,000-person company is ~150,000 check-ins.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from okrs.core import domain
from okrs.goals.models import CheckIn, Cycle, Initiative, InitiativeLink, KeyResult, Objective
from okrs.people.models import Team, User
from okrs.people.permissions import visible_objectives_q


class NotFound(LookupError):
    """A key that does not exist (or that the actor may not see)."""


def get_cycle(key: str) -> Cycle:
    try:
        return Cycle.objects.get(key=key)
    except Cycle.DoesNotExist:
        known = ", ".join(Cycle.objects.values_list("key", flat=True)[:10]) or "none yet"
        raise NotFound(f"unknown cycle '{key}' (known: {known})") from None


def cycle_snapshot(cycle: Cycle) -> domain.Cycle:
    return domain.Cycle(name=cycle.key, start=cycle.start, end=cycle.end, state=cycle.state)


def load_plan(
    cycle: Cycle,
    *,
    actor: User | None = None,
    as_of: date | None = None,
    team_keys: set[str] | None = None,
) -> domain.Plan:
    """The cycle's teams, visible objectives, key results, check-ins and initiatives.

    `as_of` leaves out check-ins dated later; `team_keys` narrows objectives and
    initiatives to those teams (alignment targets outside them are kept as keys).
    """
    objectives_qs = Objective.objects.filter(cycle=cycle).filter(visible_objectives_q(actor))
    if team_keys is not None:
        objectives_qs = objectives_qs.filter(team__key__in=team_keys)
    objective_rows = list(
        objectives_qs.distinct()
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
    visible_krs = {kr.key for o in objectives for kr in o.key_results}
    return domain.Plan(
        cycle=cycle_snapshot(cycle),
        teams=_teams(),
        objectives=objectives,
        initiatives=_initiatives(cycle, visible_krs, team_keys),
    )


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


def _initiatives(
    cycle: Cycle, visible_krs: set[str], team_keys: set[str] | None
) -> list[domain.Initiative]:
    initiatives_qs = Initiative.objects.filter(cycle=cycle)
    if team_keys is not None:
        initiatives_qs = initiatives_qs.filter(team__key__in=team_keys)
    rows = initiatives_qs.order_by("position", "id").values_list(
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
    initiatives: dict[int, domain.Initiative] = {}
    linked: set[int] = set()
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
    links = InitiativeLink.objects.filter(
        initiative__cycle=cycle, initiative_id__in=initiatives.keys()
    )
    for initiative_id, kr_key, impact in links.order_by("position", "id").values_list(
        "initiative_id", "key_result__key", "impact"
    ):
        linked.add(initiative_id)
        # A link to a key result the actor cannot see is not shown to them either.
        if kr_key in visible_krs:
            initiatives[initiative_id].links.append(
                domain.ImpactLink(key_result=kr_key, impact=impact)
            )
    # An initiative that serves only hidden key results is hidden with them.
    return [i for pk, i in initiatives.items() if i.links or pk not in linked]
