"""The server a benchmark drives: `okrs serve` on a free loopback port, and its memory.

Starting waits until the port takes connections (the server's own output goes to a
temporary file, shown when it stops early); stopping sends Ctrl+C, which gunicorn takes
as a quick shutdown.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from okrs.bench import BenchError
from okrs.server import default_workers

START_SECONDS = 180.0

Progress = Callable[[str], None]


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
def running_server(
    workers: int | None, threads: int, say: Progress | None = None
) -> Iterator[Server]:
    """`okrs serve` on a free loopback port, stopped afterwards.

    Raises `BenchError` when it stops or does not listen within `START_SECONDS`.
    """
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
        "--no-worker",  # the web workers are measured alone
    ]
    if say:
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
            # A quick stop: every request has been answered. Windows has no SIGINT to send.
            process.send_signal(signal.SIGTERM if os.name == "nt" else signal.SIGINT)
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
            raise BenchError(f"okrs serve stopped with status {process.returncode}:\n{tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise BenchError(
                    f"okrs serve did not listen within {START_SECONDS:.0f} s"
                ) from None
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
