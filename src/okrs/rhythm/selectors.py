"""What each person owes: the key results whose check-in is due, by their cadence.

A key result is owed by its owner, else by its objective's owner, else by the members
of its objective's team who may check in (not viewers). Only active cycles that hold
today count. The rule of when a check-in is due is `okrs.core.cadence`; this module
reads the rows it needs in a fixed number of queries, whatever the number of key
results: the key results, the cadences set on them, and the check-ins shown beside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from okrs.core import cadence as rules
from okrs.goals.models import CheckIn, KeyResult, Objective
from okrs.people.models import Membership, Role, User
from okrs.people.permissions import team_ids, visible_objectives_q
from okrs.rhythm.models import CadenceSetting


@dataclass(frozen=True)
class Owed:
    """A key result whose check-in is due, with the latest check-in before it."""

    key_result: KeyResult
    cadence: rules.Cadence
    period: rules.Period
    last: CheckIn | None

    def overdue_days(self, today: date) -> int:
        return (today - self.period.due).days


def owed_by(user: User, today: date) -> list[Owed]:
    """The key results `user` owes a check-in on today, the longest overdue first."""
    if user.role == Role.VIEWER or not user.is_active:
        return []
    responsible = (
        Q(owner=user)
        | Q(owner__isnull=True, objective__owner=user)
        | Q(owner__isnull=True, objective__owner__isnull=True, objective__team__in=team_ids(user))
    )
    candidates = running_key_results(today).filter(
        responsible, visible_objectives_q(user, "objective__")
    )
    return owed(candidates, today)


def running_key_results(today: date) -> QuerySet[KeyResult]:
    """Key results of the active cycles that hold `today`, with what `owed` reads."""
    return KeyResult.objects.filter(
        objective__cycle__state="active",
        objective__cycle__start__lte=today,
        objective__cycle__end__gte=today,
    ).select_related("objective__cycle", "objective__team")


def owed(key_results: Iterable[KeyResult], today: date) -> list[Owed]:
    """Those of `key_results` owed a check-in today, the longest overdue first."""
    due = []
    for kr, cadence in cadence_of(key_results):
        cycle = kr.objective.cycle
        period = rules.owed(cadence, kr.last_check_in, today, cycle.start, cycle.end)
        if period is not None:
            due.append((kr, cadence, period))
    last = _last_check_ins([kr for kr, _, _ in due])
    rows = [Owed(kr, cadence, period, last.get(kr.pk)) for kr, cadence, period in due]
    return sorted(rows, key=_overdue_first)


def cadence_of(key_results: Iterable[KeyResult]) -> list[tuple[KeyResult, rules.Cadence]]:
    """Each key result with its cadence: set on it, else on its team, else on its cycle."""
    key_results = list(key_results)
    cadences = _cadences(key_results)
    return [
        (
            kr,
            rules.resolve(
                cadences.get(("key_result", kr.pk)),
                cadences.get(("team", kr.objective.team_id)),
                cadences.get(("cycle", kr.objective.cycle_id)),
            ),
        )
        for kr in key_results
    ]


def missed(today: date, days_late: int) -> list[tuple[KeyResult, rules.Period]]:
    """The running key results whose check-in fell due `days_late` days before `today` and
    has not come since (a check-in dated in the period or later stops the ladder)."""
    day = today - timedelta(days=days_late)
    found = []
    for kr, cadence in cadence_of(
        running_key_results(today)
        .filter(objective__cycle__start__lte=day)
        .select_related("owner", "objective__team__parent")
    ):
        period = rules.period(cadence, day, kr.objective.cycle.start)
        if period.due == day and (kr.last_check_in is None or kr.last_check_in < period.start):
            found.append((kr, period))
    return found


def _cadences(key_results: list[KeyResult]) -> dict[tuple[str, int], str]:
    """The cadences set on these key results, their teams and their cycles, in one query."""
    if not key_results:
        return {}
    settings = CadenceSetting.objects.filter(
        Q(key_result__in=[kr.pk for kr in key_results])
        | Q(team__in={kr.objective.team_id for kr in key_results})
        | Q(cycle__in={kr.objective.cycle_id for kr in key_results})
    )
    found: dict[tuple[str, int], str] = {}
    for setting in settings:
        for kind in ("key_result", "team", "cycle"):
            if (pk := getattr(setting, f"{kind}_id")) is not None:
                found[(kind, pk)] = setting.cadence
    return found


def _last_check_ins(key_results: list[KeyResult]) -> dict[int, CheckIn]:
    """Each key result's latest check-in, in one query."""
    if not key_results:
        return {}
    latest = CheckIn.objects.filter(
        key_result__in=[kr.pk for kr in key_results], date=F("key_result__last_check_in")
    )
    return {check_in.key_result_id: check_in for check_in in latest}


def _overdue_first(row: Owed) -> tuple[date, int, int, int]:
    kr = row.key_result
    return (row.period.due, kr.objective_id, kr.position, kr.pk)


def owed_by_everyone(today: date) -> dict[int, list[Owed]]:
    """What each person owes today, by user id: the same rule as `owed_by`, for all at once.

    Reads the running key results, the memberships of their teams and the contributors of
    team-only objectives once, whatever the number of people.
    """
    rows = owed(running_key_results(today), today)
    teams = {row.key_result.objective.team_id for row in rows}
    members: dict[int, set[int]] = {}
    for team_id, user_id in (
        Membership.objects.filter(team__in=teams, user__is_active=True)
        .exclude(user__role=Role.VIEWER)
        .values_list("team_id", "user_id")
    ):
        members.setdefault(team_id, set()).add(user_id)
    hidden = {
        r.key_result.objective_id for r in rows if r.key_result.objective.visibility != "public"
    }
    contributors: dict[int, set[int]] = {}
    for objective_id, team_id in Objective.contributors.through.objects.filter(
        objective_id__in=hidden
    ).values_list("objective_id", "team_id"):
        contributors.setdefault(objective_id, set()).add(team_id)
    people = _owners_who_check_in(
        {o for r in rows if (o := r.key_result.owner_id or r.key_result.objective.owner_id)}
    )
    by_person: dict[int, list[Owed]] = {}
    for row in rows:
        kr, objective = row.key_result, row.key_result.objective
        owner = kr.owner_id or objective.owner_id
        if owner is None:
            responsible = members.get(objective.team_id, set())
        elif owner in people and (
            objective.pk not in hidden
            or people[owner] & ({objective.team_id} | contributors.get(objective.pk, set()))
        ):
            responsible = {owner}
        else:
            responsible = set()
        for user_id in responsible:
            by_person.setdefault(user_id, []).append(row)
    return by_person


def _owners_who_check_in(ids: set[int]) -> dict[int, set[int]]:
    """Active owners who are not viewers, with their teams (for team-only objectives)."""
    owners: dict[int, set[int]] = {
        pk: set()
        for pk in User.objects.filter(pk__in=ids, is_active=True)
        .exclude(role=Role.VIEWER)
        .values_list("pk", flat=True)
    }
    for user_id, team_id in Membership.objects.filter(user__in=owners).values_list(
        "user_id", "team_id"
    ):
        owners[user_id].add(team_id)
    return owners
