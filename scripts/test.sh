#!/usr/bin/env bash
# Set up a development environment and run every check: ruff, mypy, and the test suite on
# SQLite (with the browser tests) and on PostgreSQL (DATABASE_URL, default the local server).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
PG_URL="${OKRS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/okrs}"

step() { printf '\n== %s\n' "$*"; }

step "Installing okrs and its development tools into .venv"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'

if [ ! -x /usr/bin/chromium ]; then
    step "Installing Debian's Chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi

step "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "mypy"
.venv/bin/mypy src/okrs/core src/okrs/goals src/okrs/people src/okrs/api src/okrs/web src/okrs/bench src/okrs/rhythm src/okrs/cli

# Each run gets its own data directory: tests never touch the user's database.
export OKRS_DATA_DIR="$(mktemp -d)"
trap 'rm -rf "$OKRS_DATA_DIR"' EXIT
PYTEST=(.venv/bin/pytest -n "${PYTEST_WORKERS:-2}")

step "Tests on SQLite"
env -u DATABASE_URL "${PYTEST[@]}" "$@"

# Reachable means the server answers; the tests create their own database on it.
pg_up() {
    .venv/bin/python - "$PG_URL" 2>/dev/null <<'PY'
import sys

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

params = conninfo_to_dict(sys.argv[1]) | {"dbname": "postgres", "connect_timeout": 3}
psycopg.connect(make_conninfo(**params)).close()
PY
}
if ! pg_up && command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
fi
if pg_up; then
    step "Tests on PostgreSQL ($PG_URL)"
    DATABASE_URL="$PG_URL" "${PYTEST[@]}" -m "not browser" "$@"
elif [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is not reachable at $PG_URL: CI needs it." >&2
    exit 1
else
    echo "SKIPPED: the PostgreSQL run (no server reachable at $PG_URL; set OKRS_TEST_POSTGRES_URL)."
fi
