#!/usr/bin/env bash
# Set up okrs in ./.venv, load the demo company into SQLite and serve it on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .

.venv/bin/okrs demo
exec .venv/bin/okrs serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
