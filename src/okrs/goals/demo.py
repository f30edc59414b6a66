"""A believable demo company for `okrs demo`, built from classic OKR examples.

The company is data, in `demo.yaml` beside this module: its people, teams, KPIs,
objectives with their key results, and initiatives. A key result names the trend its
check-ins follow (`trends:`), and this module turns that into weekly check-ins.

`demo_plan(today)` is pure: the OKRs of the quarter that contains `today`, with weekly
check-ins anchored to the cycle start, so the same day always gives the same plan and
importing it twice changes nothing. Its keys carry the cycle name (`2026-Q4-onb-1`)
because keys are unique across cycles: a demo loaded in a later quarter adds that
quarter instead of rewriting the last one.

`load_demo()` writes the people, their memberships and the teams' KPIs, and imports the
plan through the same service as `okrs import`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any, NamedTuple

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from okrs.core import domain
from okrs.core.choices import Role
from okrs.core.cycles import quarter_dates, quarter_of
from okrs.core.scoring import expected_progress
from okrs.goals.models import KeyResult, Kpi, KpiMeasurement
from okrs.goals.services import ImportReport, import_plan
from okrs.people.models import Membership, Team, User

DEMO_PASSWORD = "okrs-demo"
KPI_WEEKS = 26  # weekly KPI measurements reach back half a year


class DemoPerson(NamedTuple):
    """A demo user: `is_lead` applies to every team listed."""

    email: str
    name: str
    role: str
    teams: tuple[str, ...]
    is_lead: bool


class DemoKpi(NamedTuple):
    """A team's health metric; its weekly values swing around `level` by up to `swing`.

    `moved_by` names the key results (without the cycle prefix) that move it.
    """

    key: str
    team: str
    name: str
    unit: str
    level: float
    swing: float
    healthy_min: float | None = None
    healthy_max: float | None = None
    moved_by: tuple[str, ...] = ()

    def measurements(self, today: date) -> list[tuple[date, float]]:
        """Monday values for the last half year up to `today`; a date always gets the same value."""
        monday = today - timedelta(days=today.weekday())
        days = [monday - timedelta(weeks=weeks) for weeks in range(KPI_WEEKS - 1, -1, -1)]
        phase = sum(map(ord, self.key)) % 7
        return [
            (day, round(self.level + self.swing * math.sin(day.toordinal() / 11 + phase), 3))
            for day in days
        ]


@dataclass(frozen=True)
class _Trend:
    """How a key result's check-ins run.

    A metric's progress is `pace` × the expected progress, minus a `lag` that builds up
    over the first three weeks, plus a small wobble. `weeks` ends the check-ins early
    (the key result goes stale); `confidence` is the owner's belief in the target.
    """

    pace: float = 1.1
    lag: float = 0.0
    confidence: float = 0.8
    weeks: int | None = None


@dataclass(frozen=True)
class _Kr:
    key: str
    title: str
    owner: str
    unit: str
    baseline: float | None
    target: float | None
    type: str = "metric"
    direction: str | None = None
    weight: float = 1.0
    trend: _Trend | None = _Trend()  # None: nobody has checked in yet
    readings: tuple[float, ...] = ()  # threshold: the weekly values, repeated
    done_week: int | None = None  # milestone: the week it is done
    decimals: int = 1
    notes: dict[int, str] = field(default_factory=dict)  # by week
    blockers: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Objective:
    key: str
    team: str
    title: str
    kind: str
    owner: str
    key_results: tuple[_Kr, ...]
    aligned_to: str | None = None
    contributors: tuple[str, ...] = ()
    visibility: str = "public"


class _InitiativeSpec(NamedTuple):
    key: str
    title: str
    team: str
    status: str
    effort: float
    bucket: str
    links: tuple[tuple[str, float | None], ...]  # (key result, impact)
    ticket: str = ""
    weeks: tuple[int, int] | None = None  # (start, end) week of the cycle


# -- the company, read from demo.yaml ----------------------------------------------------


def _read_company() -> dict[str, Any]:
    text = resources.files("okrs.goals").joinpath("demo.yaml").read_text(encoding="utf-8")
    company: dict[str, Any] = yaml.safe_load(text)
    return company


def _key_result(entry: dict[str, Any], trends: dict[str, _Trend]) -> _Kr:
    """A key result as written; `trend: null` means nobody has checked in yet."""
    if "trend" in entry:
        entry = {**entry, "trend": trends[entry["trend"]] if entry["trend"] else None}
    return _Kr(**{**entry, "readings": tuple(entry.get("readings", ()))})


_COMPANY = _read_company()
_TRENDS = {name: _Trend(**fields) for name, fields in _COMPANY["trends"].items()}
DEMO_PEOPLE = [DemoPerson(**{**p, "teams": tuple(p["teams"])}) for p in _COMPANY["people"]]
DEMO_KPIS = [DemoKpi(**{**k, "moved_by": tuple(k.get("moved_by", ()))}) for k in _COMPANY["kpis"]]
_OBJECTIVES = [
    _Objective(
        **{
            **o,
            "contributors": tuple(o.get("contributors", ())),
            "key_results": tuple(_key_result(kr, _TRENDS) for kr in o["key_results"]),
        }
    )
    for o in _COMPANY["objectives"]
]
_INITIATIVES = [
    _InitiativeSpec(
        **{
            **i,
            "links": tuple(i["links"].items()),
            "weeks": tuple(i["weeks"]) if "weeks" in i else None,
        }
    )
    for i in _COMPANY["initiatives"]
]


@dataclass(frozen=True)
class DemoReport:
    """What `load_demo` wrote: demo rows now in place, the OKR import's counts, how to sign in."""

    cycle: str
    people: int
    memberships: int
    kpis: int
    measurements: int
    okrs: ImportReport
    sign_in: list[str]


