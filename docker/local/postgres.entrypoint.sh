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
  # As the official image: the database POSTGRES_DB (default: the user's name) exists after the first start.
  db=${POSTGRES_DB:-${POSTGRES_USER:-postgres}}
  if [ "$db" != "postgres" ]; then
    "$BIN/postgres" -D "$PGDATA" -c listen_addresses='' -k /run/postgresql &
    pid=$!
    until "$BIN/pg_isready" -q -h /run/postgresql; do sleep 0.2; done
    "$BIN/psql" -h /run/postgresql -U "${POSTGRES_USER:-postgres}" -d postgres -q -c "CREATE DATABASE \"$db\""
    kill "$pid"; wait "$pid" || true
  fi
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -k /run/postgresql
