"""Load figures of the REST API against a running `okrs serve`, for `okrs bench`.

Two scenarios, each with `clients` threads sharing `requests` calls over urllib:
listing a cycle's key results with their figures, and checking in on one key result
(re-recording its current value today, so the figures stay as they were). Only a
server on this machine is measured, and every run is bounded in count and in time.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from ipaddress import ip_address
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from okrs.bench.results import percentile

MAX_CLIENTS = 64
MAX_REQUESTS = 10_000
MAX_SECONDS = 60.0
TIMEOUT_SECONDS = 30.0
LOOPBACK_NAMES = {"localhost"}


def bench_api(
    base_url: str,
    token: str,
    cycle_key: str,
    key_result_key: str,
    *,
    clients: int = 8,
    requests: int = 200,
) -> dict[str, object]:
    """Requests per second and p50/p95 latency of two API calls under concurrent load.

    `base_url` is the server's root (http://127.0.0.1:8000); `token` needs write scope
    for the check-ins. Raises ValueError for a server that is not on this machine.
    """
    require_loopback(base_url)
    clients = max(1, min(clients, MAX_CLIENTS))
    requests = max(1, min(requests, MAX_REQUESTS))
    api = base_url.rstrip("/") + "/api/v1"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    list_url = f"{api}/key-results?{urlencode({'cycle': cycle_key, 'limit': 50})}"
    key_result_url = f"{api}/key-results/{quote(key_result_key, safe='')}"
    check_in = json.dumps(_current_check_in(key_result_url, headers)).encode()
    post_headers = {**headers, "Content-Type": "application/json"}
    return {
        "clients": clients,
        "requests": requests,
        "list_key_results": _load(
            lambda: Request(list_url, headers=headers), clients, requests
        ).as_dict(),
        "check_in": _load(
            lambda: Request(
                f"{key_result_url}/check-ins", data=check_in, headers=post_headers, method="POST"
            ),
            clients,
            requests,
        ).as_dict(),
    }


def require_loopback(base_url: str) -> None:
    """Refuse to load anything but a server on this machine."""
    host = urlsplit(base_url).hostname or ""
    try:
        loopback = host in LOOPBACK_NAMES or ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"bench only a server on this machine (127.0.0.1), not {host!r}")


@dataclass
class LoadResult:
    """Latencies and statuses of one scenario."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        ordered = sorted(self.latencies)
        done = len(ordered)
        return {
            "requests": done,
            "errors": done - sum(n for s, n in self.statuses.items() if s.startswith("2")),
            "seconds": round(self.seconds, 3),
            "requests_per_s": round(done / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p95_ms": round(percentile(ordered, 0.95) * 1000, 1) if ordered else None,
            "statuses": dict(self.statuses),
        }


def _load(make_request: Callable[[], Request], clients: int, requests: int) -> LoadResult:
    """Send `requests` calls from `clients` threads; stop early after MAX_SECONDS."""
    result = LoadResult()
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + MAX_SECONDS

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            status = _send(make_request())
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    result.seconds = time.perf_counter() - started
    return result


def _send(request: Request) -> str:
    """The response's status code, or the kind of failure, as text."""
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
            return str(response.status)
    except HTTPError as error:
        return str(error.code)
    except (URLError, TimeoutError, ConnectionError) as error:
        return type(error).__name__


def _current_check_in(key_result_url: str, headers: dict[str, str]) -> dict[str, object]:
    """A check-in that re-records the key result's current value (its baseline before any)."""
    with urlopen(Request(key_result_url, headers=headers), timeout=TIMEOUT_SECONDS) as response:
        kr = json.loads(response.read())
    value = kr["current"] if kr["current"] is not None else kr["baseline"] or 0
    return {"value": value, "confidence": kr["confidence"], "note": "okrs bench"}
