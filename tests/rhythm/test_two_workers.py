"""Two worker processes at once on one database: every job runs exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENQUEUE = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.rhythm.jobs_for_tests import take_a_while
for number in range(40):
    take_a_while.enqueue(number)
"""
REPORT = """
import django, json; django.setup()
from django_tasks_db.models import DBTaskResult
print(json.dumps([[r.status, r.worker_ids] for r in DBTaskResult.objects.all()]))
"""


def test_two_workers_at_once_run_each_job_once(tmp_path):
    env = {
        **os.environ,
        "OKRS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "okrs.settings",
    }
    root = Path(__file__).resolve().parents[2]

    def python(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    python(ENQUEUE)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "okrs", "worker", "--once"],
            env=env,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert all(w.returncode == 0 for w in workers)

    import json

    results = json.loads(python(REPORT))
    assert len(results) == 42  # the 40 jobs, one reminder run and one clean-up, not two each
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in results)
    ran = [int(out.split()[1]) for out in outputs]
    assert sum(ran) == 42 and min(ran) > 0, outputs  # both worked, neither twice
