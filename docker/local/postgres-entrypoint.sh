#!/bin/sh
# First start: initdb with the requested user, password and database; then run PostgreSQL in the foreground.
set -eu
PGDATA=/var/lib/postgresql/data
BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pwfile"
  "$BIN/initdb" -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --pwfile="$pwfile" -E UTF8 --auth-host=scram-sha-256 \
      --auth-local=trust >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "${POSTGRES_DB:-}" != "" ] && [ "${POSTGRES_DB}" != "${POSTGRES_USER:-postgres}" ]; then
    "$BIN/postgres" -D "$PGDATA" -c listen_addresses='' -k /run/postgresql &
    pid=$!
    until "$BIN/pg_isready" -q -h /run/postgresql; do sleep 0.2; done
    "$BIN/psql" -h /run/postgresql -U "${POSTGRES_USER:-postgres}" -d postgres -q -c "CREATE DATABASE \"$POSTGRES_DB\""
    kill "$pid"; wait "$pid" || true
  fi
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -k /run/postgresql
