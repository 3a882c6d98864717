#!/usr/bin/env bash
# Intake benchmark: the gateway's POST /api/v1/complaints under wrk, against pgbench doing the equivalent
# raw work on the same PostgreSQL in the same run. See BENCHMARKS.md for figures and how to read them.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/run.sh [-h]

Starts the Shouli gateway (target/shouli.jar, built if missing) on 127.0.0.1 and a free port, warms it up,
drives POST /api/v1/complaints with wrk (unique Idempotency-Key per request, ~1 KB Chinese complaint),
checks that every 2xx answer is a stored row, then runs pgbench on the same PostgreSQL with one
transaction doing the equivalent raw work (one ~1 KB JSONB insert with a unique key + one indexed
lookup), and prints the figures and the ratio gateway/pgbench.

Environment (all optional):
  DURATION=30s          length of the wrk run and of the pgbench run (wrk syntax: 30s, 2m; 10s at least
                        for meaningful figures)
  WARMUP=60s            wrk warm-up before the measured run (0 to skip); the JIT compiler is still busy
                        for about a minute under this load, see BENCHMARKS.md
  CONNECTIONS=64        wrk connections and pgbench clients
  THREADS=2             wrk threads and pgbench threads (-j)
  SHOULI_DATABASE_URL   use this PostgreSQL (postgresql://user:password@host:port/db) instead of a fresh
                        embedded one; the gateway migrates it, pgbench creates/drops table bench_raw in it
  SHOULI_HTTP_INSTANCES, SHOULI_DATABASE_POOL_SIZE, ...  passed to the gateway as usual
  GATEWAY_JAVA_OPTS     extra JVM options for the gateway (e.g. "-Xmx1g")
  WRK_TIMEOUT=5s        a request unanswered this long counts as an error
  KEEP_DATA=1           keep the throwaway embedded cluster under bench/results/<run>/data
  PGBENCH_GATEWAY_SQL=1 also replay the gateway's own intake SQL through pgbench (splits SQL from JVM cost)
  STRICT=1              exit 3 when a target is missed

Targets (2-core machine): ratio >= 0.6, p99 <= 25 ms, zero errors, rows stored = 2xx answers.
Raw outputs go to bench/results/<UTC timestamp>/ (git-ignored). Needs: java, curl, wrk, psql, pgbench
(Debian: apt-get install wrk postgresql-client).
EOF
}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
if [[ $# -gt 0 ]]; then usage >&2; exit 2; fi

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}
GIVEN_DB=${SHOULI_DATABASE_URL:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
JAR=$ROOT/target/shouli.jar
BODY=$BENCH/complaint.json

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

to_seconds() { # 30s | 2m | 1h | 45 -> seconds
    local v=$1
    case $v in
        *ms) echo 0 ;;
        *s) echo "${v%s}" ;;
        *m) echo $(( ${v%m} * 60 )) ;;
        *h) echo $(( ${v%h} * 3600 )) ;;
        *) echo "$v" ;;
    esac
}

