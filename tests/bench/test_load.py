"""`okrs bench --load` against a real `okrs serve`, in short phases on the demo company."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from okrs.server import gunicorn_runs_here

pytestmark = pytest.mark.skipif(
    not gunicorn_runs_here(), reason="the load run serves with gunicorn"
)


def okrs(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okrs", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_the_load_run_reports_reads_writes_memory_and_loses_no_check_in(tmp_path):
    # A data directory of its own: the server is another process, it cannot see a test database.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "OKRS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    assert okrs("demo", env=env).returncode == 0
    before = okrs("export", "--format", "json", env=env).stdout

    run = okrs(
        "bench", "--load", "--seconds", "2", "--workers", "2", "--writers", "4", "--json", env=env
    )

    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["server"]["workers"] == 2
    assert set(report["server"]["first_pages_ms"]) == {
        "dashboard",
        "team page",
        "objective page",
        "API objectives of a team",
    }
    assert all(isinstance(ms, float) for ms in report["server"]["first_pages_ms"].values())
    alone, one_writer, many = report["phases"]
    assert alone["writes"] is None and one_writer["writes"]["samples"] >= 2
    for phase in report["phases"]:
        assert phase["reads"]["samples"] > 0 and phase["reads"]["errors"] == 0
        assert phase["reads"]["p50_ms"] <= phase["reads"]["p95_ms"]
    for phase in (one_writer, many):
        assert phase["writes"]["errors"] == 0
    check_ins = report["check_ins"]
    assert check_ins["written"] == check_ins["counted"] == check_ins["deleted"] > 0
    assert check_ins["lost"] == 0 and check_ins["stale_figures"] == 0
    assert check_ins["figures_restored"] is True
    workers = report["memory_mb"]["workers"]
    assert len(workers) == 2 and all(w["rss"] > 0 for w in workers)
    # The run leaves the data as it was, and no token or session behind.
    assert okrs("export", "--format", "json", env=env).stdout == before
    assert leftovers(env) == {"tokens": 0, "sessions": 0}


def leftovers(env: dict[str, str]) -> dict[str, int]:
    """API tokens and sessions stored in the data directory's database."""
    code = (
        "import django, json; django.setup()\n"
        "from django.contrib.sessions.models import Session\n"
        "from okrs.people.models import ApiToken\n"
        "print(json.dumps({'tokens': ApiToken.objects.count(), 'sessions': Session.objects.count()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "okrs.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
