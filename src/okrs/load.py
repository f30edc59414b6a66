"""`okrs bench --load`: a busy Monday morning against the server as production runs it.

The run starts `okrs serve` (gunicorn worker processes) on a free loopback port, on the
database of the environment (`DATABASE_URL` / `OKRS_DATA_DIR`), and drives it over HTTP
in three phases of `seconds` each, four readers running throughout:

1. reads alone, after a few seconds of warming up (not reported): the dashboard, a team
   page, an objective page (each as a member of the company with a session of their own)
   and the API's objectives of a team (a read token);
2. the same while one writer posts check-ins through the API at 2 a second;
3. the same while `writers` writers post check-ins as fast as the server takes them.

It reports p50/p95 of the reads in each phase and of the writes, errors, the check-ins
written against those counted in the database afterwards, whether the stored figures of
the key results written to equal a fresh computation, the memory of each worker
(`/proc/<pid>/status` and `smaps_rollup`, Linux) and the first pages after the start.

The data stays as it was. Sessions are made the way Django's sign-in makes them (the
generated people have no passwords) and tokens are made for the run; both are deleted
afterwards, and the tokens expire within a day in any case. Each check-in goes to a day
of the cycle on which its key result has none (so every write adds a row and none
corrects another), carries the key result's current value and a note naming the run;
afterwards those rows are deleted and the figures of their key results recomputed,
which the report confirms by comparing them with the figures from before the run.

The load generator runs on the same machine as the server and takes some of its CPU:
figures are for comparing runs on one machine, not absolute.
"""

from __future__ import annotations

import http.client
import json
import math
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from okrs.goals import figures
from okrs.goals.models import CheckIn, Cycle, KeyResult, Objective, TeamScore
from okrs.people.models import ApiToken, Membership, Role, Team, User
from okrs.people.services import create_token

NOTE = "okrs bench load"
WRITE_RATE = 2.0  # check-ins a second in the one-writer phase
TIMEOUT_SECONDS = 60.0
START_SECONDS = 180.0
WARM_UP_SECONDS = 5.0  # readers only, not reported: each worker's first pages are slower
KEY_RESULTS_PER_WRITER = 8
READER_PAGES = ("dashboard", "team page", "objective page", "API objectives of a team")

Progress = Callable[[str], None]


class LoadError(RuntimeError):
    """The run cannot start: no data to read or write, or the server does not come up."""


