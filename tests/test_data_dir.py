"""The data directory keeps the database and the secret key private to the OS user running okrs.

A new directory is 0700, the SQLite file and its WAL and shared-memory files 0600, the
generated secret key 0600; one key per data directory, whichever process made it first.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from okrs.data_dir import secret_key

OPEN_AND_WRITE = """
import json, os, stat, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
    data = settings.DATA_DIR
    names = ["", "okrs.sqlite3", "okrs.sqlite3-wal", "okrs.sqlite3-shm", "secret_key"]
    print(json.dumps({n: stat.S_IMODE(os.stat(data / n).st_mode) for n in names}))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_directory_and_its_database_are_private_to_their_owner(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}},
        "OKRS_DATA_DIR": str(tmp_path / "okrs"),
        "DJANGO_SETTINGS_MODULE": "okrs.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022)\n{OPEN_AND_WRITE}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    modes = json.loads(result.stdout.strip().splitlines()[-1])
    assert modes == {
        "": 0o700,
        "okrs.sqlite3": 0o600,
        "okrs.sqlite3-wal": 0o600,
        "okrs.sqlite3-shm": 0o600,
        "secret_key": 0o600,
    }


def test_the_secret_key_is_private_even_under_a_permissive_umask(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    old = os.umask(0)
    try:
        key = secret_key(tmp_path / "data")
    finally:
        os.umask(old)
    assert len(key) > 50
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]
    assert mode(tmp_path / "data" / "secret_key") == 0o600
    assert mode(tmp_path / "data") == 0o700


def test_processes_starting_at_once_share_one_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    start = threading.Barrier(8)
    keys: list[str] = []

    def start_up() -> None:
        start.wait()
        keys.append(secret_key(tmp_path))

    threads = [threading.Thread(target=start_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1
    assert (tmp_path / "secret_key").read_text() == keys[0]


def test_a_secret_key_of_another_os_user_is_a_clear_error_not_a_new_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("theirs")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(ImproperlyConfigured) as error:
        secret_key(tmp_path)
    message = str(error.value)
    assert str(tmp_path / "secret_key") in message
    assert "SECRET_KEY" in message and "another" in message
