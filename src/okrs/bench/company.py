"""A synthetic 10,000-person company, the size README's "Performance" section measures.

About 1,000 teams in a 4-level tree (company, divisions, groups, teams), ten people a
team, 3 objectives × 4 key results a team a quarter, weekly check-ins, eight quarters
of history: ~1.2 million check-ins. Rows go straight to the database in bulk, one
transaction per phase; the same seed and day give the same company.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from okrs.core.choices import Bucket, Role, TeamKind
from okrs.core.cycles import cycle_length_days, previous_quarter, quarter_dates, quarter_of
from okrs.core.errors import Conflict
from okrs.goals import figures
from okrs.goals.models import (
    CheckIn,
    Cycle,
    Initiative,
    InitiativeLink,
    KeyResult,
    Kpi,
    KpiMeasurement,
    Objective,
)
from okrs.people.models import Membership, Team, User

Progress = Callable[[str, int, int], None]

GENERATED_EMAIL = r"^user[0-9]+@example\.com$"
BATCH = 5000
OBJECTIVES_PER_TEAM = 3
KEY_RESULTS_PER_OBJECTIVE = 4
KPI_EVERY = 10  # one KPI for every tenth team


class DatabaseNotEmpty(Conflict):
    """The database holds teams already; generating on top would mix two companies."""


@dataclass
class GenerateReport:
    """Rows written by `generate_company`, and how long it took."""

    people: int = 0
    teams: int = 0
    memberships: int = 0
    cycles: int = 0
    objectives: int = 0
    key_results: int = 0
    check_ins: int = 0
    initiatives: int = 0
    links: int = 0
    kpis: int = 0
    measurements: int = 0
    seconds: float = 0.0


def generate_company(
    *,
    teams: int = 1000,
    quarters: int = 8,
    people: int = 10_000,
    today: date | None = None,
    progress: Progress | None = None,
    seed: int = 42,
    reset: bool = False,
) -> GenerateReport:
    """Write a synthetic company with `quarters` quarters of OKRs, ending with today's.

    Refuses (`DatabaseNotEmpty`) when teams exist, unless `reset` deletes all OKR data
    and the generated people first. `progress(phase, done, total)` is called after every
    batch; the phases are "people", "teams", each cycle ("2026-Q4", counting key results
    whose check-ins are written) and "kpis".
    """
    if teams < 4:
        raise ValueError(f"teams: a 4-level tree needs at least 4 teams, not {teams}")
    if quarters < 1:
        raise ValueError(f"quarters: at least 1, not {quarters}")
    if people < teams:
        raise ValueError(f"people: at least one a team to lead it ({teams}), not {people}")
    started = time.perf_counter()
    today = today or timezone.localdate()
    report = GenerateReport()
    company = _Company(random.Random(seed), today, progress or _silent, report)
    cycles = _quarter_names(today, quarters)
    with _fast_sqlite_writes():
        with transaction.atomic():
            _make_room(reset)
        with transaction.atomic():
            user_ids = company.write_people(people)
        with transaction.atomic():
            tree = company.write_teams(teams, user_ids)
        for name in cycles:
            with transaction.atomic():
                company.write_cycle(name, tree, active=name == cycles[-1])
                # Bulk writes send no signals: the cycle's stored figures, all at once.
                figures.recompute_cycle(Cycle.objects.get(key=name))
        with transaction.atomic():
            first_start = quarter_dates(cycles[0])
            assert first_start is not None
            company.write_kpis(tree, first_start[0])
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def _silent(phase: str, done: int, total: int) -> None:
    """The default progress callback: says nothing."""


def _quarter_names(today: date, quarters: int) -> list[str]:
    """The last `quarters` quarter names, oldest first, ending with the one containing today."""
    names = [quarter_of(today)]
    while len(names) < quarters:
        previous = previous_quarter(names[-1])
        assert previous is not None
        names.append(previous)
    return names[::-1]


# -- a clean slate -------------------------------------------------------------------------


def _make_room(reset: bool) -> None:
    """Refuse to mix with existing teams or generated people, or delete them on `reset`."""
    teams = Team.objects.count()
    generated = User.objects.filter(email__regex=GENERATED_EMAIL).count()
    if not teams and not generated:
        return
    if not reset:
        raise DatabaseNotEmpty(
            f"the database already holds {teams} teams and {generated} generated people; "
            "generate into an empty database, or reset to delete all OKR data first"
        )
    _delete_okr_data()
    User.objects.filter(email__regex=GENERATED_EMAIL).delete()


def _delete_okr_data() -> None:
    """Empty the goals tables, the teams and every table that depends on them, in bulk.

    Foreign keys are checked at commit (Django creates them deferrable on SQLite and
    PostgreSQL), so whole tables can go in any order; columns of other tables that
    point in and may be null are cleared instead.
    """
    doomed, cleared = _dependents([*apps.get_app_config("goals").get_models(), Team, Membership])
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, column in cleared:
            table = quote(model._meta.db_table)
            cursor.execute(f"UPDATE {table} SET {quote(column)} = NULL")
        for model in doomed:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def _dependents(
    roots: Sequence[type[models.Model]],
) -> tuple[list[type[models.Model]], list[tuple[type[models.Model], str]]]:
    """The models whose rows must go with `roots`, and (model, column) pairs to set null."""
    doomed: list[type[models.Model]] = []
    cleared: list[tuple[type[models.Model], str]] = []
    queue = list(roots)
    while queue:
        model = queue.pop()
        if model in doomed:
            continue
        doomed.append(model)
        for relation in model._meta.get_fields(include_hidden=True):
            if not isinstance(relation, models.ForeignObjectRel) or relation.many_to_many:
                continue
            pointing = relation.related_model
            assert isinstance(pointing, type)
            if relation.on_delete is models.SET_NULL:
                cleared.append((pointing, relation.field.column))
            else:
                queue.append(pointing)
    cleared = [(model, column) for model, column in cleared if model not in doomed]
    return doomed, cleared


@contextmanager
def _fast_sqlite_writes() -> Iterator[None]:
    """On SQLite, skip the fsync on commit while generating; restore the setting after.

    A crash mid-way can lose the generated rows, never corrupt what was there before
    the run (WAL). SQLite refuses the change inside a transaction: a caller's own
    transaction commits once anyway. Other databases are left alone.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {previous}")