def run_load(
    cycle: Cycle,
    *,
    seconds: float = 30.0,
    workers: int | None = None,
    threads: int = 4,
    writers: int = 20,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the three phases against a fresh `okrs serve` and return the report (JSON-ready)."""
    say = progress or (lambda message: None)
    warm_up = round(min(WARM_UP_SECONDS, seconds / 3), 1)
    run_id = secrets.token_hex(4)
    note = f"{NOTE} {run_id}"
    readers = _pick_readers(cycle)
    pool = _pick_key_results(cycle, writers)
    before = _stored_figures(pool)
    try:
        with _credentials(readers, pool) as keys:
            connections.close_all()  # the server's processes do the writing from here on
            with _server(workers, threads, say) as server:
                first_pages = _first_pages(server.port, readers, keys, cycle)
                phases = _phases(server, readers, pool, keys, note, seconds, warm_up, writers, say)
                memory = server.memory()
    except BaseException:  # Ctrl+C or a failure: the data is left as it was all the same
        _remove_check_ins(pool, note)
        raise
    say("checking and cleaning up")
    written = sum(p["writes"]["created"] for p in phases if p["writes"])
    check_ins = _check_and_clean(pool, note, written, before)
    return {
        "cycle": cycle.key,
        "seconds_per_phase": seconds,
        "warm_up_s": warm_up,
        "server": {
            "workers": server.workers,
            "threads": threads,
            "start_s": round(server.start_seconds, 2),
            "first_pages_ms": first_pages,
        },
        "readers": [
            {"page": page, "as": reader.email, "path": reader.path}
            for page, reader in zip(READER_PAGES, readers, strict=True)
        ],
        "phases": phases,
        "check_ins": check_ins,
        "memory_mb": memory,
    }


# -- who reads and what is written ----------------------------------------------------------


@dataclass
class Reader:
    """A person and the page they keep reloading."""

    user: User
    path: str
    api: bool = False

    @property
    def email(self) -> str:
        return self.user.email


@dataclass
class Target:
    """A key result written to, the person whose token writes, and the days still free."""

    key_result: KeyResult
    writer: User
    value: float
    confidence: float | None
    free_days: list[date]


def _pick_readers(cycle: Cycle) -> list[Reader]:
    """Four members of teams with public objectives in the cycle, a page each."""
    members = _members_of_teams_with_objectives(cycle)
    if not members:
        raise LoadError(
            f"no member of a team with public objectives in {cycle.key}: "
            "run `okrs generate` or `okrs demo` first"
        )
    picks = [members[i * len(members) // 4] for i in range(4)]
    query = "" if _is_default(cycle) else f"?{urlencode({'cycle': cycle.key})}"
    objective_team = picks[2][1]
    objective = (
        Objective.objects.filter(cycle=cycle, team=objective_team, visibility="public")
        .order_by("position", "id")
        .first()
    )
    assert objective is not None
    api_query = urlencode({"team": picks[3][1].key, "cycle": cycle.key})
    return [
        Reader(picks[0][0], f"/{query}"),
        Reader(picks[1][0], f"/teams/{quote(picks[1][1].key, safe='')}/{query}"),
        Reader(picks[2][0], f"/objectives/{quote(objective.key, safe='')}/"),
        Reader(picks[3][0], f"/api/v1/objectives?{api_query}", api=True),
    ]


def _members_of_teams_with_objectives(cycle: Cycle) -> list[tuple[User, Team]]:
    """(member, team) for teams without sub-teams that have public objectives in the cycle,
    one a team, members (not admins, not viewers) first by team."""
    teams = (
        Team.objects.filter(
            Exists(Objective.objects.filter(cycle=cycle, team=OuterRef("pk"), visibility="public"))
        )
        .annotate(has_children=Exists(Team.objects.filter(parent=OuterRef("pk"))))
        .order_by("has_children", "id")
    )
    found: list[tuple[User, Team]] = []
    for team in teams[:40]:
        membership = (
            Membership.objects.filter(team=team, user__role=Role.MEMBER, user__is_active=True)
            .select_related("user")
            .order_by("is_lead", "user_id")
            .first()
        )
        if membership is not None:
            found.append((membership.user, team))
    return found


def _is_default(cycle: Cycle) -> bool:
    from okrs.goals.snapshots import default_cycle

    shown = default_cycle()
    return shown is not None and shown.pk == cycle.pk


def _pick_key_results(cycle: Cycle, writers: int) -> list[Target]:
    """Metric key results of sibling teams, key results of one objective side by side (so
    that writers at once contend for the same objective and team rows), with a member of
    each team to write as."""
    wanted = max(writers, 1) * KEY_RESULTS_PER_WRITER
    today = min(timezone.localdate(), cycle.end)
    rows = list(
        KeyResult.objects.filter(
            objective__cycle=cycle,
            objective__visibility="public",
            type=KeyResult.Type.METRIC,
            baseline__isnull=False,
            target__isnull=False,
        )
        .select_related("objective__team")
        .order_by("objective__team__parent_id", "objective__team_id", "objective_id", "position")[
            : wanted * 2
        ]
    )
    writer_of: dict[int, User | None] = {}
    targets: list[Target] = []
    taken = _check_in_days([kr.pk for kr in rows])
    days = [cycle.start + timedelta(days=n) for n in range((today - cycle.start).days + 1)]
    for kr in rows:
        team_id = kr.objective.team_id
        if team_id not in writer_of:
            membership = (
                Membership.objects.filter(
                    team_id=team_id, user__role=Role.MEMBER, user__is_active=True
                )
                .select_related("user")
                .order_by("-is_lead", "user_id")
                .first()
            )
            writer_of[team_id] = membership.user if membership else None
        writer = writer_of[team_id]
        free = [day for day in reversed(days) if day not in taken[kr.pk]]
        if writer is None or not free:
            continue
        value = kr.current if kr.current is not None else kr.baseline
        assert value is not None
        targets.append(Target(kr, writer, value, kr.confidence, free))
        if len(targets) == wanted:
            break
    if not targets:
        raise LoadError(f"no metric key result of {cycle.key} to check in on")
    return targets


def _check_in_days(kr_ids: Sequence[int]) -> dict[int, set[date]]:
    taken: dict[int, set[date]] = defaultdict(set)
    for kr_id, day in CheckIn.objects.filter(key_result_id__in=kr_ids).values_list(
        "key_result_id", "date"
    ):
        taken[kr_id].add(day)
    return taken


@dataclass
class Keys:
    """Session keys of the web readers; read and write tokens; by user id."""

    sessions: dict[int, str] = field(default_factory=dict)
    read_tokens: dict[int, str] = field(default_factory=dict)
    write_tokens: dict[int, str] = field(default_factory=dict)


@contextmanager
def _credentials(readers: Sequence[Reader], pool: Sequence[Target]) -> Iterator[Keys]:
    """Sessions for the web readers and tokens for the API reader and the writers, deleted
    afterwards whatever happens."""
    keys = Keys()
    sessions: list[SessionBase] = []
    tokens: list[ApiToken] = []

    def token(user: User, scope: str, found: dict[int, str]) -> None:
        if user.pk not in found:
            new = create_token(user, scope=scope, name="okrs bench --load", expires_in_days=1)
            tokens.append(new.token)
            found[user.pk] = new.raw

    try:
        for reader in readers:
            if reader.api:
                token(reader.user, "read", keys.read_tokens)
            elif reader.user.pk not in keys.sessions:
                sessions.append(_signed_in(reader.user))
                keys.sessions[reader.user.pk] = sessions[-1].session_key or ""
        for target in pool:
            token(target.writer, "write", keys.write_tokens)
        yield keys
    finally:
        for made in tokens:
            made.delete()
        for session in sessions:
            session.delete()


def _signed_in(user: User) -> SessionBase:
    """A stored session of the user, as `django.contrib.auth.login` makes one (without
    recording a sign-in: the person did not sign in)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.save()
    return session


# -- the server -------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    workers: int
    start_seconds: float = 0.0

    def memory(self) -> dict[str, Any]:
        """RSS, peak RSS and proportional share (PSS) of each worker, in MB (Linux)."""
        workers = [w for pid in _children(self.process.pid) if (w := _memory_of(pid))]
        return {
            "workers": workers,
            "max_rss": max((w["rss"] for w in workers), default=None),
            "max_peak_rss": max((w["peak_rss"] for w in workers), default=None),
            "master": _memory_of(self.process.pid),
        }


@contextmanager
def _server(workers: int | None, threads: int, say: Progress) -> Iterator[Server]:
    """`okrs serve` on a free loopback port, stopped afterwards."""
    from okrs.server import default_workers, pick_server

    if pick_server(None) != "gunicorn":
        raise LoadError("the load run needs gunicorn (Linux or macOS)")
    count = workers or default_workers()
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "okrs",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(count),
        "--threads",
        str(threads),
        "--no-worker",  # the run measures the web workers alone
    ]
    say(f"starting okrs serve with {count} workers × {threads} threads on port {port}")
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        server = Server(process, port, count)
        try:
            _wait_for_port(port, process, log)
            server.start_seconds = time.perf_counter() - started
            yield server
        finally:
            process.send_signal(signal.SIGINT)  # a quick stop: every request has been answered
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-2000:]
            raise LoadError(f"okrs serve stopped with status {process.returncode}:\n{tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise LoadError(f"okrs serve did not listen within {START_SECONDS:.0f} s") from None
            time.sleep(0.05)


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc (empty where there is none)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _memory_of(pid: int) -> dict[str, Any] | None:
    """{pid, rss, peak_rss, pss} in MB from /proc/<pid>/status and smaps_rollup."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = _kilobytes(status, ("VmRSS", "VmHWM"))
    with suppress(OSError):
        values |= _kilobytes(Path(f"/proc/{pid}/smaps_rollup").read_text(), ("Pss",))
    return {
        "pid": pid,
        "rss": _mb(values.get("VmRSS")),
        "peak_rss": _mb(values.get("VmHWM")),
        "pss": _mb(values.get("Pss")),
    }


def _kilobytes(text: str, names: Sequence[str]) -> dict[str, int]:
    found = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in names:
            found[name] = int(rest.split()[0])
    return found


def _mb(kilobytes: int | None) -> float | None:
    return None if kilobytes is None else round(kilobytes / 1024, 1)


# -- HTTP -------------------------------------------------------------------------------------


class Client:
    """Requests of one person, a new connection each, as a proxy in front of the app
    servers sends them (nginx by default): any worker may answer any request."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = {**headers, "Connection": "close"}

    def request(self, method: str, path: str, body: Any = None) -> tuple[str, float]:
        """(status or failure name, seconds) of one request; the body is read and dropped."""
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        finally:
            connection.close()
        return status, time.perf_counter() - started


def _client_for(port: int, user: User, keys: Keys, *, write: bool = False) -> Client:
    """A client signed in as the user: by session cookie, else by bearer token."""
    if write:
        return Client(port, _bearer(keys.write_tokens[user.pk]))
    if user.pk in keys.sessions:
        return Client(port, {"Cookie": f"{settings.SESSION_COOKIE_NAME}={keys.sessions[user.pk]}"})
    return Client(port, _bearer(keys.read_tokens[user.pk]))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def _first_pages(
    port: int, readers: Sequence[Reader], keys: Keys, cycle: Cycle
) -> dict[str, float | str]:
    """Each reader's page once, one after the other, right after the server listens."""
    found: dict[str, float | str] = {}
    for page, reader in zip(READER_PAGES, readers, strict=True):
        client = _client_for(port, reader.user, keys)
        status, seconds = client.request("GET", reader.path)
        found[page] = round(seconds * 1000, 1) if status == "200" else f"status {status}"
    return found


# -- the phases -------------------------------------------------------------------------------


@dataclass
class Sample:
    phase: int
    kind: str  # a page of READER_PAGES, or "write"
    status: str
    seconds: float


class Recorder:
    """Samples of all threads, tagged with the phase running when the request started."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: list[Sample] = []
        self.phase = 0
        self.stop = threading.Event()

    def add(self, phase: int, kind: str, status: str, seconds: float) -> None:
        with self.lock:
            self.samples.append(Sample(phase, kind, status, seconds))


class Slots:
    """Hands out (target, day) pairs, each once, going round the key results in order:
    writers at once land on key results of the same objectives."""

    def __init__(self, pool: Sequence[Target]):
        self.lock = threading.Lock()
        self.pool = list(pool)
        self.next = 0

    def take(self) -> tuple[Target, date] | None:
        with self.lock:
            for _ in range(len(self.pool)):
                target = self.pool[self.next % len(self.pool)]
                self.next += 1
                if target.free_days:
                    return target, target.free_days.pop(0)
            return None


def _phases(
    server: Server,
    readers: Sequence[Reader],
    pool: Sequence[Target],
    keys: Keys,
    note: str,
    seconds: float,
    warm_up: float,
    writers: int,
    say: Progress,
) -> list[dict[str, Any]]:
    """Readers throughout: warming up (not reported), alone, then with writers."""
    recorder = Recorder()
    slots = Slots(pool)
    reading = [
        threading.Thread(
            target=_read,
            args=(recorder, _client_for(server.port, reader.user, keys), page, reader.path),
            daemon=True,
        )
        for page, reader in zip(READER_PAGES, readers, strict=True)
    ]
    names = [
        "reads alone",
        f"reads + 1 writer at {WRITE_RATE:g}/s",
        f"reads + {writers} writers at once",
    ]
    memory: list[dict[str, Any]] = []
    recorder.phase = -1  # warming up: not reported
    for thread in reading:
        thread.start()
    try:
        say(f"warming up for {warm_up:g} s")
        time.sleep(warm_up)
        for phase, name in enumerate(names):
            say(f"phase {phase + 1}: {name} for {seconds:g} s")
            recorder.phase = phase
            until = time.monotonic() + seconds
            if phase == 0:
                time.sleep(seconds)
            elif phase == 1:
                _write(recorder, server.port, keys, slots, note, phase, until, WRITE_RATE)
            else:
                _write_at_once(recorder, server.port, keys, slots, note, phase, until, writers)
            memory.append(server.memory())
    finally:
        recorder.stop.set()
        for thread in reading:
            thread.join(timeout=TIMEOUT_SECONDS + 5)
    return [
        _phase_report(name, [s for s in recorder.samples if s.phase == phase], seconds)
        | {"memory_max_rss_mb": memory[phase]["max_rss"] if phase < len(memory) else None}
        for phase, name in enumerate(names)
    ]


def _read(recorder: Recorder, client: Client, page: str, path: str) -> None:
    while not recorder.stop.is_set():
        phase = recorder.phase
        status, seconds = client.request("GET", path)
        recorder.add(phase, page, status, seconds)


def _write(
    recorder: Recorder,
    port: int,
    keys: Keys,
    slots: Slots,
    note: str,
    phase: int,
    until: float,
    rate: float | None,
) -> None:
    """Post check-ins until `until`, at `rate` a second (as fast as answered when None)."""
    due = time.monotonic()
    while time.monotonic() < until and not recorder.stop.is_set():
        if rate:
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            due += 1 / rate
            if time.monotonic() >= until:
                break
        slot = slots.take()
        if slot is None:
            break
        target, day = slot
        body = {
            "value": target.value,
            "confidence": target.confidence,
            "date": day.isoformat(),
            "note": note,
        }
        path = f"/api/v1/key-results/{quote(target.key_result.key, safe='')}/check-ins"
        client = _client_for(port, target.writer, keys, write=True)
        status, seconds = client.request("POST", path, body)
        recorder.add(phase, "write", status, seconds)


def _write_at_once(
    recorder: Recorder,
    port: int,
    keys: Keys,
    slots: Slots,
    note: str,
    phase: int,
    until: float,
    writers: int,
) -> None:
    threads = [
        threading.Thread(
            target=_write,
            args=(recorder, port, keys, slots, note, phase, until, None),
            daemon=True,
        )
        for _ in range(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _phase_report(name: str, samples: Sequence[Sample], seconds: float) -> dict[str, Any]:
    reads = [s for s in samples if s.kind != "write"]
    writes = [s for s in samples if s.kind == "write"]
    report: dict[str, Any] = {"name": name, "reads": _figures(reads, seconds, "200")}
    report["reads"]["pages"] = {
        page: _figures([s for s in reads if s.kind == page], seconds, "200")
        for page in READER_PAGES
    }
    report["writes"] = None
    if writes:
        report["writes"] = _figures(writes, seconds, "201")
        report["writes"]["created"] = sum(1 for s in writes if s.status == "201")
    return report


def _figures(samples: Sequence[Sample], seconds: float, ok: str) -> dict[str, Any]:
    ordered = sorted(s.seconds for s in samples)
    statuses = Counter(s.status for s in samples)
    return {
        "requests": len(ordered),
        "per_s": round(len(ordered) / seconds, 1) if seconds else None,
        "p50_ms": _ms(statistics.median(ordered)) if ordered else None,
        "p95_ms": _ms(_percentile(ordered, 0.95)) if ordered else None,
        "max_ms": _ms(ordered[-1]) if ordered else None,
        "errors": len(ordered) - statuses[ok],
        "statuses": dict(statuses),
    }


def _percentile(ordered: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# -- afterwards ---------------------------------------------------------------------------------


def _check_and_clean(
    pool: Sequence[Target], note: str, written: int, before: dict[str, Any]
) -> dict[str, Any]:
    """Count the run's check-ins, check the stored figures, delete the rows, recompute."""
    kr_ids = [t.key_result.pk for t in pool]
    rows = CheckIn.objects.filter(key_result_id__in=kr_ids, note=note)
    counted = rows.count()
    stale = _stale_figures(kr_ids)
    deleted = _remove_check_ins(pool, note)
    restored = _stored_figures(pool) == before
    return {
        "written": written,
        "counted": counted,
        "lost": max(0, written - counted),
        "stale_figures": stale,
        "deleted": deleted,
        "figures_restored": restored,
    }


def _remove_check_ins(pool: Sequence[Target], note: str) -> int:
    """Delete the run's check-ins and recompute the figures of their key results."""
    kr_ids = [t.key_result.pk for t in pool]
    with transaction.atomic():
        touched = set(
            CheckIn.objects.filter(key_result_id__in=kr_ids, note=note).values_list(
                "key_result_id", flat=True
            )
        )
        # One statement and one recomputation, not a signal and a refresh a row.
        with connection.cursor() as cursor:
            quote_name = connection.ops.quote_name
            cursor.execute(
                f"DELETE FROM {quote_name(CheckIn._meta.db_table)} WHERE note = %s "
                f"AND key_result_id IN ({', '.join(['%s'] * len(kr_ids))})",
                [note, *kr_ids],
            )
            deleted: int = cursor.rowcount
        figures.refresh(key_results=touched, coach=False)
    return deleted


class _Rollback(Exception):
    pass


def _stale_figures(kr_ids: Sequence[int]) -> int:
    """How many stored figures of these key results, their objectives and teams differ from
    a fresh computation (made in a transaction rolled back)."""
    targets = list(KeyResult.objects.filter(pk__in=kr_ids))
    before = _stored_figures_of(targets)
    after: dict[str, Any] = {}
    try:
        with transaction.atomic():
            figures.refresh(key_results=kr_ids, coach=False)
            after = _stored_figures_of(targets)
            raise _Rollback
    except _Rollback:
        pass
    return sum(
        1
        for kind in before
        for key in before[kind].keys() | after[kind].keys()
        if before[kind].get(key) != after[kind].get(key)
    )


def _stored_figures(pool: Sequence[Target]) -> dict[str, Any]:
    return _stored_figures_of([t.key_result for t in pool])


def _stored_figures_of(key_results: Sequence[KeyResult]) -> dict[str, Any]:
    """Stored figures of key results, of their objectives and of their teams' scores."""
    kr_ids = [kr.pk for kr in key_results]
    objective_ids = {kr.objective_id for kr in key_results}
    objectives = Objective.objects.filter(pk__in=objective_ids)
    return {
        "key_results": {
            pk: rest
            for pk, *rest in KeyResult.objects.filter(pk__in=kr_ids).values_list(
                "pk", *figures.FIGURE_FIELDS
            )
        },
        "objectives": {
            pk: rest for pk, *rest in objectives.values_list("pk", "score", "last_check_in")
        },
        "teams": {
            (cycle, team): rest
            for cycle, team, *rest in TeamScore.objects.filter(
                team_id__in=objectives.values("team_id"),
                cycle_id__in=objectives.values("cycle_id"),
            ).values_list("cycle_id", "team_id", "score", "public_score", "last_check_in")
        },
    }


# -- the report in words ------------------------------------------------------------------------


def describe(report: dict[str, Any]) -> str:
    """The report as a few lines and a table, for people."""
    server = report["server"]
    first = ", ".join(
        f"{page} {_show_ms(value)}" for page, value in server["first_pages_ms"].items()
    )
    lines = [
        f"Load run on {report['database']}, cycle {report['cycle']}: okrs serve with "
        f"{server['workers']} workers × {server['threads']} threads, "
        f"{report['seconds_per_phase']:g} s a phase.",
        f"Listening {server['start_s']:.1f} s after the start; first pages: {first}.",
        "",
        f"{'':34} {'reads':>6} {'p50':>8} {'p95':>8} {'errors':>6}   "
        f"{'writes':>6} {'p50':>8} {'p95':>8} {'errors':>6}",
    ]
    for phase in report["phases"]:
        reads, writes = phase["reads"], phase["writes"]
        row = (
            f"{phase['name']:34} {reads['requests']:>6} {_show_ms(reads['p50_ms']):>8} "
            f"{_show_ms(reads['p95_ms']):>8} {reads['errors']:>6}   "
        )
        if writes:
            row += (
                f"{writes['requests']:>6} {_show_ms(writes['p50_ms']):>8} "
                f"{_show_ms(writes['p95_ms']):>8} {writes['errors']:>6}"
            )
        lines.append(row.rstrip())
    alone, one_writer = report["phases"][0]["reads"], report["phases"][1]["reads"]
    if alone["p95_ms"] and one_writer["p95_ms"]:
        lines.append(
            f"Read p95 with 2 writes/s is {one_writer['p95_ms'] / alone['p95_ms']:.2f}× "
            "the read p95 alone."
        )
    lines.append("")
    for page in READER_PAGES:
        cells = [
            f"{_show_ms(p['reads']['pages'][page]['p50_ms'])}/"
            f"{_show_ms(p['reads']['pages'][page]['p95_ms'])}"
            for p in report["phases"]
        ]
        lines.append(f"  {page:32} p50/p95 by phase: {'  '.join(cells)}")
    check_ins = report["check_ins"]
    lines += [
        "",
        f"Check-ins: {check_ins['written']:,} written, {check_ins['counted']:,} counted in the "
        f"database, {check_ins['lost']:,} lost; stored figures that differed from a fresh "
        f"computation: {check_ins['stale_figures']}.",
        f"Cleaned up: {check_ins['deleted']:,} check-ins deleted, figures as before the run: "
        f"{'yes' if check_ins['figures_restored'] else 'NO'}.",
    ]
    memory = report["memory_mb"]
    if memory["workers"]:
        rss = ", ".join(f"{w['rss']:.0f}" for w in memory["workers"])
        pss = ", ".join(f"{w['pss']:.0f}" for w in memory["workers"] if w["pss"])
        lines.append(
            f"Memory per worker, MB: RSS {rss} (peak {memory['max_peak_rss']:.0f}); "
            f"proportional share (PSS) {pss or '—'}."
        )
    else:
        lines.append("Memory per worker: not measured (no /proc on this system).")
    return "\n".join(lines)


def _show_ms(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.0f} ms"
