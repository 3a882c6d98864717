#!/bin/sh
# Run once by Patroni on the node that creates the cluster, with a superuser connection string as $1: the
# gateway's role and database (the gateway's Flyway migrations make everything inside it).
set -eu
psql "$1" -v ON_ERROR_STOP=1 -q \
  -v pw="${SHOULI_DB_PASSWORD:?SHOULI_DB_PASSWORD is required}" <<'SQL'
CREATE ROLE shouli LOGIN PASSWORD :'pw';
CREATE DATABASE shouli OWNER shouli;
SQL
