"""okrs serve is a real server, and production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from okrs.server import gunicorn_runs_here


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    # The browser tests allow async-unsafe calls in this process; production must not.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "OKRS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "x" * 30 + "production-secret-key-for-the-check-0123456789",
        "OKRS_HTTPS": "1",
        "ALLOWED_HOSTS": "okrs.example.com",
        "DJANGO_SETTINGS_MODULE": "okrs.settings",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("options", "server"),
    [
        pytest.param(
            ["--workers", "2", "--threads", "2"],
            "gunicorn",
            marks=pytest.mark.skipif(not gunicorn_runs_here(), reason="gunicorn needs fcntl"),
            id="gunicorn",
        ),
        pytest.param(["--server", "waitress"], "okrs", id="waitress"),
    ],
)
def test_serve_migrates_prints_where_and_serves_pages_and_static_files(tmp_path, options, server):
    port = free_port()
    # The browser tests allow async-unsafe calls in this process; production must not.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "OKRS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "okrs", "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(450):  # migrating a new database takes a while on a busy machine
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/admin/login/", timeout=2
                ) as response:
                    body = response.read().decode()
                    server_header = response.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and "Log in" in body
        assert server_header == server
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/admin/css/base.css", timeout=5
        ) as css:
            assert css.status == 200
        # With SQLite a background worker runs beside the web server by default.
        workers = 2 if server == "gunicorn" else 0
        assert len(child_processes(process.pid)) == workers + 1
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert "SQLite at" in output and str(tmp_path) in output
    if server == "gunicorn":
        assert process.returncode == 0, output  # SIGTERM stops it gracefully
        assert "2 worker processes × 2 threads; a background worker" in output
        assert output.count("okrs is running at") == 1  # not repeated by the forked workers


def child_processes(pid: int) -> list[int]:
    """The processes `pid` started (Linux)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


@pytest.mark.parametrize("command", [["--help"], ["lint", "--help"]])
def test_the_console_script_runs(command):
    result = subprocess.run(
        [sys.executable, "-m", "okrs", *command], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "Usage" in result.stdout


def production_setting(tmp_path, name: str, **env: str) -> str:
    """A setting as production mode (OKRS_HTTPS=1) computes it, with more environment."""
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        env={
            **os.environ,
            "OKRS_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "x" * 50,
            "OKRS_HTTPS": "1",
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "okrs.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_preload_is_sent_only_when_asked_for(tmp_path):
    assert production_setting(tmp_path, "SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting(tmp_path, "SECURE_HSTS_PRELOAD") == "False"
    assert production_setting(tmp_path, "SECURE_HSTS_PRELOAD", OKRS_HSTS_PRELOAD="1") == "True"


def test_scripts_cannot_read_the_csrf_cookie(client, db):
    response = client.get("/login/")
    assert response.cookies["csrftoken"]["httponly"] is True
    assert response.has_header("Content-Security-Policy")
