#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on 127.0.0.1 and TEST_POSTGRES_URL set.
# Installs the distribution's PostgreSQL when it is missing (needs root, as in CI).
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

PORT="${TEST_POSTGRES_PORT:-54329}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

PGBIN="$(find_bin)"
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "with-postgres: installing PostgreSQL from the distribution's packages…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN="$(find_bin)"
  fi
fi
if [ -z "$PGBIN" ]; then
  echo "with-postgres: PostgreSQL is not installed; install it (apt-get install postgresql)" >&2
  exit 1
fi

DIR="$(mktemp -d /tmp/bot-postgres.XXXXXX)"
AS=()
if [ "$(id -u)" = "0" ]; then  # initdb refuses to run as root
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi

stop() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o \
  "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null

export TEST_POSTGRES_URL="postgresql+asyncpg://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
