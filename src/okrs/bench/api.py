"""Load figures of the REST API against a real `okrs serve`, for `okrs bench`.

Two scenarios, each with `clients` threads sharing `requests` calls over urllib:
listing a cycle's key results with their figures, and checking in on one key result
(re-recording its current value today, so the figures stay as they were). Only a
server on this machine is measured, and every run is bounded in count and in time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from ipaddress import ip_address
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from okrs.bench.results import Result
from okrs.bench.server import running_server
from okrs.core.choices import Role

MAX_CLIENTS = 64
MAX_REQUESTS = 10_000
MAX_SECONDS = 60.0
TIMEOUT_SECONDS = 30.0
LOOPBACK_NAMES = {"localhost"}


def bench_api_live(cycle_key: str, *, clients: int = 8, requests: int = 200) -> dict[str, object]:
    """API load figures through a real `okrs serve` on loopback, with concurrent clients.

    A write token is made for the first admin and deleted afterwards; the check-in
    scenario re-records a key result's current value today.
    """
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
    try:
        with running_server(None, clients) as server:
            base_url = f"http://127.0.0.1:{server.port}"
            return bench_api(
                base_url, new.raw, cycle_key, kr.key, clients=clients, requests=requests
            )
    finally:
        new.token.delete()


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
            "list_key_results", lambda: Request(list_url, headers=headers), clients, requests
        ).as_dict(),
        "check_in": _load(
            "check_in",
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


def _load(name: str, make_request: Callable[[], Request], clients: int, requests: int) -> Result:
    """Send `requests` calls from `clients` threads; stop early after MAX_SECONDS."""
    answers: list[tuple[str, float]] = []
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
                answers.append((status, elapsed))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    return Result.of_requests(name, answers, ok="2", span=time.perf_counter() - started)


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
