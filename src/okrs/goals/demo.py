"""A believable demo company for `okrs demo`, built from classic OKR examples.

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
from typing import NamedTuple

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


DEMO_PEOPLE: list[DemoPerson] = [
    DemoPerson("admin@example.com", "Alex Morgan", Role.ADMIN, ("acme",), False),
    DemoPerson("dana@example.com", "Dana Whitfield", Role.MEMBER, ("acme",), True),
    DemoPerson("maya@example.com", "Maya Levin", Role.MEMBER, ("product",), True),
    DemoPerson("ana@example.com", "Ana Souza", Role.MEMBER, ("onboarding",), True),
    DemoPerson("ben@example.com", "Ben Okafor", Role.MEMBER, ("onboarding",), False),
    DemoPerson("chloe@example.com", "Chloé Martin", Role.MEMBER, ("checkout",), True),
    DemoPerson("diego@example.com", "Diego Ramírez", Role.MEMBER, ("checkout",), False),
    DemoPerson("erin@example.com", "Erin Park", Role.MEMBER, ("identity",), True),
    DemoPerson("farid@example.com", "Farid Haddad", Role.MEMBER, ("identity", "onboarding"), False),
    DemoPerson("grace@example.com", "Grace Liu", Role.MEMBER, ("api-platform",), True),
    DemoPerson("hiro@example.com", "Hiro Tanaka", Role.MEMBER, ("api-platform",), False),
    DemoPerson("viewer@example.com", "Vera Stone", Role.VIEWER, (), False),
]


class DemoKpi(NamedTuple):
    """A team's health metric; its weekly values swing around `level` by up to `swing`.

    `moved_by` names the key results (without the cycle prefix) that move it.
    """

    key: str
    team: str
    name: str
    unit: str
    healthy_min: float | None
    healthy_max: float | None
    level: float
    swing: float
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


DEMO_KPIS: list[DemoKpi] = [
    DemoKpi("acme-nrr", "acme", "Net revenue retention", "%", 100, None, 106, 4),
    DemoKpi("acme-churn", "acme", "Gross revenue churn", "%/month", None, 1.5, 1.2, 0.4),
    DemoKpi("product-modules", "product", "Modules per customer", "modules", 2.0, None, 2.4, 0.2),
    DemoKpi(
        "onboarding-activation",
        "onboarding",
        "Activation rate",
        "%",
        60,
        None,
        66,
        5,
        ("onb-1-completion",),
    ),
    DemoKpi(
        "onboarding-tickets",
        "onboarding",
        "Support tickets from new users",
        "/week",
        None,
        120,
        100,
        25,
    ),
    DemoKpi(
        "checkout-conversion",
        "checkout",
        "Checkout conversion",
        "%",
        2.5,
        None,
        2.9,
        0.3,
        ("chk-1-conversion",),
    ),
    DemoKpi("checkout-failures", "checkout", "Payment failure rate", "%", None, 1.5, 1.1, 0.3),
    DemoKpi(
        "identity-logins", "identity", "Login success rate", "%", 85, None, 88, 3, ("auth-1-login",)
    ),
    DemoKpi("api-availability", "api-platform", "API availability", "%", 99.95, None, 99.975, 0.03),
    DemoKpi("api-latency", "api-platform", "p95 API latency", "ms", None, 300, 240, 45),
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
    objectives = [_objective(spec, cycle, today, f"{name}-", salts) for spec in _objective_specs()]
    return domain.Plan(
        cycle=cycle,
        teams=[
            domain.Team(key, team_name, kind, parent) for key, team_name, kind, parent in _TEAMS
        ],
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


# -- the plan: teams, objectives, key results, initiatives -------------------------------

_TEAMS = [
    ("acme", "Acme", "company", None),
    ("product", "Product Leadership", "leadership", "acme"),
    ("onboarding", "Onboarding", "cross_functional", "product"),
    ("checkout", "Checkout", "cross_functional", "product"),
    ("identity", "Authentication", "component", "product"),
    ("api-platform", "API Platform", "platform", "product"),
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


_ON_TRACK = _Trend()
_AHEAD = _Trend(pace=1.25, confidence=0.9)
_STEADY = _Trend(pace=1.0, confidence=0.7)
_AT_RISK = _Trend(pace=1.0, lag=0.14, confidence=0.5)
_OFF_TRACK = _Trend(pace=0.15, confidence=0.3)
_STALE = _Trend(weeks=2, confidence=0.6)


@dataclass(frozen=True)
class _Kr:
    slug: str
    title: str
    owner: str
    unit: str
    baseline: float | None
    target: float | None
    type: str = "metric"
    direction: str | None = None
    weight: float = 1.0
    trend: _Trend | None = _ON_TRACK  # None: nobody has checked in yet
    readings: tuple[float, ...] = ()  # threshold: the weekly values, repeated
    done_week: int | None = None  # milestone: the week it is done
    decimals: int = 1
    notes: dict[int, str] = field(default_factory=dict)  # by week
    blockers: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Objective:
    slug: str
    team: str
    title: str
    kind: str
    owner: str
    key_results: tuple[_Kr, ...]
    aligned_to: str | None = None
    contributors: tuple[str, ...] = ()
    visibility: str = "public"


def _objective(
    spec: _Objective, cycle: domain.Cycle, today: date, prefix: str, salts: itertools.count[int]
) -> domain.Objective:
    return domain.Objective(
        key=prefix + spec.slug,
        team=spec.team,
        title=spec.title,
        kind=spec.kind,
        owner=spec.owner,
        visibility=spec.visibility,
        aligned_to=prefix + spec.aligned_to if spec.aligned_to else None,
        contributors=list(spec.contributors),
        key_results=[
            domain.KeyResult(
                key=f"{prefix}{spec.slug}-{kr.slug}",
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


def _objective_specs() -> list[_Objective]:
    """The seeds' examples as one company: each team structure with its own kind of OKRs."""
    return [
        _Objective(
            "acme-1",
            "acme",
            "Win the trust of mid-market finance teams",
            "committed",
            "dana@example.com",
            (
                _Kr(
                    "nrr",
                    "Grow net revenue retention from 104% to 115%",
                    "dana@example.com",
                    "%",
                    104,
                    115,
                ),
                _Kr(
                    "retention",
                    "Increase customer retention rate from 82% to 90%",
                    "dana@example.com",
                    "%",
                    82,
                    90,
                    trend=_AHEAD,
                ),
            ),
        ),
        _Objective(
            "acme-2",
            "acme",
            "Make every new customer successful in their first month",
            "committed",
            "dana@example.com",
            (
                _Kr(
                    "retention-30d",
                    "Increase 30-day retention of new customers from 65% to 80%",
                    "maya@example.com",
                    "%",
                    65,
                    80,
                ),
                _Kr(
                    "tickets",
                    "Halve support tickets from new customers, from 1,200 to 600 a month",
                    "dana@example.com",
                    "tickets/month",
                    1200,
                    600,
                    decimals=0,
                ),
            ),
        ),
        _Objective(
            "pl-1",
            "product",
            "Become the comprehensive solution for mid-market financial operations",
            "aspirational",
            "maya@example.com",
            (
                _Kr(
                    "modules",
                    "Increase product adoption breadth from 2.1 to 3.5 modules per customer",
                    "maya@example.com",
                    "modules",
                    2.1,
                    3.5,
                    weight=2,
                    trend=_AHEAD,
                    decimals=2,
                ),
                _Kr(
                    "upsell",
                    "Increase cross-product upsell conversion from 12% to 25%",
                    "maya@example.com",
                    "%",
                    12,
                    25,
                ),
                _Kr(
                    "switching",
                    "Cut the time customers spend switching between products from 50 to 30 minutes a day",
                    "maya@example.com",
                    "min/day",
                    50,
                    30,
                    trend=_STALE,
                    notes={1: "Readings pause while telemetry moves to the new event pipeline"},
                ),
                _Kr(
                    "parity",
                    "Reach 85% feature parity with best-of-breed point solutions, up from 62%",
                    "maya@example.com",
                    "%",
                    62,
                    85,
                ),
            ),
            aligned_to="acme-1",
        ),
        _Objective(
            "pl-2",
            "product",
            "Build a product organisation people are proud to work in",
            "committed",
            "maya@example.com",
            (
                _Kr(
                    "engagement",
                    "Raise the team engagement score from 7.1 to 8.0",
                    "maya@example.com",
                    "points",
                    7.1,
                    8.0,
                    decimals=2,
                ),
                _Kr(
                    "attrition",
                    "Cut regretted attrition from 12% to 6% a year",
                    "maya@example.com",
                    "%",
                    12,
                    6,
                ),
            ),
            visibility="team",
        ),
        _Objective(
            "onb-1",
            "onboarding",
            "Transform customer onboarding into a delightful, confidence-building experience",
            "aspirational",
            "ana@example.com",
            (
                _Kr(
                    "completion",
                    "Increase onboarding completion rate from 68% to 85%",
                    "ana@example.com",
                    "%",
                    68,
                    85,
                    weight=2,
                    trend=_AHEAD,
                    notes={1: "Product tour live for half of new sign-ups", 2: "tour shipped"},
                ),
                _Kr(
                    "ttfv",
                    "Reduce time to first value from 24 hours to 15 minutes",
                    "ben@example.com",
                    "h",
                    24,
                    0.25,
                    decimals=2,
                    notes={4: "Template library beta: first teams see value within six hours"},
                ),
                _Kr(
                    "nps",
                    "Improve new user NPS from +12 to +40",
                    "ana@example.com",
                    "NPS",
                    12,
                    40,
                    trend=None,
                ),
                _Kr(
                    "retention",
                    "Increase 30-day retention of new users from 65% to 80%",
                    "ben@example.com",
                    "%",
                    65,
                    80,
                ),
            ),
            aligned_to="acme-2-retention-30d",
            contributors=("identity",),
        ),
        _Objective(
            "onb-2",
            "onboarding",
            "Help new users reach their first win without asking for help",
            "committed",
            "ben@example.com",
            (
                _Kr(
                    "self-serve",
                    "Increase the self-serve setup rate from 35% to 60%",
                    "ben@example.com",
                    "%",
                    35,
                    60,
                    trend=_OFF_TRACK,
                    notes={2: "Setup checklist test inconclusive", 5: "Rethinking the checklist"},
                    blockers={3: "Waiting on legal review of the new consent screen"},
                ),
                _Kr(
                    "tickets",
                    "Decrease support tickets from new users from 420 to 210 a month",
                    "ana@example.com",
                    "tickets/month",
                    420,
                    210,
                    decimals=0,
                ),
            ),
            aligned_to="acme-2",
        ),
        _Objective(
            "chk-1",
            "checkout",
            "Delight customers with a friction-free checkout experience",
            "committed",
            "chloe@example.com",
            (
                _Kr(
                    "time",
                    "Reduce average checkout time from 90 seconds to 45 seconds",
                    "chloe@example.com",
                    "s",
                    90,
                    45,
                    notes={3: "Address autocomplete shipped"},
                ),
                _Kr(
                    "conversion",
                    "Increase checkout conversion from 2.8% to 3.6%",
                    "diego@example.com",
                    "%",
                    2.8,
                    3.6,
                    trend=_AT_RISK,
                    decimals=2,
                    notes={4: "pricing test inconclusive", 6: "Wallets pushed to next sprint"},
                ),
                _Kr(
                    "nps",
                    "Raise checkout NPS from 52 to 70",
                    "chloe@example.com",
                    "NPS",
                    52,
                    70,
                    decimals=0,
                ),
            ),
            aligned_to="acme-1",
        ),
        _Objective(
            "chk-2",
            "checkout",
            "Make checkout seamless across every device",
            "aspirational",
            "diego@example.com",
            (
                _Kr(
                    "mobile",
                    "Increase mobile checkout sessions by 15%, from 40k to 46k a week",
                    "diego@example.com",
                    "k sessions/week",
                    40,
                    46,
                ),
                _Kr(
                    "rating",
                    "Maintain a 4.5+ app rating across all platforms",
                    "diego@example.com",
                    "stars",
                    None,
                    4.5,
                    type="threshold",
                    direction="at_least",
                    readings=(4.6, 4.6, 4.5, 4.7, 4.4, 4.6),
                    notes={4: "One-star wave after the iOS login bug"},
                ),
                _Kr(
                    "sdk",
                    "Rebuild mobile checkout on the new payment SDK",
                    "chloe@example.com",
                    "",
                    None,
                    None,
                    type="milestone",
                    done_week=7,
                    notes={7: "Live for all iOS and Android users"},
                ),
                _Kr(
                    "satisfaction",
                    "Reach 95% satisfaction with mobile checkout, up from 81%",
                    "diego@example.com",
                    "%",
                    81,
                    95,
                ),
            ),
            aligned_to="acme-1",
        ),
        _Objective(
            "auth-1",
            "identity",
            "Make authentication frictionless while maintaining industry-leading security",
            "committed",
            "erin@example.com",
            (
                _Kr(
                    "login",
                    "Increase first-attempt login success rate from 82% to 95%",
                    "erin@example.com",
                    "%",
                    82,
                    95,
                    weight=2,
                ),
                _Kr(
                    "tickets",
                    "Reduce authentication-related support tickets by 40%, from 300 to 180 a month",
                    "farid@example.com",
                    "tickets/month",
                    300,
                    180,
                    decimals=0,
                ),
                _Kr(
                    "blocking",
                    "Maintain 99.99% successful blocking of unauthorized access attempts",
                    "erin@example.com",
                    "%",
                    None,
                    99.99,
                    type="threshold",
                    direction="at_least",
                    readings=(99.995, 99.998, 99.996, 99.997),
                    decimals=3,
                ),
            ),
            aligned_to="acme-2",
        ),
        _Objective(
            "auth-2",
            "identity",
            "Let every customer sign in the way their company already works",
            "aspirational",
            "farid@example.com",
            (
                _Kr(
                    "sso-share",
                    "Increase the share of mid-market accounts signing in with SSO from 18% to 40%",
                    "farid@example.com",
                    "%",
                    18,
                    40,
                    trend=_AHEAD,
                ),
                _Kr(
                    "sso-setup",
                    "Reduce the time to configure SSO from 3 days to 4 hours",
                    "farid@example.com",
                    "h",
                    72,
                    4,
                ),
            ),
            aligned_to="pl-1",
        ),
        _Objective(
            "api-1",
            "api-platform",
            "Make our API platform the preferred integration method for partners and customers",
            "aspirational",
            "grace@example.com",
            (
                _Kr(
                    "calls",
                    "Increase API consumption from 15M to 50M calls per month",
                    "grace@example.com",
                    "M calls/month",
                    15,
                    50,
                ),
                _Kr(
                    "integration",
                    "Reduce API integration time for partners from 2 weeks to 3 days",
                    "hiro@example.com",
                    "days",
                    14,
                    3,
                    trend=_AHEAD,
                ),
                _Kr(
                    "satisfaction",
                    "Achieve 90% satisfaction from internal and external developers, up from 72%",
                    "grace@example.com",
                    "%",
                    72,
                    90,
                ),
                _Kr(
                    "availability",
                    "Maintain 99.99% API availability",
                    "hiro@example.com",
                    "%",
                    None,
                    99.99,
                    type="threshold",
                    direction="at_least",
                    readings=(99.995, 99.993, 99.996, 99.982, 99.994, 99.997),
                    decimals=3,
                    notes={3: "14-minute outage during a database failover"},
                ),
            ),
            aligned_to="pl-1",
        ),
        _Objective(
            "api-2",
            "api-platform",
            "Give product teams a platform they can ship on without waiting",
            "committed",
            "hiro@example.com",
            (
                _Kr(
                    "latency",
                    "Keep p95 API latency at or below 250 ms",
                    "hiro@example.com",
                    "ms",
                    None,
                    250,
                    type="threshold",
                    direction="at_most",
                    readings=(212, 231, 244, 268, 226, 219),
                    notes={3: "Cache stampede after the pricing launch"},
                ),
                _Kr(
                    "lead-time",
                    "Reduce lead time from merge to production from 3 days to 4 hours",
                    "hiro@example.com",
                    "h",
                    72,
                    4,
                    trend=_STEADY,
                ),
            ),
            aligned_to="pl-1",
        ),
    ]


