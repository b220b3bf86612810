#!/usr/bin/env bash
# The whole check: lint, the test suite on SQLite, then again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

echo "== tests on SQLite"
"$VENV/bin/python" -m pytest

echo "== tests on PostgreSQL"
scripts/with-postgres.sh "$VENV/bin/python" -m pytest