def demo_plan(today: date) -> domain.Plan:
    """The demo company's OKRs for the quarter that contains `today`, checked in up to `today`."""
    name = quarter_of(today)
    dates = quarter_dates(name)
    assert dates is not None
    cycle = domain.Cycle(name=name, start=dates[0], end=dates[1], state="active")
    salts = itertools.count()
    objectives = [_objective(spec, cycle, today, f"{name}-", salts) for spec in _OBJECTIVES]
    return domain.Plan(
        cycle=cycle,
        teams=[domain.Team(**team) for team in _COMPANY["teams"]],
        objectives=objectives,
        initiatives=[_initiative(spec, cycle, f"{name}-") for spec in _INITIATIVES],
    )


@transaction.atomic
def load_demo(today: date | None = None) -> DemoReport:
    """Write the demo company: people (password `okrs-demo`), memberships, KPIs and OKRs.

    Idempotent: people and KPIs are upserted by email and key, memberships and
    measurements are only added, and the OKRs go through `import_plan`, which upserts by key.
    """
    today = today or timezone.localdate()
    plan = demo_plan(today)
    users = _upsert_people()
    okrs = import_plan(plan, actor=None)
    teams = {team.key: team for team in Team.objects.filter(key__in=[t.key for t in plan.teams])}
    memberships = 0
    for person in DEMO_PEOPLE:
        for team_key in person.teams:
            Membership.objects.get_or_create(
                user=users[person.email], team=teams[team_key], defaults={"is_lead": person.is_lead}
            )
            memberships += 1
    measurements = sum(
        _upsert_kpi(kpi, teams[kpi.team], today, f"{plan.cycle.name}-") for kpi in DEMO_KPIS
    )
    return DemoReport(
        cycle=plan.cycle.name,
        people=len(users),
        memberships=memberships,
        kpis=len(DEMO_KPIS),
        measurements=measurements,
        okrs=okrs,
        sign_in=[
            f"{p.email:<20} password {DEMO_PASSWORD}  ({p.role}, {p.name})" for p in DEMO_PEOPLE
        ],
    )


