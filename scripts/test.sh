#!/usr/bin/env bash
# The whole check: lint (ruff, mypy), the test suite on SQLite, then again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"

# The browser tests drive Debian's Chromium (Playwright without its own browser download).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== installing Chromium for the browser tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "test.sh: /usr/bin/chromium is missing; install Debian's chromium for the browser tests" >&2
  fi
fi

echo "== tests on SQLite"
"$VENV/bin/python" -m pytest

echo "== tests on PostgreSQL"
scripts/with-postgres.sh "$VENV/bin/python" -m pytest
