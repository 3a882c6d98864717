#!/bin/sh
# One entrypoint for the HA image's roles, chosen by the container's command:
#   patroni   a PostgreSQL node managed by Patroni (ha.patroni.yml + PATRONI_* variables)
#   etcd      an etcd member (ETCD_* variables)
#   haproxy   the router to the current primary (ha.haproxy.cfg)
#   restore   point-in-time restore from the pgBackRest repository into an empty data directory, then a plain
#             PostgreSQL on it (RESTORE_TARGET: a timestamp with time zone)
# Starts as root only to hand the volumes to the postgres user; every program runs as postgres.
set -eu
role=${1:-patroni}
data=/var/lib/postgresql/data/pgdata
as_postgres() { exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

chown postgres:postgres /var/lib/postgresql/data /var/lib/pgbackrest 2>/dev/null || true

case "$role" in
  patroni)
    as_postgres patroni /etc/shouli-ha/ha.patroni.yml
    ;;
  etcd)
    export ETCD_DATA_DIR=/var/lib/shouli-etcd/data
    as_postgres etcd
    ;;
  haproxy)
    as_postgres haproxy -W -db -f /etc/shouli-ha/ha.haproxy.cfg
    ;;
  restore)
    : "${RESTORE_TARGET:?RESTORE_TARGET is required}"
    if [ ! -s "$data/PG_VERSION" ]; then
      # --type=time stops replay before the first commit after the target; promote makes the result a primary
      # on a new timeline. Later timelines (failovers after the backup) are followed.
      setpriv --reuid=postgres --regid=postgres --init-groups pgbackrest --stanza=shouli --pg1-path="$data" \
          --type=time --target="$RESTORE_TARGET" --target-action=promote --target-timeline=latest \
          --log-level-console=info restore
    fi
    # The restored configuration is the Patroni node's: no synchronous standby to wait for, and the WAL of this
    # copy must never be archived into the repository of the cluster it came from.
    as_postgres /usr/lib/postgresql/15/bin/postgres -D "$data" -c archive_mode=off \
        -c synchronous_standby_names= -c listen_addresses='*' -c unix_socket_directories=/run/postgresql
    ;;
  *)
    exec "$@"
    ;;
esac