class _InitiativeSpec(NamedTuple):
    slug: str
    title: str
    team: str
    status: str
    effort: float
    bucket: str
    links: tuple[tuple[str, float | None], ...]  # (key result slug, impact)
    ticket: str = ""
    weeks: tuple[int, int] | None = None  # (start, end) week of the cycle


# Onboarding spends its effort 70/20/10; Checkout puts everything into its core.
_INITIATIVES = [
    _InitiativeSpec(
        "tour",
        "Interactive product tour",
        "onboarding",
        "done",
        3,
        "core",
        (("onb-1-completion", 8),),
        "ONB-101",
        (0, 3),
    ),
    _InitiativeSpec(
        "progress",
        "Onboarding progress visualization",
        "onboarding",
        "in_progress",
        2,
        "core",
        (("onb-1-completion", 4),),
        "ONB-108",
        (3, 8),
    ),
    _InitiativeSpec(
        "templates",
        "Template library for quick starts",
        "onboarding",
        "in_progress",
        2,
        "core",
        (("onb-1-ttfv", -6),),
        "ONB-112",
        (2, 9),
    ),
    _InitiativeSpec(
        "verification",
        "Streamlined account verification",
        "onboarding",
        "planned",
        2,
        "adjacent",
        (("onb-1-ttfv", -2),),
        "ONB-117",
    ),
    _InitiativeSpec(
        "setup-assistant",
        "Guided workspace setup assistant",
        "onboarding",
        "idea",
        1,
        "explore",
        (("onb-2-self-serve", 6),),
    ),
    _InitiativeSpec(
        "sso",
        "Single sign-on integration",
        "identity",
        "in_progress",
        4,
        "core",
        (("onb-1-completion", 5), ("auth-1-login", 6)),
        "IAM-42",
        (1, 10),
    ),
    _InitiativeSpec(
        "passkeys",
        "Passkeys on web and mobile",
        "identity",
        "planned",
        3,
        "explore",
        (("auth-1-login", 4),),
        "IAM-57",
    ),
    _InitiativeSpec(
        "one-click",
        "One-click checkout for returning customers",
        "checkout",
        "in_progress",
        5,
        "core",
        (("chk-1-time", -25),),
        "CHK-230",
        (1, 9),
    ),
    _InitiativeSpec(
        "address",
        "Address autocomplete",
        "checkout",
        "done",
        1,
        "core",
        (("chk-1-time", -8),),
        "CHK-221",
        (0, 3),
    ),
    _InitiativeSpec(
        "wallets",
        "Apple Pay and Google Pay",
        "checkout",
        "planned",
        3,
        "core",
        (("chk-1-conversion", 0.3),),
        "CHK-236",
    ),
    _InitiativeSpec(
        "payment-sdk",
        "Move mobile checkout to the new payment SDK",
        "checkout",
        "in_progress",
        4,
        "core",
        (("chk-2-sdk", None),),
        "CHK-240",
        (0, 7),
    ),
    _InitiativeSpec(
        "bnpl",
        "Buy now, pay later",
        "checkout",
        "dropped",
        4,
        "adjacent",
        (("chk-1-conversion", 0.2),),
        "CHK-199",
    ),
    _InitiativeSpec(
        "sandbox",
        "Self-serve partner sandbox",
        "api-platform",
        "in_progress",
        4,
        "core",
        (("api-1-integration", -6),),
        "API-77",
        (0, 8),
    ),
    _InitiativeSpec(
        "client-sdks",
        "Generated client SDKs in five languages",
        "api-platform",
        "planned",
        3,
        "adjacent",
        (("api-1-calls", 12), ("api-1-integration", -2)),
        "API-81",
    ),
    _InitiativeSpec(
        "deploy-pipeline",
        "One-click deploys for every service",
        "api-platform",
        "in_progress",
        3,
        "core",
        (("api-2-lead-time", -40),),
        "API-64",
        (0, 6),
    ),
]


def _initiative(spec: _InitiativeSpec, cycle: domain.Cycle, prefix: str) -> domain.Initiative:
    return domain.Initiative(
        key=prefix + spec.slug,
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
