#!/usr/bin/env bash
# Failover and restore drill of docker/ha/compose.yaml, for real with podman: two PostgreSQL nodes under Patroni
# (synchronous replication), three etcd members, HAProxy beside each of two gateways, a pgBackRest repository.
#
#   1. build the images (docker/lib.sh: a Debian base, the HA image, the gateway from docker/Dockerfile)
#   2. start the stack; a steady stream of complaints alternates between the two gateways (docker/ha/drill.py)
#   3. a full pgBackRest backup, under that load
#   4. SIGKILL the leader's PostgreSQL (its Patroni stays alive); wait until intake accepts again and the
#      cluster has a leader and a synchronous standby again
#   5. note the restore target time, keep intaking
#   6. kill the whole machine of the leader by then: its PostgreSQL node and the etcd member beside it; later
#      start it again and wait until it is the synchronous standby of the new leader
#   7. print acknowledged, lost (every acknowledged reference read back through the desk API), answers by
#      status, 500s, 503s with/without Retry-After, seconds from each kill until intake accepted again
#   8. restore drill: restore the backup plus WAL archive to the target time into a fresh PostgreSQL, start a
#      gateway on it: every complaint acknowledged before the target is there, none sent after it
# Fails (exit 1) when a target is missed: 0 acknowledged lost, 0 x 500, 503 always with Retry-After and only
# while no node is primary, intake accepting again within 30 s of each kill, a faithful restore.
# Everything it started is removed at the end, whatever happened. Figures: BENCHMARKS.md.
#
# Settings (environment): HA_TEST_PORT_1, HA_TEST_PORT_2, HA_TEST_PORT_RESTORE, HA_TEST_STATS_PORT (host
# ports, loopback only), HA_TEST_RATE (complaints per second, default 20), HA_TEST_RESTORE=0 skips step 8,
# HA_TEST_KEEP_LOGS=DIR keeps the answers, summaries and container logs there, HA_TEST_GATEWAY_IMAGE=IMAGE
# drills that gateway image instead of building one from this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

export CONTAINERS_CONF="$here/docker/containers.conf"
project=shouli-ha-$$
port1=${HA_TEST_PORT_1:-18181}
port2=${HA_TEST_PORT_2:-18182}
port_restore=${HA_TEST_PORT_RESTORE:-18183}
stats_port=${HA_TEST_STATS_PORT:-17000}
rate=${HA_TEST_RATE:-20}
token=ha-drill-desk-token-0123456789
compose_file=docker/ha/compose.yaml
started=$(date +%s)
work=$(mktemp -d /var/tmp/shouli-ha-test.XXXXXX)
loader=

step() { echo "docker/ha-test.sh [$(( $(date +%s) - started ))s] $*"; }

. docker/lib.sh

