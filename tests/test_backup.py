"""`okrs backup` and `okrs restore` move a whole installation, SQLite ↔ PostgreSQL.

Each step runs `okrs` in its own process on its own database, as an operator would.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from okrs.goals.demo import DEMO_PASSWORD, DEMO_PEOPLE

AS_OF = "2026-11-20"
ADMIN_URL = os.environ.get("OKRS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

# Prints what a user of the restored installation notices: cycles, who signs in, tokens.
PROBE = """
import json, sys
import django
django.setup()
from django.contrib.auth import authenticate
from django.test import RequestFactory
from okrs.goals.models import Cycle
from okrs.people.models import ApiToken, User
emails, password, token = json.loads(sys.argv[1])
request = RequestFactory(SERVER_NAME="localhost").post("/accounts/login/")
print(json.dumps({
    "cycles": sorted(Cycle.objects.values_list("key", flat=True)),
    "signed_in": [
        authenticate(request, email=email, password=password) is not None for email in emails
    ],
    "token": ApiToken.objects.filter(token_hash=ApiToken.hash(token)).exists(),
    "joined": [u.date_joined.isoformat() for u in User.objects.filter(email__in=emails)],
}))
"""


def okrs(env: dict[str, str], *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "okrs", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == code, result.stdout + result.stderr
    return result


def environment(data_dir: Path, database_url: str) -> dict[str, str]:
    data_dir.mkdir(exist_ok=True)
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "OKRS_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "okrs.settings",
    }


def what_users_see(env: dict[str, str], token: str) -> dict[str, object]:
    emails = [person.email for person in DEMO_PEOPLE]
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([emails, DEMO_PASSWORD, token])],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    seen["scores"] = {
        key: json.loads(okrs(env, "score", "--json", "--cycle", key, "--as-of", AS_OF).stdout)
        for key in seen["cycles"]
    }
    return seen


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A demo company with an API token on SQLite, and what its users see."""
    home = tmp_path_factory.mktemp("source")
    env = environment(home, f"sqlite:///{home / 'db.sqlite3'}")
    okrs(env, "demo")
    token = okrs(env, "token", "create", DEMO_PEOPLE[0].email).stdout.strip().splitlines()[-1]
    seen = what_users_see(env, token)
    assert seen["cycles"] and all(seen["signed_in"]) and seen["token"]
    return env, token, seen


@pytest.fixture
def postgres_url():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no PostgreSQL at {ADMIN_URL} ({error.__class__.__name__})")
    name = f"okrs_restore_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_sqlite_backup_restores_into_sqlite_with_identical_scores_and_sign_ins(source, tmp_path):
    env, token, seen = source
    backup = tmp_path / "okrs-backup.json"
    made = okrs(env, "backup", str(backup))
    assert "people.user" in made.stderr  # progress goes to stderr
    assert json.loads(backup.read_text())["format_version"] == 1

    target = environment(tmp_path / "target", f"sqlite:///{tmp_path / 'target' / 'db.sqlite3'}")
    restored = okrs(target, "restore", str(backup))
    assert "Restored" in restored.stderr + restored.stdout
    assert what_users_see(target, token) == seen


@pytest.mark.postgres
def test_sqlite_backup_restores_into_postgresql_and_back(source, tmp_path, postgres_url):
    env, token, seen = source
    backup = tmp_path / "okrs-backup.json.gz"
    okrs(env, "backup", str(backup))
    with gzip.open(backup, "rt", encoding="utf-8") as file:
        assert json.load(file)["format"] == "okrs-backup"

    on_postgres = environment(tmp_path / "pg", postgres_url)
    okrs(on_postgres, "restore", str(backup))
    assert what_users_see(on_postgres, token) == seen

    # New rows after a restore get new ids: the sequences were moved past the restored ones.
    okrs(on_postgres, "user", "create", "new@example.com", "--password", "a-long-password-1")

    again = tmp_path / "again.json"
    okrs(on_postgres, "backup", str(again))
    back = environment(tmp_path / "back", f"sqlite:///{tmp_path / 'back' / 'db.sqlite3'}")
    okrs(back, "restore", str(again))
    assert what_users_see(back, token) == seen


def test_restore_refuses_a_database_that_holds_data(source, tmp_path):
    env, _, _ = source
    backup = tmp_path / "okrs-backup.json"
    okrs(env, "backup", str(backup))
    refused = okrs(env, "restore", str(backup), code=2)
    assert "empty database" in refused.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    env = environment(tmp_path / "home", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    other = tmp_path / "plan.json"
    other.write_text(json.dumps({"cycle": "2026-Q4"}))
    refused = okrs(env, "restore", str(other), code=2)
    assert "not an okrs backup" in refused.stderr


def test_a_restore_that_fails_leaves_the_database_empty(source, tmp_path):
    env, token, seen = source
    backup = tmp_path / "okrs-backup.json"
    okrs(env, "backup", str(backup))
    data = json.loads(backup.read_text())
    broken = tmp_path / "broken.json"
    check_in = dict(data["models"]["goals.checkin"][-1])
    check_in["pk"] += 1000
    check_in["fields"] = {**check_in["fields"], "key_result": 999_999}
    data["models"]["goals.checkin"].append(check_in)
    broken.write_text(json.dumps(data))

    target = environment(tmp_path / "target", f"sqlite:///{tmp_path / 'target' / 'db.sqlite3'}")
    refused = okrs(target, "restore", str(broken), code=2)
    assert "nothing restored" in refused.stderr
    okrs(target, "restore", str(backup))  # the database is still empty
    assert what_users_see(target, token) == seen


def test_restore_refuses_a_backup_of_a_newer_version(source, tmp_path):
    env, _, _ = source
    backup = tmp_path / "okrs-backup.json"
    okrs(env, "backup", str(backup))
    data = json.loads(backup.read_text())
    data["migrations"]["goals"].append("9999_from_the_future")
    backup.write_text(json.dumps(data))
    target = environment(tmp_path / "target", f"sqlite:///{tmp_path / 'target' / 'db.sqlite3'}")
    refused = okrs(target, "restore", str(backup), code=2)
    assert "newer okrs" in refused.stderr
