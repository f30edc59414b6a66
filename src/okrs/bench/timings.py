"""`okrs bench`: timings on the database in use, ideally the synthetic 10,000-person company.

Figures are medians over a few runs; the import benchmark runs in a transaction that is
rolled back, so benchmarking leaves the data as it was.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from okrs.bench.results import percentile
from okrs.core import domain
from okrs.core.choices import Role
from okrs.core.okrfile import dump_yaml
from okrs.goals.services import import_okr_file, score_cycle


@dataclass
class BenchResult:
    name: str
    seconds: list[float]
    detail: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        ordered = sorted(self.seconds)
        return {
            "name": self.name,
            "runs": len(ordered),
            "median_s": round(statistics.median(ordered), 4),
            "p95_s": round(percentile(ordered, 0.95), 4),
            **self.detail,
        }


class _Rollback(Exception):
    pass


def timed(function: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def bench_score(cycle_key: str, as_of: date, runs: int = 3) -> BenchResult:
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

    return BenchResult(f"score {cycle_key} (in process)", timed(run, runs), sizes)


def bench_score_command(cycle_key: str, as_of: date, runs: int = 3) -> BenchResult:
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

    return BenchResult(f"okrs score --cycle {cycle_key} --json (command)", timed(run, runs))


def bench_import(objectives: int = 1000, runs: int = 3) -> BenchResult:
    """Import a file of `objectives` objectives × 4 key results into a fresh cycle, rolled back."""
    text = dump_yaml(synthetic_plan(objectives))

    def run() -> None:
        try:
            with transaction.atomic():
                import_okr_file(text, "bench.yaml")
                raise _Rollback
        except _Rollback:
            pass

    return BenchResult(
        f"import {objectives} objectives", timed(run, runs), {"file_bytes": len(text.encode())}
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


def bench_pages(paths: list[str], runs: int = 20) -> list[BenchResult]:
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
        results.append(BenchResult(f"GET {path}", timed(fetch, runs)))
    return results


def bench_api_live(cycle_key: str, *, clients: int = 8, requests: int = 200) -> dict[str, object]:
    """API load figures through a real `okrs serve` on loopback, with concurrent clients.

    A write token is made for the first admin and deleted afterwards; the check-in
    scenario re-records a key result's current value today.
    """
    from okrs.bench.api import bench_api
    from okrs.goals.models import KeyResult
    from okrs.people.models import User
    from okrs.people.services import create_token

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("id").first()
    kr = (
        KeyResult.objects.filter(
            objective__cycle__key=cycle_key, type="metric", check_ins__isnull=False
        )
        .order_by("id")
        .first()
    )
    if admin is None or kr is None:
        raise LookupError("the API bench needs an admin and a metric key result with a check-in")
    new = create_token(admin, scope="write", name="okrs bench")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "okrs", "serve", "--port", str(port), "--threads", str(clients)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_for(f"{base_url}/api/v1/openapi.json")
        return bench_api(base_url, new.raw, cycle_key, kr.key, clients=clients, requests=requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
        new.token.delete()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
