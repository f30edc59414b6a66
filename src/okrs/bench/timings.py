"""`okrs bench`: timings on the database in use, ideally the synthetic 10,000-person company.

Scoring in process and as a command, an import and pages, each a few runs one after the
other (the API's figures under concurrent clients are in `okrs.bench.api`). The import
runs in a transaction that is rolled back, so benchmarking leaves the data as it was.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from okrs.bench.results import Result
from okrs.core import domain
from okrs.core.choices import Role
from okrs.core.okrfile import dump_yaml
from okrs.goals.services import import_okr_file, score_cycle


def timed(function: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def bench_score(cycle_key: str, as_of: date, runs: int = 3) -> Result:
    """Whole-cycle scoring in process, as `okrs score --json` does it after start-up."""
    sizes: dict[str, object] = {}

    def run() -> None:
        result = score_cycle(cycle_key, as_of=as_of)
        text = json.dumps(result.as_dict())
        sizes.update(
            objectives=len(result.objectives),
            key_results=sum(len(o.key_results) for o in result.objectives),
            json_bytes=len(text),
        )

    return Result(f"score {cycle_key} (in process)", timed(run, runs), detail=sizes)


def bench_score_command(cycle_key: str, as_of: date, runs: int = 3) -> Result:
    """The whole `okrs score --json` command, Python start-up included."""
    command = [
        sys.executable,
        "-m",
        "okrs",
        "score",
        "--cycle",
        cycle_key,
        "--as-of",
        as_of.isoformat(),
        "--json",
    ]

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return Result(f"okrs score --cycle {cycle_key} --json (command)", timed(run, runs))


def bench_import(objectives: int = 1000, runs: int = 3) -> Result:
    """Import a file of `objectives` objectives × 4 key results into a fresh cycle, rolled back."""
    text = dump_yaml(synthetic_plan(objectives))

    def run() -> None:
        with transaction.atomic():
            import_okr_file(text, "bench.yaml")
            transaction.set_rollback(True)

    return Result(
        f"import {objectives} objectives",
        timed(run, runs),
        detail={"file_bytes": len(text.encode())},
    )


def synthetic_plan(objectives: int) -> domain.Plan:
    """A plan of new teams, objectives, key results and check-ins for the import benchmark."""
    start = date(2031, 1, 1)
    cycle = domain.Cycle("bench-2031-Q1", start, date(2031, 3, 31), "planning")
    teams = [
        domain.Team(f"bench-team-{t}", f"Bench team {t}", "cross_functional")
        for t in range(objectives // 3 + 1)
    ]
    plan = domain.Plan(cycle=cycle, teams=teams)
    for o in range(objectives):
        key = f"bench-o{o}"
        plan.objectives.append(
            domain.Objective(
                key=key,
                team=teams[o // 3].key,
                title=f"Make onboarding a delight for segment {o}",
                key_results=[
                    domain.KeyResult(
                        key=f"{key}-kr{k}",
                        title=f"Increase activation of segment {o} from 20% to 35%",
                        unit="%",
                        baseline=20,
                        target=35,
                        check_ins=[
                            domain.CheckIn(start + timedelta(days=7 * w), 20 + w, 0.6)
                            for w in range(4)
                        ],
                    )
                    for k in range(4)
                ],
            )
        )
    return plan


def bench_pages(paths: list[str], runs: int = 20) -> list[Result]:
    """Server time of pages through Django's test client, signed in as an admin."""
    from django.test import Client

    from okrs.people.models import User

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("id").first()
    if admin is None:
        raise LookupError("no admin user to sign in as: `okrs user create EMAIL --role admin`")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    results = []
    for path in paths:

        def fetch(path: str = path) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")

        fetch()  # warm up: first requests fill caches of templates and URL resolvers
        results.append(Result(f"GET {path}", timed(fetch, runs)))
    return results