# ---------------------------------------------------------------------------------------------- tools
missing=()
for tool in java curl wrk psql pgbench ss; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if (( ${#missing[@]} )); then
    echo "bench: missing tools: ${missing[*]}" >&2
    echo "bench: on Debian/Ubuntu: sudo apt-get install wrk postgresql-client curl default-jre-headless" >&2
    exit 2
fi
DURATION_S=$(to_seconds "$DURATION")
[[ $DURATION_S =~ ^[0-9]+$ && $DURATION_S -ge 1 ]] || die "DURATION must be like 30s, 2m (got $DURATION)"
[[ $(to_seconds "$WARMUP") =~ ^[0-9]+$ ]] || die "WARMUP must be like 10s or 0 (got $WARMUP)"
[[ $CONNECTIONS =~ ^[0-9]+$ && $THREADS =~ ^[0-9]+$ && $CONNECTIONS -ge $THREADS ]] \
    || die "CONNECTIONS and THREADS must be numbers, CONNECTIONS >= THREADS"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/$STAMP
mkdir -p "$OUT"
log "raw outputs in ${OUT#"$ROOT"/}"

# ------------------------------------------------------------------------------------------- cleanup
GW_PID=""
PG_DATA=""
CHILD_PID=""

postmaster_pid() { # pid of the embedded postmaster, if it runs
    [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]] || return 1
    local pid
    pid=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

wait_gone() { # pid seconds
    local i
    for (( i = 0; i < $2 * 5; i++ )); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.2
    done
    return 1
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $CHILD_PID ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
        kill -TERM "$CHILD_PID" 2>/dev/null || true
    fi
    if [[ -n $GW_PID ]] && kill -0 "$GW_PID" 2>/dev/null; then
        log "stopping the gateway (pid $GW_PID)"
        kill -TERM "$GW_PID" 2>/dev/null || true
        # The gateway's shutdown hook waits up to 30 s for Vert.x to close (see BENCHMARKS.md).
        if ! wait_gone "$GW_PID" 40; then
            log "gateway still running after 40 s: killing it"
            kill -KILL "$GW_PID" 2>/dev/null || true
            wait_gone "$GW_PID" 5 || true
        fi
    fi
    local pm
    if pm=$(postmaster_pid); then
        log "stopping the embedded PostgreSQL (pid $pm)"
        kill -INT "$pm" 2>/dev/null || true # fast shutdown
        if ! wait_gone "$pm" 30; then
            kill -QUIT "$pm" 2>/dev/null || true
            wait_gone "$pm" 5 || true
        fi
    fi
    if [[ -n $PG_DATA && -d $PG_DATA && ${KEEP_DATA:-0} != 1 ]] && ! postmaster_pid >/dev/null; then
        rm -rf "$OUT/data"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --------------------------------------------------------------------------------------- the gateway
if [[ ! -f $JAR ]]; then
    log "building $JAR (mvn -q -B package -DskipTests)"
    (cd "$ROOT" && mvn -q -B package -DskipTests) >"$OUT/build.log" 2>&1 || die "build failed: see $OUT/build.log"
fi

free_port() { # a port nobody listens on (never 8080); if another process takes it meanwhile, start-up fails
    local p i
    for (( i = 0; i < 100; i++ )); do
        p=$(( 20000 + RANDOM % 12000 )) # below the ephemeral range (32768-60999 by default)
        [[ $p == 8080 ]] && continue
        if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
    done
    return 1
}
# SHOULI_HTTP_PORT=0 once failed start-up with several HTTP instances (see BENCHMARKS.md), so pick one.
HTTP_PORT=$(free_port) || die "no free port found"
log "gateway HTTP port $HTTP_PORT"
# Every request carries the same complaint from the same person, so with dedup on each one after the first
# would be merged into one case, all queuing on that person's lock: that measures one person's retries,
# not intake. Dedup has its own probe benchmark (BENCHMARKS.md, "Dedup"); set SHOULI_DEDUP_ENABLED=true
# here to measure the worst case anyway.
gateway_env=(SHOULI_HTTP_HOST=127.0.0.1 SHOULI_HTTP_PORT="$HTTP_PORT" SHOULI_DEDUP_ENABLED="${SHOULI_DEDUP_ENABLED:-false}")
if [[ -z $GIVEN_DB ]]; then
    PG_DATA=$OUT/data/postgres
    gateway_env+=(SHOULI_DATA_DIR="$OUT/data" SHOULI_DATABASE_URL= SHOULI_DATABASE_EMBEDDED_PORT=0)
    log "starting the gateway with a fresh embedded PostgreSQL"
else
    gateway_env+=(SHOULI_DATA_DIR="$OUT/data")
    log "starting the gateway on the given database"
fi
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of options
env "${gateway_env[@]}" java ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" >"$OUT/gateway.log" 2>&1 &
GW_PID=$!

PORT=""
for (( i = 0; i < 600; i++ )); do
    kill -0 "$GW_PID" 2>/dev/null || { grep -v '^[[:space:]]*at ' "$OUT/gateway.log" | tail -20 >&2
        die "the gateway exited during start-up (see $OUT/gateway.log; rerun, start-up failures are intermittent)"; }
    PORT=$(sed -n 's|.*Shouli listening on http://[^ ]*:\([0-9][0-9]*\)/.*|\1|p' "$OUT/gateway.log" | head -1)
    [[ -n $PORT ]] && break
    sleep 0.2
done
[[ -n $PORT ]] || die "the gateway did not start within 120 s: see $OUT/gateway.log"
URL=http://127.0.0.1:$PORT
for (( i = 0; i < 150; i++ )); do
    curl -fsS -o /dev/null "$URL/health/ready" 2>/dev/null && break
    sleep 0.2
done
curl -fsS "$URL/health/ready" >"$OUT/ready.json" || die "$URL/health/ready is not UP"
log "gateway ready on $URL (pid $GW_PID)"

if [[ -z $GIVEN_DB ]]; then
    PG_PORT=$(sed -n 's/.*embedded PostgreSQL running on port \([0-9][0-9]*\).*/\1/p' "$OUT/gateway.log" | head -1)
    [[ -n $PG_PORT ]] || die "cannot find the embedded PostgreSQL port in $OUT/gateway.log"
    PGURL="postgresql://postgres:postgres@127.0.0.1:$PG_PORT/postgres"
else
    PGURL=$GIVEN_DB
fi
export PGCONNECT_TIMEOUT=10
q() { psql "$PGURL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
q -c "select version()" >"$OUT/postgres.txt"
q -c "select name || ' = ' || setting || coalesce(' ' || unit, '') from pg_settings
      where name in ('fsync','synchronous_commit','full_page_writes','wal_level','shared_buffers',
                     'max_connections','max_wal_size','checkpoint_timeout','wal_buffers','work_mem')
      order by name" >>"$OUT/postgres.txt"
PG_VERSION=$(head -1 "$OUT/postgres.txt" | sed 's/ on .*//')
log "database: $PG_VERSION ($(grep -E '^(fsync|synchronous_commit)' "$OUT/postgres.txt" | paste -sd, -))"

# ----------------------------------------------------------------------------------- CPU accounting
# CPU seconds of the gateway JVM, of PostgreSQL (postmaster + backends, exited ones included through the
# postmaster's reaped-children time; embedded server only), of the load generator (wrk/pgbench/psql: this
# shell's reaped children) and of the whole machine, so the summary shows who used the 2 cores. "other" is
# everything else, e.g. other people's builds on a shared machine.
TCK=$(getconf CLK_TCK)
proc_ticks() { # pid with_reaped_children -> utime+stime[+cutime+cstime]
    local f
    f=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    f=${f##*) }
    # shellcheck disable=SC2086
    set -- $f "$2"
    if [[ ${!#} == 1 ]]; then echo $(( ${12} + ${13} + ${14} + ${15} )); else echo $(( ${12} + ${13} )); fi
}
pg_ticks() {
    local pm t c
    pm=$(postmaster_pid) || { echo 0; return; }
    t=$(proc_ticks "$pm" 1)
    for c in $(ps -o pid= --ppid "$pm" 2>/dev/null); do
        t=$(( t + $(proc_ticks "$c" 0) ))
    done
    echo "$t"
}
children_secs() { awk 'NR == 2 { n = split($0, a, /[ \t]+/); s = 0
    for (i = 1; i <= n; i++) if (match(a[i], /^([0-9]+)m([0-9.]+)s$/)) { split(a[i], b, /[ms]/); s += b[1] * 60 + b[2] }
    print s }' "$OUT/.times"; }
SNAP=""
cpu_snapshot() { # SNAP="machine_total machine_idle gateway postgres (ticks) loadgen (seconds) WAL position (bytes)"
    times >"$OUT/.times" # in this shell, not a subshell: a forked child has no reaped children of its own
    SNAP="$(awk '/^cpu /{ print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6 }' /proc/stat) $(proc_ticks "$GW_PID" 0) $(pg_ticks) $(children_secs)"
    SNAP="$SNAP $(q -c "select pg_current_wal_lsn() - '0/0'::pg_lsn" 2>/dev/null || echo 0)"
}
cpu_report() { # before after label operations
    awk -v a="$1" -v b="$2" -v tck="$TCK" -v n="$(nproc)" -v l="$3" -v ops="$4" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        total = (y[1] - x[1]) / tck; idle = (y[2] - x[2]) / tck; busy = total - idle
        gw = (y[3] - x[3]) / tck; pg = (y[4] - x[4]) / tck; lg = y[5] - x[5]
        other = busy - gw - pg - lg; if (other < 0) other = 0; if (total <= 0) total = 1
        wall = total / n
        printf "%s (%.1f s wall, %d cores): busy %.0f%%; gateway JVM %.2f cores, PostgreSQL %.2f cores, load generator %.2f cores, other %.2f cores\n",
               l, wall, n, 100 * busy / total, gw / wall, pg / wall, lg / wall, other / wall
        if (ops > 0)
            printf "  per operation (%d): CPU ms gateway JVM %.2f, PostgreSQL %.2f, load generator %.2f; WAL %.1f KB\n",
                   ops, 1000 * gw / ops, 1000 * pg / ops, 1000 * lg / ops, (y[6] - x[6]) / 1024 / ops }'
}

# ---------------------------------------------------------------------------------------------- wrk
count_rows() { q -c "select (select count(*) from submission where channel = 'api'), (select count(*) from complaint_case)" | tr '|' ' '; }
settled_rows() { # requests still in flight when wrk stops commit after it has gone: count once that is over
    local a b i
    a=$(count_rows)
    for (( i = 0; i < 30; i++ )); do
        sleep 1
        b=$(count_rows)
        [[ $a == "$b" ]] && break
        a=$b
    done
    echo "$b"
}
wrk_run() { # duration tag refs_dir outfile
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$1" --timeout "$WRK_TIMEOUT" --latency -s "$BENCH/intake.lua" "$URL" \
        -- "$BODY" "$2" "$3" >"$4" 2>&1 &
    CHILD_PID=$!
    wait "$CHILD_PID" || die "wrk failed: see $4"
    CHILD_PID=""
}

if [[ $(to_seconds "$WARMUP") -gt 0 ]]; then
    log "warm-up: wrk $WARMUP"
    wrk_run "$WARMUP" "warm-$STAMP" "" "$OUT/wrk-warmup.txt"
fi

read -r SUB0 CASE0 <<<"$(settled_rows)"
mkdir -p "$OUT/refs"
log "measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION POST /api/v1/complaints"
cpu_snapshot; cpu0=$SNAP
wrk_run "$DURATION" "run-$STAMP" "$OUT/refs" "$OUT/wrk.txt"
cpu_snapshot; cpu1=$SNAP
read -r SUB1 CASE1 <<<"$(settled_rows)"
CPU_WRK_A=$cpu0 CPU_WRK_B=$cpu1

w() { sed -n "s/^BENCH $1=//p" "$OUT/wrk.txt"; }
GW_RPS=$(w ok_2xx_per_s); GW_REQ=$(w requests); GW_2XX=$(w ok_2xx); GW_ERR=$(w errors_total)
GW_P50=$(w lat_p50_ms); GW_P99=$(w lat_p99_ms); GW_MAX=$(w lat_max_ms)
[[ -n $GW_RPS ]] || die "no figures from wrk: see $OUT/wrk.txt"
CPU_WRK=$(cpu_report "$CPU_WRK_A" "$CPU_WRK_B" "CPU during wrk" "$GW_REQ")
NEW_SUB=$(( SUB1 - SUB0 )); NEW_CASE=$(( CASE1 - CASE0 ))

# Every 2xx answer carried a case reference: all of them must be stored.
cat "$OUT"/refs/refs-*.txt >"$OUT/refs-2xx.txt" 2>/dev/null || : >"$OUT/refs-2xx.txt"
REFS=$(wc -l <"$OUT/refs-2xx.txt")
MISSING=$(q <<EOF
create temp table acked (reference text);
\copy acked from '$OUT/refs-2xx.txt'
select count(*) from acked a where not exists (select 1 from complaint_case c where c.reference = a.reference);
EOF
)
log "wrk: $GW_RPS 2xx/s, p50 $GW_P50 ms, p99 $GW_P99 ms, errors $GW_ERR; new rows $NEW_SUB submissions / $NEW_CASE cases for $GW_2XX 2xx"

# ------------------------------------------------------------------------------------------ pgbench
# pgbench starts on a quiet server: the gateway's run leaves a checkpoint and autovacuum of its tables due,
# and pgbench must not pay for them (that would flatter the ratio). The gateway paid for its own share of
# them during its run.
log "settling: CHECKPOINT, then waiting (at most 180 s) for autovacuum to finish"
q -c "checkpoint"
for (( i = 0; i < 180; i++ )); do
    [[ $(q -c "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'") == 0 ]] && break
    sleep 1
done
log "pgbench: creating bench_raw"
q -c "drop table if exists bench_raw" -c "create table bench_raw (id bigserial primary key, key text not null, doc jsonb not null)" \
  -c "create unique index bench_raw_key on bench_raw (key)"
cat >"$OUT/pgbench-intake.sql" <<'EOF'
-- The raw work of one intake: one ~1 KB JSONB row under a unique key, one indexed lookup, one commit.
BEGIN;
INSERT INTO bench_raw (key, doc) VALUES ('pgb-' || :client_id || '-' || gen_random_uuid(), :doc::jsonb) RETURNING key \gset
SELECT id, doc->>'kind' FROM bench_raw WHERE key = :key;
END;
EOF
# The document is bound as a parameter (-M prepared), so the server parses ~1 KB of JSON every time,
# as it does for the gateway.
DOC=$(tr -d '\n' <"$BODY")
log "measuring: pgbench -n -M prepared -c$CONNECTIONS -j$THREADS -T$DURATION_S"
cpu_snapshot; cpu0=$SNAP
pgbench "$PGURL" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION_S" -r \
    -l --log-prefix="$OUT/pgbench_log" -D doc="$DOC" -f "$OUT/pgbench-intake.sql" >"$OUT/pgbench.txt" 2>&1 &
CHILD_PID=$!
wait "$CHILD_PID" || die "pgbench failed: see $OUT/pgbench.txt"
CHILD_PID=""
cpu_snapshot; cpu1=$SNAP
CPU_PGB_A=$cpu0 CPU_PGB_B=$cpu1

PGB_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$OUT/pgbench.txt")
PGB_LAT=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$OUT/pgbench.txt")
PGB_TX=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench.txt")
PGB_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/pgbench.txt")
[[ -n $PGB_TX ]] || die "no figures from pgbench: see $OUT/pgbench.txt"
if [[ -z $PGB_TPS ]]; then # no transaction finished (a very short run on a busy machine)
    log "pgbench finished no transaction in $DURATION_S s; use a longer DURATION"
    PGB_TPS=0 PGB_LAT=n/a
fi
CPU_PGB=$(cpu_report "$CPU_PGB_A" "$CPU_PGB_B" "CPU during pgbench" "$PGB_TX")
# Percentiles from the per-transaction log (3rd column: latency in microseconds).
read -r PGB_P50 PGB_P99 < <(cat "$OUT"/pgbench_log.* | awk '{ print $3 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a n/a"; exit }
          i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
          printf "%.2f %.2f\n", v[i50] / 1000, v[i99] / 1000 }')
gzip -q "$OUT"/pgbench_log.* || true
PGB_ROWS=$(q -c "select count(*) from bench_raw")
[[ -n $GIVEN_DB ]] && q -c "drop table bench_raw"

# ------------------------------------------------------------------- optional: the gateway's own SQL
# PGBENCH_GATEWAY_SQL=1 replays the statements one intake runs (store/IntakeStore.java: BEGIN, claim insert,
# the case CTE with link + outbox + update, COMMIT) through pgbench, to split the gateway's cost between
# its SQL and its JVM. Rows go into the gateway's tables with references PB<n> and keys pgb-*.
GWSQL_TPS="" GWSQL_LAT="" CPU_GWSQL=""
if [[ ${PGBENCH_GATEWAY_SQL:-0} == 1 ]]; then
    psql "$PGURL" -X -q -v ON_ERROR_STOP=1 -At -v doc="$DOC" >"$OUT/gwsql-params.txt" <<'EOF'
select (:'doc'::jsonb)->>'description';
select (:'doc'::jsonb)->'complainant';
select (:'doc'::jsonb)->'respondent';
select (:'doc'::jsonb)->'demand';
select (:'doc'::jsonb)->'product';
EOF
    mapfile -t gp <"$OUT/gwsql-params.txt"
    cat >"$OUT/pgbench-gateway-sql.sql" <<'EOF'
-- What IntakeService.submit runs for one new complaint (IntakeStore CLAIM + CREATE_CASE), as pgbench.
BEGIN;
INSERT INTO submission (channel, transport, external_id, received_at, content_type, headers, body, body_sha256, outcome, reason, error) VALUES ('api', 'http', 'pgb-' || :client_id || '-' || gen_random_uuid(), now(), 'application/json; charset=utf-8', :headers::jsonb, convert_to(:doc, 'UTF8'), encode(sha256(convert_to(:doc, 'UTF8')), 'hex'), 'created', NULL, NULL) ON CONFLICT (channel, external_id) DO NOTHING RETURNING id AS sid, CASE WHEN true THEN nextval('case_number_seq') END AS num \gset
WITH new_case AS (INSERT INTO complaint_case (reference, kind, channel, received_at, occurred_at, subject, description, language, category, urgency, complainant_phone, complainant_email, respondent_name, complainant, respondent, demand, product, location, acknowledge_due_at, first_response_due_at, resolve_due_at) VALUES ('PB' || (:num)::text, 'complaint', 'api', now(), now() - interval '1 day', '网购冰箱送货延误且拒绝退款', :descr, 'zh-CN', 'online-shopping', 'normal', '+8613812345678', 'wang.xiaoming@example.cn', '某某电器销售有限公司', :complainant::jsonb, :respondent::jsonb, :demand::jsonb, :product::jsonb, NULL, now() + interval '1 hour', now() + interval '24 hours', now() + interval '15 days') RETURNING id), link AS (INSERT INTO case_submission (case_id, submission_id, role) SELECT id, (:sid)::bigint, 'origin' FROM new_case), receipt AS (INSERT INTO outbox (case_id, kind, channel, payload, idempotency_key) SELECT id, 'receipt', 'email', :receipt::jsonb, 'receipt' || chr(58) || 'PB' || (:num)::text FROM new_case) UPDATE submission SET outcome = 'created', case_id = (SELECT id FROM new_case) WHERE id = (:sid)::bigint RETURNING case_id;
END;
EOF
    log "measuring: pgbench replaying the gateway's SQL, -c$CONNECTIONS -j$THREADS -T$DURATION_S"
    cpu_snapshot; cpu0=$SNAP
    pgbench "$PGURL" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION_S" -r \
        -D doc="$DOC" -D descr="${gp[0]}" -D complainant="${gp[1]}" -D respondent="${gp[2]}" \
        -D demand="${gp[3]}" -D product="${gp[4]}" \
        -D headers='{"Host":"127.0.0.1","Content-Type":"application/json; charset=utf-8","Idempotency-Key":"run-x-1-0000abcd-123","User-Agent":"shouli-bench/wrk","Content-Length":"1174"}' \
        -D receipt='{"reference":"TS20261126-000001E","to":"wang.xiaoming@example.cn","language":"zh-CN"}' \
        -f "$OUT/pgbench-gateway-sql.sql" >"$OUT/pgbench-gateway-sql.txt" 2>&1 &
    CHILD_PID=$!
    wait "$CHILD_PID" || die "pgbench (gateway SQL) failed: see $OUT/pgbench-gateway-sql.txt"
    CHILD_PID=""
    cpu_snapshot; cpu1=$SNAP
    GWSQL_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$OUT/pgbench-gateway-sql.txt")
    GWSQL_LAT=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$OUT/pgbench-gateway-sql.txt")
    GWSQL_TX=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench-gateway-sql.txt")
    CPU_GWSQL=$(cpu_report "$cpu0" "$cpu1" "CPU during pgbench with the gateway's SQL" "${GWSQL_TX:-0}")
fi

# ------------------------------------------------------------------------------------------ summary
RATIO=$(awk -v a="$GW_RPS" -v b="$PGB_TPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
verdict() { if [[ $1 == 1 ]]; then echo "met"; else echo "MISSED"; fi; }
ok_ratio=$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.6) ? 1 : 0 }')
ok_p99=$(awk -v p="$GW_P99" 'BEGIN { print (p <= 25) ? 1 : 0 }')
ok_err=$(( GW_ERR == 0 ? 1 : 0 ))
# Requests answered after wrk stopped counting (at most one per connection) are stored but not counted.
ok_rows=$(( MISSING == 0 && NEW_CASE >= GW_2XX && NEW_CASE - GW_2XX <= CONNECTIONS && NEW_SUB == NEW_CASE ? 1 : 0 ))

{
    echo "Shouli intake benchmark $STAMP"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -h | awk '/^Mem:/ { print $2 }') RAM"
    echo "database: $PG_VERSION$( [[ -z $GIVEN_DB ]] && echo ' (embedded, fresh)' || echo ' (given)')"
    echo "settings: $(sed -n '2,$p' "$OUT/postgres.txt" | paste -sd';' - | sed 's/;/; /g')"
    echo "gateway: SHOULI_HTTP_INSTANCES=${SHOULI_HTTP_INSTANCES:-default} SHOULI_DATABASE_POOL_SIZE=${SHOULI_DATABASE_POOL_SIZE:-default} GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}"
    echo "load: $CONNECTIONS connections, $THREADS threads, $DURATION (warm-up $WARMUP)"
    echo
    printf '%-34s %s\n' \
        "gateway 2xx/s" "$GW_RPS" \
        "gateway p50 / p99 / max (ms)" "$GW_P50 / $GW_P99 / $GW_MAX" \
        "gateway requests / 2xx" "$GW_REQ / $GW_2XX" \
        "gateway errors" "$GW_ERR (3xx $(w status_3xx), 4xx $(w status_4xx), 5xx $(w status_5xx), connect $(w err_connect), read $(w err_read), write $(w err_write), timeout $(w err_timeout))" \
        "rows stored (submissions / cases)" "$NEW_SUB / $NEW_CASE" \
        "2xx references not stored" "$MISSING of $REFS" \
        "pgbench tps" "$PGB_TPS" \
        "pgbench latency avg / p50 / p99 (ms)" "$PGB_LAT / $PGB_P50 / $PGB_P99" \
        "pgbench transactions / failed / rows" "$PGB_TX / ${PGB_FAILED:-0} / $PGB_ROWS" \
        "ratio gateway/pgbench" "$RATIO"
    if [[ -n $GWSQL_TPS ]]; then
        printf '%-34s %s\n' "pgbench, gateway's own SQL, tps" "$GWSQL_TPS (latency avg $GWSQL_LAT ms)"
    fi
    echo
    echo "$CPU_WRK"
    echo "$CPU_PGB"
    [[ -z $CPU_GWSQL ]] || echo "$CPU_GWSQL"
    echo
    echo "targets: ratio >= 0.6 $(verdict "$ok_ratio"); p99 <= 25 ms $(verdict "$ok_p99"); zero errors $(verdict "$ok_err"); rows stored = 2xx $(verdict "$ok_rows")"
} | tee "$OUT/summary.txt"

cat >"$OUT/summary.env" <<EOF
stamp=$STAMP
duration=$DURATION
connections=$CONNECTIONS
threads=$THREADS
gw_rps=$GW_RPS
gw_p50_ms=$GW_P50
gw_p99_ms=$GW_P99
gw_requests=$GW_REQ
gw_2xx=$GW_2XX
gw_errors=$GW_ERR
rows_submission=$NEW_SUB
rows_case=$NEW_CASE
refs_missing=$MISSING
pgbench_tps=$PGB_TPS
pgbench_gateway_sql_tps=$GWSQL_TPS
pgbench_lat_avg_ms=$PGB_LAT
pgbench_p50_ms=$PGB_P50
pgbench_p99_ms=$PGB_P99
ratio=$RATIO
EOF

if [[ ${STRICT:-0} == 1 && $ok_ratio$ok_p99$ok_err$ok_rows != 1111 ]]; then
    exit 3
fi