# -- the company ---------------------------------------------------------------------------


@dataclass
class _Node:
    """A team of the tree, with what later phases need to know about it."""

    key: str
    name: str
    kind: str
    area: str
    level: int
    parent: int | None
    id: int = 0
    lead: int = 0
    members: list[int] = field(default_factory=list)
    objective_ids: list[int] = field(default_factory=list)

    @property
    def topic(self) -> str:
        """The team's area as it reads inside a sentence."""
        return "our product" if self.level == 0 else self.area.lower()


class _Company:
    """Writes the company phase by phase; one seeded random source makes it repeatable."""

    def __init__(self, rng: random.Random, today: date, progress: Progress, report: GenerateReport):
        self.rng = rng
        self.today = today
        self.progress = progress
        self.report = report

    def write_people(self, count: int) -> list[int]:
        """user00000@example.com … with unusable passwords; every 25th non-lead is a viewer."""
        joined = timezone.now()
        ids: list[int] = []
        for first in range(0, count, BATCH):
            batch = [
                User(
                    email=f"user{i:05d}@example.com",
                    name=f"{self.rng.choice(_FIRST_NAMES)} {self.rng.choice(_LAST_NAMES)}",
                    role=Role.ADMIN if i == 0 else Role.VIEWER if i % 25 == 24 else Role.MEMBER,
                    password=make_password(None),
                    date_joined=joined,
                )
                for i in range(first, min(first + BATCH, count))
            ]
            ids += [user.pk for user in User.objects.bulk_create(batch, batch_size=BATCH)]
            self.progress("people", len(ids), count)
        self.report.people = len(ids)
        return ids

    def write_teams(self, count: int, user_ids: list[int]) -> list[_Node]:
        """The tree, level by level; user i joins team i mod count, the first one leads it."""
        tree = self._shape(count)
        for level in range(4):
            nodes = [node for node in tree if node.level == level]
            rows = Team.objects.bulk_create(
                [
                    Team(
                        key=node.key,
                        name=node.name,
                        kind=node.kind,
                        parent_id=tree[node.parent].id if node.parent is not None else None,
                    )
                    for node in nodes
                ],
                batch_size=BATCH,
            )
            for node, row in zip(nodes, rows, strict=True):
                node.id = row.pk
            self.progress("teams", sum(1 for node in tree if node.id), count)
        memberships = []
        for i, user_id in enumerate(user_ids):
            node = tree[i % count]
            node.members.append(user_id)
            memberships.append(Membership(user_id=user_id, team_id=node.id, is_lead=i < count))
        for node in tree:
            node.lead = node.members[0]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.report.teams = count
        self.report.memberships = len(memberships)
        return tree

    def write_cycle(self, name: str, tree: list[_Node], *, active: bool) -> None:
        """One quarter: objectives aligned up the tree, key results, check-ins, initiatives."""
        dates = quarter_dates(name)
        assert dates is not None
        start, end = dates
        cycle = Cycle.objects.create(
            key=name, start=start, end=end, state="active" if active else "closed"
        )
        self.report.cycles += 1
        created = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
        objectives = self._objectives(name, cycle, tree, created)
        key_results = self._key_results(objectives)
        self._write_check_ins(name, key_results, _CheckInPlan(start, end, self.today, active))
        self._initiatives(cycle, objectives, key_results)

    def write_kpis(self, tree: list[_Node], since: date) -> None:
        """A KPI for every tenth team, measured every Monday since the first cycle began."""
        nodes = tree[::KPI_EVERY]
        mondays = []
        day = since + timedelta(days=-since.weekday() % 7)
        while day <= self.today:
            mondays.append(day)
            day += timedelta(weeks=1)
        specs = [self.rng.choice(_KPIS) for _ in nodes]
        kpis = Kpi.objects.bulk_create(
            [
                Kpi(
                    key=f"{node.key}-kpi",
                    team_id=node.id,
                    name=name,
                    unit=unit,
                    healthy_min=low,
                    healthy_max=high,
                )
                for node, (name, unit, low, high, _, _) in zip(nodes, specs, strict=True)
            ],
            batch_size=BATCH,
        )
        measurements = [
            KpiMeasurement(
                kpi_id=kpi.pk,
                date=monday,
                value=round(typical + self.rng.uniform(-swing, swing), 2),
            )
            for kpi, (*_, typical, swing) in zip(kpis, specs, strict=True)
            for monday in mondays
        ]
        KpiMeasurement.objects.bulk_create(measurements, batch_size=BATCH)
        self.report.kpis = len(kpis)
        self.report.measurements = len(measurements)
        self.progress("kpis", len(kpis), len(kpis))

    # -- shapes and names ------------------------------------------------------------------

    def _shape(self, count: int) -> list[_Node]:
        """1 company, ~1 % divisions, ~10 % groups, the rest teams; parents spread evenly.

        A team works in its group's product area; names are made unique with a number.
        """
        rng = self.rng
        divisions = max(1, round(count / 100))
        groups = max(1, round(count / 10))
        nodes = [_Node("t0000", "Synthetic Corp", TeamKind.COMPANY, "Product", 0, None)]
        seen: Counter[str] = Counter()
        for i in range(1, count):
            if i <= divisions:
                level, parent, area = 1, 0, rng.choice(_AREAS)
                name, kind = f"{area} Division", TeamKind.LEADERSHIP
            elif i <= divisions + groups:
                level, parent, area = 2, 1 + (i - divisions - 1) % divisions, rng.choice(_AREAS)
                name, kind = f"{area} Group", TeamKind.OTHER
            else:
                level, parent = 3, 1 + divisions + (i - divisions - groups - 1) % groups
                area = nodes[parent].area
                name = f"{area} {rng.choice(_FACETS)}"
                kind = rng.choices(_LEAF_KINDS, weights=_LEAF_KIND_WEIGHTS)[0]
            seen[name] += 1
            unique = f"{name} {seen[name]}" if seen[name] > 1 else name
            nodes.append(_Node(f"t{i:04d}", unique, kind, area, level, parent))
        return nodes

    # -- one cycle ---------------------------------------------------------------------------

    def _objectives(
        self, cycle_name: str, cycle: Cycle, tree: list[_Node], created: datetime
    ) -> list[tuple[Objective, _Node]]:
        """3 objectives a team, inserted level by level so each can align to its parent's."""
        rng = self.rng
        result: list[tuple[Objective, _Node]] = []
        for node in tree:
            node.objective_ids = []
        for level in range(4):
            level_rows = []
            for node in (n for n in tree if n.level == level):
                parent = tree[node.parent] if node.parent is not None else None
                titles = rng.sample(_OBJECTIVE_TITLES, OBJECTIVES_PER_TEAM)
                for number, title in enumerate(titles, start=1):
                    objective = Objective(
                        key=f"{cycle_name}-{node.key}-o{number}",
                        cycle_id=cycle.pk,
                        team_id=node.id,
                        title=title.format(area=node.topic),
                        kind="aspirational" if rng.random() < 0.3 else "committed",
                        owner_id=node.lead,
                        visibility="team" if rng.random() < 0.03 else "public",
                        aligned_objective_id=rng.choice(parent.objective_ids) if parent else None,
                        position=number - 1,
                        created_at=created,
                    )
                    level_rows.append((objective, node))
            Objective.objects.bulk_create([o for o, _ in level_rows], batch_size=BATCH)
            for objective, node in level_rows:
                node.objective_ids.append(objective.pk)
            result += level_rows
        self._contributors(result, tree)
        self.report.objectives += len(result)
        return result

    def _contributors(self, objectives: list[tuple[Objective, _Node]], tree: list[_Node]) -> None:
        """About 2 % of objectives are shared with a sibling team."""
        through = Objective.contributors.through
        rows = []
        for objective, node in objectives:
            if node.parent is None or self.rng.random() >= 0.02:
                continue
            sibling = tree[self.rng.randrange(len(tree))]
            if sibling.id != node.id:
                rows.append(through(objective_id=objective.pk, team_id=sibling.id))
        through.objects.bulk_create(rows, batch_size=BATCH)

    def _key_results(self, objectives: list[tuple[Objective, _Node]]) -> list[_KeyResultRow]:
        """4 key results an objective: mostly metrics, some thresholds and milestones."""
        rng = self.rng
        rows: list[_KeyResultRow] = []
        for objective, node in objectives:
            metrics = rng.sample(_METRICS, KEY_RESULTS_PER_OBJECTIVE)
            for number, metric in enumerate(metrics, start=1):
                roll = rng.random()
                kind = "metric" if roll < 0.8 else "threshold" if roll < 0.92 else "milestone"
                kr = self._key_result(kind, node, metric)
                kr.key = f"{objective.key}-kr{number}"
                kr.objective_id = objective.pk
                kr.owner_id = rng.choice(node.members)
                kr.position = number - 1
                rows.append(_KeyResultRow(kr, objective.kind == "aspirational"))
        KeyResult.objects.bulk_create([row.kr for row in rows], batch_size=BATCH)
        self.report.key_results += len(rows)
        return rows

    def _key_result(self, kind: str, node: _Node, metric: _Metric) -> KeyResult:
        rng = self.rng
        if kind == "threshold":
            title, unit, line, direction, _ = rng.choice(_THRESHOLDS)
            return KeyResult(
                title=title, type=kind, unit=unit, target=line, direction=direction, weight=1.0
            )
        if kind == "milestone":
            title = rng.choice(_MILESTONES).format(area=node.area)
            return KeyResult(title=title, type=kind, unit="", weight=1.0)
        title, unit, low, high, factor_low, factor_high, decimals = metric
        baseline = round(rng.uniform(low, high), decimals)
        target = round(baseline * rng.uniform(factor_low, factor_high), decimals)
        if target == baseline:
            target = baseline + (1 if factor_low > 1 else -1) * 10**-decimals
        return KeyResult(
            title=title.format(b=_number(baseline), t=_number(target)),
            type=kind,
            unit=unit,
            baseline=baseline,
            target=target,
            weight=2.0 if rng.random() < 0.1 else 1.0,
        )

    def _write_check_ins(self, phase: str, rows: list[_KeyResultRow], plan: _CheckInPlan) -> None:
        """Check-ins of every key result, flushed in batches, progress after each."""
        buffer: list[CheckIn] = []
        for done, row in enumerate(rows, start=1):
            buffer += self._check_ins(row.kr, row.aspirational, plan)
            if len(buffer) >= BATCH or done == len(rows):
                CheckIn.objects.bulk_create(buffer, batch_size=BATCH)
                self.report.check_ins += len(buffer)
                buffer = []
                self.progress(phase, done, len(rows))

    def _check_ins(self, kr: KeyResult, aspirational: bool, plan: _CheckInPlan) -> list[CheckIn]:
        """Weekly from the first week of the cycle to its end (or today).

        In the running cycle a few key results have no check-in yet and a few went quiet.
        """
        rng = self.rng
        days = plan.days[rng.randrange(7)]
        if plan.active:
            roll = rng.random()
            if roll < 0.03:
                return []
            if roll < 0.08:
                days = days[: rng.randint(1, 4)]
        pace = max(0.0, rng.gauss(1.0, 0.3))
        values = self._values(kr, days, pace * (0.7 if aspirational else 1.0))
        confidence = 0.35 + 0.35 * min(pace, 1.5)
        gauss, random_ = rng.gauss, rng.random
        return [
            CheckIn(
                key_result_id=kr.pk,
                date=day,
                value=value,
                confidence=round(min(0.95, max(0.05, confidence + gauss(0, 0.05))), 2),
                note=rng.choice(_NOTES) if random_() < 0.08 else "",
                blockers=rng.choice(_BLOCKERS) if random_() < 0.02 else "",
                author_id=kr.owner_id,
                created_at=created,
            )
            for (day, created, _), value in zip(days, values, strict=True)
        ]

    def _values(self, kr: KeyResult, days: list[_Day], pace: float) -> list[float]:
        """Milestones get done some week; thresholds mostly hold; metrics move at `pace`."""
        rng = self.rng
        if kr.type == "milestone":
            done_week = rng.randint(3, 16)
            return [1.0 if week >= done_week else 0.0 for week in range(len(days))]
        assert kr.target is not None
        if kr.type == "threshold":
            margin = _MARGINS[kr.title] * (-1 if kr.direction == "at_most" else 1)
            held = rng.uniform(0.6, 1.0)
            return [
                round(kr.target + margin * rng.uniform(0.0, 1.0), 3)
                if rng.random() < held
                else round(kr.target - margin * rng.uniform(0.1, 1.0), 3)
                for _ in days
            ]
        assert kr.baseline is not None
        gap, gauss = kr.target - kr.baseline, rng.gauss
        return [round(kr.baseline + gap * (pace * share + gauss(0, 0.03)), 2) for *_, share in days]

    def _initiatives(
        self, cycle: Cycle, objectives: list[tuple[Objective, _Node]], rows: list[_KeyResultRow]
    ) -> None:
        """One initiative an objective, linked to its first key result with an impact."""
        rng = self.rng
        first_krs = rows[::KEY_RESULTS_PER_OBJECTIVE]
        statuses = _CLOSED_STATUSES if cycle.state == "closed" else _ACTIVE_STATUSES
        initiatives = []
        for number, (objective, node) in enumerate(objectives, start=1):
            begins = cycle.start + timedelta(weeks=rng.randrange(6))
            initiatives.append(
                Initiative(
                    key=f"{objective.key}-i1",
                    cycle_id=cycle.pk,
                    team_id=node.id,
                    title=rng.choice(_INITIATIVES).format(area=node.area),
                    status=rng.choices(statuses[0], weights=statuses[1])[0],
                    effort=float(rng.choice((1, 2, 3, 4, 5, 8))),
                    bucket=rng.choices(Bucket.values, weights=(70, 20, 10))[0],
                    external_key=f"{node.key.upper()}-{number}",
                    start=begins,
                    end=min(cycle.end, begins + timedelta(weeks=rng.randint(2, 8))),
                    position=0,
                )
            )
        Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
        links = []
        for initiative, row in zip(initiatives, first_krs, strict=True):
            kr = row.kr
            impact = None
            if kr.type == "metric" and kr.baseline is not None and kr.target is not None:
                impact = round((kr.target - kr.baseline) * rng.uniform(0.2, 0.9), 2)
            links.append(
                InitiativeLink(initiative_id=initiative.pk, key_result_id=kr.pk, impact=impact)
            )
        InitiativeLink.objects.bulk_create(links, batch_size=BATCH)
        self.report.initiatives += len(initiatives)
        self.report.links += len(links)