# Set before anything is built or started, so a failure at any step still removes all of it.
cleanup() {
  status=$?
  if [ -n "$loader" ] && kill -0 "$loader" 2>/dev/null; then
    touch "$work/stop"
    wait "$loader" 2>/dev/null || true
  fi
  [ $status -eq 0 ] || print_last_logs "$project" 30
  if [ -n "${HA_TEST_KEEP_LOGS:-}" ]; then
    mkdir -p "$HA_TEST_KEEP_LOGS"
    cp "$work"/* "$HA_TEST_KEEP_LOGS"/ 2>/dev/null || true
    for c in $(project_containers "$project"); do podman logs "$c" > "$HA_TEST_KEEP_LOGS/$c.log" 2>&1 || true; done
  fi
  step "tearing down"
  teardown_project "$project" "$compose_file"
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A run that was itself killed (no trap ran) leaves its project behind, holding the ports: remove the
# projects of ha-test runs whose process is gone. A run still going (another worktree's) is left alone.
for stale in $(podman ps -a --format '{{index .Labels "io.podman.compose.project"}}' | grep '^shouli-ha-[0-9]*$' \
    | sort -u); do
  kill -0 "${stale#shouli-ha-}" 2>/dev/null || { echo "removing $stale, left by a run that did not finish"; \
    teardown_project "$stale" "$compose_file"; }
done

ensure_base_image
build_local_image docker/ha ha
ha_image=$(local_image docker/ha ha)
if [ -n "${HA_TEST_GATEWAY_IMAGE:-}" ]; then
  gateway_image=$HA_TEST_GATEWAY_IMAGE
else
  # A tag of its own, so a docker/test.sh run in another worktree does not swap the image under this one.
  gateway_image=localhost/shouli:ha-test
  build_gateway_image "$gateway_image"
fi

# The load generator is one address standing for many people: no per-client rate limits (docker/ha/compose.yaml).
export SHOULI_HTTP_ANONYMOUS_PER_CLIENT_PER_MINUTE=0 SHOULI_HTTP_REFUSED_PER_CLIENT_PER_MINUTE=0
export SHOULI_IMAGE=$gateway_image HA_IMAGE=$ha_image SHOULI_PORT_1=$port1 SHOULI_PORT_2=$port2 \
    HAPROXY_STATS_PORT=$stats_port SHOULI_DESK_TOKENS=drill:$token
compose() { podman-compose -p "$project" -f "$compose_file" "$@"; }
container() { echo "${project}_$1_1"; }
killed=()


# Fails at once, naming it, when a container the drill did not kill has exited or restarted.
healthy() { check_containers "$project" "${killed[@]+"${killed[@]}"}"; }

patronictl() {
  # Asks any node still alive.
  local n
  for n in pg-1 pg-2; do
    case " ${killed[*]+"${killed[*]}"} " in *" $(container "$n") "*) continue ;; esac
    podman exec "$(container "$n")" patronictl -c /etc/shouli-ha/ha.patroni.yml "$@" 2>/dev/null && return 0
  done
  return 1
}

# members ROLE: the node names with that Patroni role ("Leader", "Sync Standby") and a running PostgreSQL.
members() {
  patronictl list -f json | python3 -c '
import json, sys
print(" ".join(m["Member"] for m in json.load(sys.stdin)
               if m["Role"] == sys.argv[1] and m["State"] in ("running", "streaming")))' "$1"
}

# wait_cluster [SYNC]: a leader (and with SYNC, a synchronous standby streaming from it) within 120 s.
wait_cluster() {
  local _
  for _ in $(seq 1 240); do
    healthy || return 1
    if [ -n "$(members Leader 2>/dev/null)" ] && { [ -z "${1:-}" ] || [ -n "$(members 'Sync Standby' 2>/dev/null)" ]; }; then
      return 0
    fi
    sleep 0.5
  done
  echo "the cluster has no leader${1:+ and synchronous standby} after 120 s:" >&2
  patronictl list >&2 || true
  return 1
}

wait_ready() {
  local _
  for _ in $(seq 1 180); do
    if curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; then return 0; fi
    healthy || return 1
    sleep 1
  done
  echo "gateway on port $1 never became ready" >&2
  return 1
}

# wait_accepting SINCE: until intake is steady again after SINCE (epoch seconds), at most 90 s: no request sent
# after it is left hanging (on the dead node, say), and the last 20 sent were all acknowledged. A kill does not
# show at once, so the first acknowledgement after it proves nothing.
wait_accepting() {
  local _
  for _ in $(seq 1 180); do
    if python3 - "$work/answers.jsonl" "$1" "$rate" <<'EOF'
import json, sys, time
since, rate = float(sys.argv[2]), float(sys.argv[3])
answers = []
with open(sys.argv[1]) as f:
    for line in f:
        try:
            a = json.loads(line)
        except ValueError:  # the line being written right now
            continue
        if a["sent"] >= since:
            answers.append(a)
answers.sort(key=lambda a: a["seq"])
seqs = {a["seq"] for a in answers}
# Requests are numbered in sending order: one sent over 2 s before the newest answered one and still without an
# answer is hanging (on the dead node, say).
hanging = answers and any(n not in seqs for n in range(answers[0]["seq"], answers[-1]["seq"] - int(2 * rate)))
steady = len(answers) >= 20 and all(200 <= a["status"] < 300 for a in answers[-20:])
sys.exit(0 if time.time() > since + 3 and steady and not hanging else 1)
EOF
    then return 0; fi
    healthy || return 1
    [ -n "$loader" ] && kill -0 "$loader" 2>/dev/null || { echo "the load generator stopped" >&2; return 1; }
    sleep 0.5
  done
  echo "intake did not accept steadily again within 90 s" >&2
  return 1
}

# wait_new_leader OLD: until a node other than OLD holds the leader lock (OLD's lock lapses after Patroni's ttl).
wait_new_leader() {
  local _ now_leading
  for _ in $(seq 1 120); do
    now_leading=$(members Leader 2>/dev/null || true)
    [ -n "$now_leading" ] && [ "$now_leading" != "$1" ] && return 0
    healthy || return 1
    sleep 0.5
  done
  echo "no node took over from $1 within 60 s" >&2
  return 1
}

now() { date +%s.%N; }

step "compose up: etcd x3, PostgreSQL/Patroni x2, HAProxy x2"
compose up -d etcd-1 etcd-2 etcd-3 pg-1 pg-2 haproxy-1 haproxy-2 >"$work/compose-up.log" 2>&1 \
    || { tail -20 "$work/compose-up.log"; exit 1; }
wait_cluster sync
step "cluster up: leader $(members Leader), synchronous standby $(members 'Sync Standby')"

leader=$(members Leader)
podman exec --user postgres "$(container "$leader")" pgbackrest --stanza=shouli stanza-create
step "pgBackRest stanza created on $leader"

step "compose up: two gateways"
compose up -d --no-deps gateway-1 gateway-2 >>"$work/compose-up.log" 2>&1 \
    || { tail -20 "$work/compose-up.log"; exit 1; }
wait_ready "$port1"
wait_ready "$port2"
step "both gateways ready"

touch "$work/answers.jsonl" "$work/routing.jsonl" "$work/events"
load_started=$(now)
python3 docker/ha/drill.py load --ports "$port1,$port2" --rate "$rate" --answers "$work/answers.jsonl" \
    --routing "$work/routing.jsonl" --stats-url "http://127.0.0.1:$stats_port/;csv" --stop-file "$work/stop" \
    --max-seconds 900 &
loader=$!
step "load running: $rate complaints/s, alternating between the gateways"
wait_accepting "$load_started"

podman exec --user postgres "$(container "$leader")" pgbackrest --stanza=shouli --type=full backup
step "full backup taken on $leader under load"
sleep 10

leader=$(members Leader)
step "SIGKILL the PostgreSQL postmaster of the leader $leader"
# The kill's time is taken just before it: podman exec itself takes a moment, and an answer refused in that
# moment is the kill's doing.
t_kill=$(now)
podman exec "$(container "$leader")" sh -c 'kill -9 "$(head -1 /var/lib/postgresql/data/pgdata/postmaster.pid)"'
echo "postgres-killed $t_kill" >> "$work/events"
wait_accepting "$t_kill"
step "intake accepting again"
wait_cluster sync
step "cluster whole again: leader $(members Leader), synchronous standby $(members 'Sync Standby')"
sleep 10

target=$(now)
step "restore target noted: $(date -u -d "@$target" '+%H:%M:%S.%N' | cut -c1-12) UTC"
sleep 10

leader=$(members Leader)
number=${leader#pg-}
step "kill the machine of the leader $leader: its node container and etcd-$number beside it (SIGKILL)"
killed+=("$(container "$leader")" "$(container "etcd-$number")")
t_kill=$(now)
podman kill --signal KILL "$(container "$leader")" "$(container "etcd-$number")" >/dev/null
echo "node-killed $t_kill" >> "$work/events"
wait_new_leader "$leader"
step "leader now $(members Leader), running alone"
wait_accepting "$t_kill"
step "intake accepting again"
patronictl list | sed 's/^/  /'
sleep 15

# The machine comes back: Patroni rewinds the old leader's diverged WAL (pg_rewind), makes it a replica of the
# new leader, and once it has caught up, its synchronous standby again. Intake goes on meanwhile.
step "the killed machine comes back: $leader and etcd-$number started again"
podman start "$(container "etcd-$number")" "$(container "$leader")" >/dev/null
killed=()
wait_cluster sync
step "redundancy back: leader $(members Leader), synchronous standby $(members 'Sync Standby')"
patronictl list | sed 's/^/  /'
sleep 5

touch "$work/stop"
wait "$loader"
loader=
step "load stopped; reading every acknowledged complaint back through the desk API"
status=0
python3 docker/ha/drill.py report --answers "$work/answers.jsonl" --routing "$work/routing.jsonl" \
    --events "$work/events" --ports "$port1,$port2" --token "$token" --summary "$work/failover.json" || status=1
healthy

if [ "${HA_TEST_RESTORE:-1}" != 0 ]; then
  leader=$(members Leader)
  # Closes the current WAL segment and waits until it is in the archive, so the restore can replay past the
  # target: the complaints after it are in the archive and must still not come back.
  podman exec --user postgres "$(container "$leader")" pgbackrest --stanza=shouli check
  step "WAL archived up to now (pgbackrest check on $leader)"
  podman exec --user postgres "$(container "$leader")" pgbackrest --stanza=shouli info | sed 's/^/  /'
  target_text=$(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S.%N' | cut -c1-26)+00
  step "restoring to $target_text into a fresh PostgreSQL"
  podman run -d --name "${project}_restored" --label "io.podman.compose.project=$project" \
      --network "${project}_default" --network-alias pg-restored --memory 384m --shm-size 128m \
      -v "${project}_backups:/var/lib/pgbackrest:ro" -e RESTORE_TARGET="$target_text" \
      "$ha_image" restore >/dev/null
  for _ in $(seq 1 240); do
    podman exec "${project}_restored" pg_isready -q -h /run/postgresql 2>/dev/null \
        && [ "$(podman exec "${project}_restored" psql -h /run/postgresql -U postgres -tAc 'select pg_is_in_recovery()' 2>/dev/null)" = f ] \
        && break
    healthy || exit 1
    sleep 0.5
  done
  podman logs "${project}_restored" 2>&1 | grep -E 'recovery stopping|starting point-in-time|selected new timeline' | sed 's/^/  /' || true
  step "restored PostgreSQL promoted; starting a gateway on it"
  podman run -d --name "${project}_gateway-restored" --label "io.podman.compose.project=$project" \
      --no-healthcheck --network "${project}_default" --memory 640m -p "127.0.0.1:$port_restore:8080" \
      -e SHOULI_DATABASE_URL=postgresql://shouli:shouli@pg-restored:5432/shouli -e SHOULI_DESK_TOKENS="drill:$token" \
      -e SHOULI_HTTP_INSTANCES=1 -e SHOULI_DATABASE_POOL_SIZE=6 \
      -e JAVA_OPTS='-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError' "$gateway_image" >/dev/null
  wait_ready "$port_restore"
  python3 docker/ha/drill.py restore --answers "$work/answers.jsonl" --target-epoch "$target" --margin 1 \
      --ports "$port_restore" --token "$token" --summary "$work/restore.json" || status=1
fi

step "done in $(( $(date +%s) - started )) s"
if [ $status -eq 0 ]; then
  echo "docker/ha-test.sh: 1 passed, 0 failed"
else
  echo "docker/ha-test.sh: 0 passed, 1 failed"
fi
exit $status