def _upsert_people() -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    users = {}
    for person in DEMO_PEOPLE:
        is_admin = person.role == Role.ADMIN
        users[person.email], _ = User.objects.update_or_create(
            email=person.email,
            defaults={
                "name": person.name,
                "role": person.role,
                "password": password,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
    return users


def _upsert_kpi(spec: DemoKpi, team: Team, today: date, prefix: str) -> int:
    """Upsert one KPI, add its missing measurements, link the key results it moves.

    Returns the number of its measurements on record.
    """
    kpi, _ = Kpi.objects.update_or_create(
        key=spec.key,
        defaults={
            "team": team,
            "name": spec.name,
            "unit": spec.unit,
            "healthy_min": spec.healthy_min,
            "healthy_max": spec.healthy_max,
        },
    )
    known = set(kpi.measurements.values_list("date", flat=True))
    measurements = spec.measurements(today)
    KpiMeasurement.objects.bulk_create(
        [
            KpiMeasurement(kpi=kpi, date=day, value=value)
            for day, value in measurements
            if day not in known
        ]
    )
    kpi.key_results.set(KeyResult.objects.filter(key__in=[prefix + key for key in spec.moved_by]))
    return len(known | {day for day, _ in measurements})


# -- the plan: objectives, key results and their check-ins, initiatives ------------------


def _objective(
    spec: _Objective, cycle: domain.Cycle, today: date, prefix: str, salts: itertools.count[int]
) -> domain.Objective:
    return domain.Objective(
        key=prefix + spec.key,
        team=spec.team,
        title=spec.title,
        kind=spec.kind,
        owner=spec.owner,
        visibility=spec.visibility,
        aligned_to=prefix + spec.aligned_to if spec.aligned_to else None,
        contributors=list(spec.contributors),
        key_results=[
            domain.KeyResult(
                key=f"{prefix}{spec.key}-{kr.key}",
                title=kr.title,
                type=kr.type,
                unit=kr.unit,
                baseline=kr.baseline,
                target=kr.target,
                direction=kr.direction,
                weight=kr.weight,
                owner=kr.owner,
                check_ins=_check_ins(kr, cycle, today, spec.kind, next(salts)),
            )
            for kr in spec.key_results
        ],
    )


def _check_ins(
    kr: _Kr, cycle: domain.Cycle, today: date, kind: str, salt: int
) -> list[domain.CheckIn]:
    """Weekly check-ins from the first week of the cycle up to `today` (never after)."""
    if kr.trend is None:
        return []
    weeks = itertools.count() if kr.trend.weeks is None else range(kr.trend.weeks)
    check_ins = []
    for week in weeks:
        day = cycle.start + timedelta(days=salt % 5 + 7 * week)
        if day > min(today, cycle.end):
            break
        check_ins.append(
            domain.CheckIn(
                date=day,
                value=_value(kr, kr.trend, cycle, day, week, kind, salt),
                confidence=round(
                    min(0.9, max(0.3, kr.trend.confidence + 0.05 * ((week + salt) % 3 - 1))), 2
                ),
                note=kr.notes.get(week, ""),
                blockers=kr.blockers.get(week, ""),
                author=kr.owner,
            )
        )
    return check_ins


def _value(
    kr: _Kr, trend: _Trend, cycle: domain.Cycle, day: date, week: int, kind: str, salt: int
) -> float:
    if kr.type == "threshold":
        return kr.readings[week % len(kr.readings)]
    if kr.type == "milestone":
        return 1.0 if kr.done_week is not None and week >= kr.done_week else 0.0
    assert kr.baseline is not None and kr.target is not None
    ramp = min(1.0, (day - cycle.start).days / 21)
    wobble = 0.0075 * ((3 * week + salt) % 5 - 2)
    planned = min(1.0, trend.pace * expected_progress(cycle, day, kind))  # no overshoot
    progress = planned - trend.lag * ramp + wobble
    return round(kr.baseline + (kr.target - kr.baseline) * progress, kr.decimals)


def _initiative(spec: _InitiativeSpec, cycle: domain.Cycle, prefix: str) -> domain.Initiative:
    return domain.Initiative(
        key=prefix + spec.key,
        title=spec.title,
        team=spec.team,
        status=spec.status,
        effort=spec.effort,
        bucket=spec.bucket,
        url=f"https://jira.example.com/browse/{spec.ticket}" if spec.ticket else "",
        external_key=spec.ticket,
        start=cycle.start + timedelta(weeks=spec.weeks[0]) if spec.weeks else None,
        end=cycle.start + timedelta(weeks=spec.weeks[1], days=4) if spec.weeks else None,
        links=[domain.ImpactLink(prefix + kr, impact) for kr, impact in spec.links],
    )