# Day of a check-in, its creation time, and the share of the cycle elapsed at its end.
_Day = tuple[date, datetime, float]


class _CheckInPlan:
    """The weekly check-in days of a cycle for each weekday offset, up to today at most."""

    def __init__(self, start: date, end: date, today: date, active: bool):
        self.active = active
        last = min(end, today)
        length = cycle_length_days(start, end)
        self.days: list[list[_Day]] = []
        for offset in range(7):
            days = []
            day = start + timedelta(days=offset)
            while day <= last:
                created = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
                    hours=17
                )
                days.append((day, created, ((day - start).days + 1) / length))
                day += timedelta(weeks=1)
            self.days.append(days)


@dataclass
class _KeyResultRow:
    kr: KeyResult
    aspirational: bool


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


_AREAS = (
    "Payments", "Search", "Onboarding", "Billing", "Checkout", "Mobile", "Analytics",
    "Notifications", "Identity", "Integrations", "Reporting", "Growth", "Pricing", "Catalogue",
    "Fulfilment", "Messaging", "Data Platform", "Developer Tools", "Infrastructure", "Security",
    "Support Tools", "Marketplace", "Recommendations", "Accounts", "Compliance", "Localisation",
    "Design System", "Insights", "Automation", "Collaboration", "Scheduling", "Invoicing",
)  # fmt: skip
_FACETS = ("Core", "Experience", "Growth", "Insights", "Mobile", "API", "Quality", "Web", "Data")
_LEAF_KINDS = (
    TeamKind.CROSS_FUNCTIONAL,
    TeamKind.COMPONENT,
    TeamKind.PLATFORM,
    TeamKind.OTHER,
)
_LEAF_KIND_WEIGHTS = (50, 25, 15, 10)
_FIRST_NAMES = (
    "Ana", "Ben", "Chloé", "Diego", "Erin", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Yara", "Zoe",
)  # fmt: skip
_LAST_NAMES = (
    "Souza", "Okafor", "Martin", "Ramírez", "Park", "Haddad", "Liu", "Tanaka", "Novak", "Berg",
    "Adeyemi", "Fischer", "Rossi", "Kowalski", "Nguyen", "Sharma", "Costa", "Andersen", "Ali",
    "Moreau", "Schmidt", "Yilmaz", "Kim", "Dubois", "Lopez",
)  # fmt: skip
_OBJECTIVE_TITLES = (
    "Make {area} the easiest part of our customers' week",
    "Turn {area} into a reason customers stay",
    "Make {area} fast enough that nobody notices it",
    "Give customers confidence in every decision about {area}",
    "Make {area} delightful for first-time users",
    "Earn the trust of enterprise customers in {area}",
    "Help customers succeed with {area} without asking for help",
    "Make {area} something customers rely on every day",
    "Turn {area} into a growth engine for the business",
    "Make {area} indispensable for finance teams",
)
# title, unit, baseline low/high, target/baseline factor low/high, decimals
_Metric = tuple[str, str, float, float, float, float, int]
_METRICS: tuple[_Metric, ...] = (
    ("Increase weekly active users from {b}k to {t}k", "k users", 5, 200, 1.1, 1.5, 1),
    ("Increase activation rate from {b}% to {t}%", "%", 20, 60, 1.1, 1.4, 1),
    ("Increase 30-day retention from {b}% to {t}%", "%", 40, 70, 1.05, 1.25, 1),
    ("Raise NPS from {b} to {t}", "NPS", 10, 40, 1.2, 1.8, 0),
    ("Reduce time to first value from {b} to {t} hours", "h", 6, 48, 0.2, 0.6, 1),
    ("Reduce p95 page load time from {b} ms to {t} ms", "ms", 600, 3000, 0.5, 0.8, 0),
    ("Reduce support tickets from {b} to {t} a month", "tickets/month", 100, 2000, 0.5, 0.8, 0),
    ("Increase conversion from {b}% to {t}%", "%", 1, 10, 1.1, 1.4, 2),
    ("Grow monthly recurring revenue from {b}k to {t}k", "k€", 50, 900, 1.05, 1.3, 0),
    ("Increase feature adoption from {b}% to {t}%", "%", 10, 50, 1.2, 1.6, 1),
)
# title, unit, line, direction, how far readings stray from the line
_THRESHOLDS = (
    ("Keep availability at or above 99.9%", "%", 99.9, "at_least", 0.09),
    ("Keep p95 latency at or below 300 ms", "ms", 300.0, "at_most", 60.0),
    ("Keep the error rate at or below 0.5%", "%", 0.5, "at_most", 0.3),
    ("Keep customer satisfaction at or above 4.5", "points", 4.5, "at_least", 0.4),
)
_MARGINS = {title: margin for title, *_, margin in _THRESHOLDS}
_MILESTONES = (
    "Ship the new {area} experience to all customers",
    "Migrate {area} to the shared platform",
)
_INITIATIVES = (
    "{area} redesign",
    "{area} self-serve setup",
    "{area} performance sprint",
    "{area} A/B test programme",
    "{area} API v2",
    "Guided tour for {area}",
)
_CLOSED_STATUSES = (("done", "dropped", "in_progress"), (75, 15, 10))
_ACTIVE_STATUSES = (("idea", "planned", "in_progress", "done", "dropped"), (10, 30, 40, 15, 5))
_NOTES = (
    "tour shipped",
    "pricing test inconclusive",
    "experiment running, first results next week",
    "holiday dip",
    "new cohort looks better",
    "instrumentation fixed, numbers revised",
    "beta feedback positive",
)
_BLOCKERS = (
    "waiting on legal review",
    "blocked by the platform migration",
    "two engineers out sick",
)
# name, unit, healthy min, healthy max, typical value, weekly swing around it
_KPIS: tuple[tuple[str, str, float | None, float | None, float, float], ...] = (
    ("Weekly active users", "k users", 20.0, None, 28.0, 9.0),
    ("Uptime", "%", 99.5, None, 99.8, 0.2),
    ("Support backlog", "tickets", None, 200.0, 150.0, 70.0),
    ("Churn", "%/month", None, 2.0, 1.5, 0.7),
    ("Lead time for changes", "h", None, 48.0, 30.0, 20.0),
)
