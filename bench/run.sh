#!/usr/bin/env bash
# Intake benchmark of what users run: the default configuration (duplicate matching on), driven by the
# workload files in bench/workloads/, each measured closed-loop for throughput and open-loop for latency,
# against pgbench doing the raw-equivalent work on the same PostgreSQL in the same run. See BENCHMARKS.md.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/run.sh [-h]

Starts the Shouli gateway (target/shouli.jar, built if missing) with its default configuration and a fresh
embedded PostgreSQL, warms it up, then for each workload in WORKLOADS:
  1. closed loop: CONNECTIONS requests in flight for DURATION (throughput, errors, time-outs),
  2. checks that every 2xx answer is stored and nothing else, counts merges into another person's case,
     waits for the incident linker and reports how each trader's cases were linked,
  3. counts PostgreSQL deadlocks (pg_stat_database.deadlocks delta), samples lock waits and the age of the
     oldest case waiting to be linked into an incident (the incident backlog),
  4. counts CPU per request from a start with nothing left to link or route until the run's own incident
     linking and routing (the work after the answer) have caught up.
Then pgbench does the raw-equivalent work (one ~1 KB JSONB insert under a unique key + one lookup per
transaction) with CONNECTIONS clients for DURATION, and every workload is run again open-loop at
OPEN_SHARE of its measured closed-loop throughput for OPEN_DURATION (latency from each request's due time).

Environment (all optional):
  WORKLOADS="ordinary-day burst redelivery"   workload files bench/workloads/<name>.yaml, in this order
                        (redelivery re-sends the ordinary-day closed run's submissions, so it comes after it)
  DURATION=30s          closed loop and pgbench duration
  WARMUP=60s            closed-loop warm-up on the ordinary day before anything is measured (JIT)
  CONNECTIONS=64        closed-loop connections and pgbench clients
  OPEN_DURATION=60s     open-loop duration per workload (after a 10 s unrecorded warm-up at the same rate);
                        0 skips the open loop (a quick throughput experiment)
  PGBENCH=1             0 skips pgbench (a quick experiment; the ratio is then not reported)
  OPEN_SHARE=0.5        open-loop rate as a share of the workload's closed-loop throughput
  OPEN_RATE=            a fixed open-loop rate in requests/s for every workload instead (to compare runs)
  INSTANCES=1           gateway processes on the one database (2: the second uses the first one's
                        embedded PostgreSQL; requests alternate between them)
  TIMEOUT=2s            an answer later than this counts as a time-out
  SHOULI_DATABASE_URL   use this PostgreSQL instead of a fresh embedded one (pgbench creates and drops
                        table bench_raw in it)
  GATEWAY_JAVA_OPTS     extra JVM options for the gateway
  JAR=target/shouli.jar the gateway jar to run (to compare two builds in one session)
  PG_STATEMENTS=0       1: the embedded PostgreSQL loads pg_stat_statements, and each run's statements (time,
                        calls, rows, WAL per statement) go to <tag>.statements.txt (costs a little throughput)
  KEEP_DATA=1           keep the throwaway embedded cluster under bench/results/<run>/data
  ROWS_FLOOR=1          after the open loops (needs the ordinary day run): what writing an intake's rows alone
                        costs PostgreSQL. pgbench, 4 clients (the intake lanes), copies stored cases' rows in
                        every table an intake writes, one statement per intake, 7 per commit; then the same
                        transactions only reading them (bench/rows-floor.py). 0 skips it; so does a given
                        SHOULI_DATABASE_URL (the copies would stay in it).
Everything else SHOULI_* is passed to the gateway as usual (but the point is the defaults).

Raw outputs go to bench/results/<UTC timestamp>/ (git-ignored): gateway logs, answers per run
(<tag>.answers.tsv), open-loop timelines (<tag>.timeline.csv), lock-wait samples, pgbench output, summary.txt.
Needs: java, mvn (first run), curl, psql, pgbench, ss, python3 (Debian: apt-get install postgresql-client curl
iproute2 python3).
EOF
}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
if [[ $# -gt 0 ]]; then usage >&2; exit 2; fi

WORKLOADS=${WORKLOADS:-ordinary-day burst redelivery}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-64}
OPEN_DURATION=${OPEN_DURATION:-60s}
OPEN_SHARE=${OPEN_SHARE:-0.5}
OPEN_RATE=${OPEN_RATE:-}
INSTANCES=${INSTANCES:-1}
TIMEOUT=${TIMEOUT:-2s}
GIVEN_DB=${SHOULI_DATABASE_URL:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
JAR=${JAR:-$ROOT/target/shouli.jar}
BODY=$BENCH/complaint.json
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

need_tools java mvn curl psql pgbench ss python3
DURATION_S=$(to_seconds "$DURATION")
[[ $DURATION_S =~ ^[0-9]+$ && $DURATION_S -ge 1 ]] || die "DURATION must be like 30s or 2m (got $DURATION)"
[[ -z $OPEN_RATE || $OPEN_RATE =~ ^[0-9]+$ ]] || die "OPEN_RATE must be a whole number of requests/s (got $OPEN_RATE)"
[[ $INSTANCES == 1 || $INSTANCES == 2 ]] || die "INSTANCES is 1 or 2"
for w in $WORKLOADS; do [[ -f $BENCH/workloads/$w.yaml ]] || die "no workload file bench/workloads/$w.yaml"; done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/$STAMP
mkdir -p "$OUT"
log "raw outputs in ${OUT#"$ROOT"/}"

build_if_missing

# -------------------------------------------------------------------------------------- the gateway
if [[ ${PG_STATEMENTS:-0} == 1 ]]; then
    GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-} -Dshouli.embedded.sharedPreloadLibraries=pg_stat_statements"
fi
start_with_database
if [[ $INSTANCES == 2 ]]; then
    start_gateway 2 SHOULI_DATA_DIR="$OUT/data-2" SHOULI_DATABASE_URL="$PGURL"
    URLS="${URL_OF[1]},${URL_OF[2]}"
else
    URLS=${URL_OF[1]}
fi
GW_PID_LIST="${GW_PIDS[*]}"

describe_database
if [[ ${PG_STATEMENTS:-0} == 1 ]]; then
    q -c "create extension if not exists pg_stat_statements" >/dev/null
fi
# Per statement: total and mean time, calls, rows and WAL, per request of the run; reset before each run.
statements_reset() { [[ ${PG_STATEMENTS:-0} == 1 ]] && q -c "select pg_stat_statements_reset()" >/dev/null || true; }
statements_dump() { # file requests
    [[ ${PG_STATEMENTS:-0} == 1 ]] || return 0
    q -F $'\t' -c "select round(total_exec_time::numeric, 0) as total_ms,
               round((total_exec_time / greatest($2, 1))::numeric, 4) as ms_per_request,
               calls, round(calls::numeric / greatest($2, 1), 2) as calls_per_request,
               round(mean_exec_time::numeric, 3) as mean_ms, rows,
               round(wal_bytes::numeric / greatest($2, 1)) as wal_bytes_per_request,
               regexp_replace(left(query, 160), '\s+', ' ', 'g')
          from pg_stat_statements order by total_exec_time desc limit 60" >"$1"
}
log "database: $PG_VERSION ($(grep -E '^(fsync|synchronous_commit)' "$OUT/postgres.txt" | paste -sd, -))"

# ------------------------------------------------------------------------- database figures per run
deadlocks() { q -c "select deadlocks from pg_stat_database where datname = current_database()"; }
# WAL written and WAL records (a row, an index entry, a commit…), cluster-wide: the work done, whatever else ran.
wal() { q -c "select pg_current_wal_lsn() - '0/0'::pg_lsn, wal_records from pg_stat_wal" | tr '|' ' '; }
rows() { q -c "select (select count(*) from submission), (select count(*) from complaint_case)" | tr '|' ' '; }
# Routing (after the answer, like incident linking): once the router has caught up (at most 60 s), how long the
# cases created from $1 to $2 waited between their creation (just before their source's answer) and routing.
routing_delay() {
    [[ $(q -c "select to_regclass('routing_queue') is not null") == t ]] || { echo "routing: not installed"; return; }
    local i
    for (( i = 0; i < 600; i++ )); do
        [[ $(q -c "select count(*) from routing_queue where step = 'route'") == 0 ]] && break
        sleep 0.1
    done
    q -F' ' -c "select count(*), count(r.case_id),
            round(percentile_cont(0.5) within group (order by extract(epoch from r.routed_at - c.created_at)) * 1000),
            round(percentile_cont(0.99) within group (order by extract(epoch from r.routed_at - c.created_at)) * 1000),
            round(max(extract(epoch from r.routed_at - c.created_at)) * 1000),
            count(*) filter (where r.routed_at - c.created_at > interval '2 seconds')
        from complaint_case c left join routing_case r on r.case_id = c.id
        where c.created_at >= '$1' and c.created_at < '$2'" |
        awk '{ printf "routing: %s of %s cases routed; from creation to routing p50 %s ms, p99 %s, max %s; later than 2 s: %s\n", $2, $1, $3, $4, $5, $6 }'
}
# Cases whose work after the answer (incident linking, routing) is still to do. A build without routing has no
# routing queue.
after_answer_backlog() {
    q -c "select (select count(*) from (select from incident_queue limit 1) i)
               + (select count(*) from (select from routing_queue where step = 'route' limit 1) r)" 2>/dev/null ||
        q -c "select count(*) from (select from incident_queue limit 1) i"
}
# Waits (at most 5 minutes) until the work after the answer has caught up; prints how long that took, in ms. Each
# run's CPU is counted from a caught-up start to its own caught-up end, so it is the CPU per request with all its
# work, and none of an earlier run's.
catch_up() {
    local started i
    started=$(date +%s%3N)
    for (( i = 0; i < 1500; i++ )); do
        [[ $(after_answer_backlog) == 0 ]] && break
        sleep 0.2
    done
    echo $(( $(date +%s%3N) - started ))
}
# Statistics of a backend reach pg_stat_database when it has been idle a while: wait them out.
STATS_FLUSH=11

start_sampler() { # file: every 200 ms, how many backends wait for a lock (advisory or row), and the age (ms) of the
    # oldest case waiting to be linked into an incident
    printf '%s\n' "select count(*) filter (where wait_event_type = 'Lock'),
        count(*) filter (where wait_event = 'advisory'),
        (select coalesce(round(extract(epoch from clock_timestamp() - min(queued_at)) * 1000), 0) from incident_queue)
        from pg_stat_activity" '\watch 0.2' |
        psql "$PGURL" -X -q -At >"$1" 2>/dev/null &
    SAMPLER_PID=$!
}
stop_sampler() { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""; }
lock_waits() { # samples file -> "share of samples with a waiter, most waiters at once, advisory"
    awk -F'|' 'NF >= 2 { n++; if ($1 > 0) w++; if ($1 > m) m = $1; if ($2 > a) a = $2 }
        END { if (n == 0) { print "no samples"; exit } printf "%.0f%% of %d samples, at most %d waiting (%d advisory)", 100 * w / n, n, m, a }' "$1"
}

incident_backlog() { # samples file -> the oldest age of a case waiting to be linked, across the samples
    awk -F'|' 'NF == 3 { n++; if ($3 > m) m = $3; if ($3 > 2000) late++ }
        END { if (n == 0) { print "incident backlog: no samples"; exit }
              printf "incident backlog: oldest case waiting to be linked at most %d ms (older than 2 s in %d of %d samples)", m, late, n }' "$1"
}

declare -A FIG
run_workload() { # mode workload tag driver-args...
    local mode=$1 w=$2 tag=$3 out d0 d1 r0 r1 w0 w1 wr0 wr1 cpu0 cpu1 extra=()
    shift 3
    out=$OUT/$tag.txt
    if [[ $w == redelivery ]]; then
        extra=(--replay-tag "$REPLAY_TAG" --replay-count "$REPLAY_COUNT")
    fi
    catch_up >/dev/null
    d0=$(deadlocks); read -r r0 c0 <<<"$(rows)"; read -r w0 wr0 <<<"$(wal)"
    start_sampler "$OUT/$tag.locks"
    statements_reset
    cpu_snapshot; cpu0=$SNAP
    local from; from=$(q -c "select clock_timestamp()")
    driver "$mode" --workload "$BENCH/workloads/$w.yaml" --url "$URLS" --tag "$tag" --out "$OUT" \
        --timeout "$TIMEOUT" "${extra[@]}" "$@" >"$out" 2>&1 || die "load driver failed: see $out"
    local caught; caught=$(catch_up)
    cpu_snapshot; cpu1=$SNAP
    FIG[$tag.routing]=$(routing_delay "$from" "$(q -c "select clock_timestamp()")")
    stop_sampler
    local verify_args=(--db "$PGURL" --answers "$OUT/$tag.answers.tsv" --unique-people "$([[ $w == redelivery ]] && echo false || echo true)")
    [[ $w == redelivery ]] && verify_args+=(--original "$OUT/$REPLAY_TAG.answers.tsv")
    driver verify "${verify_args[@]}" >>"$out" 2>&1 || die "verification failed: see $out"
    # The open loop's warm-up went to the same gateway inside the measured window: its work is charged per request
    # of everything sent, or a 10 s warm-up before 60 s would charge the work of 7 requests to every 6.
    local sent=$(( $(b "$out" requests) + $(b "$out" warmup_requests) ))
    statements_dump "$OUT/$tag.statements.txt" "$sent"
    sleep "$STATS_FLUSH"
    d1=$(deadlocks); read -r r1 c1 <<<"$(rows)"; read -r w1 wr1 <<<"$(wal)"
    FIG[$tag.deadlocks]=$(( d1 - d0 ))
    FIG[$tag.new_submissions]=$(( r1 - r0 ))
    FIG[$tag.new_cases]=$(( c1 - c0 ))
    FIG[$tag.locks]=$(lock_waits "$OUT/$tag.locks")
    [[ $w == redelivery ]] || FIG[$tag.backlog]=$(incident_backlog "$OUT/$tag.locks")
    FIG[$tag.cpu]=$(cpu_report "$cpu0" "$cpu1" "CPU (the run, then its linking and routing: caught up $caught ms after it)" "$sent")
    FIG[$tag.wal]=$(awk -v b=$(( w1 - w0 )) -v r=$(( wr1 - wr0 )) -v n="$sent" 'BEGIN {
        if (n > 0) printf "WAL per request (checks and catch-up included): %.1f KB, %.1f records", b / n / 1024, r / n }')
    log "$tag: $(b "$out" ok_2xx_per_s) 2xx/s, errors $(b "$out" errors_total), deadlocks ${FIG[$tag.deadlocks]}, lock waits ${FIG[$tag.locks]}"
}

# ---------------------------------------------------------------------------------------- warm-up
if [[ $(to_seconds "$WARMUP") -gt 0 ]]; then
    log "warm-up: closed loop, ordinary day, $WARMUP"
    driver closed --workload "$BENCH/workloads/ordinary-day.yaml" --url "$URLS" --connections "$CONNECTIONS" \
        --duration "$WARMUP" --tag "warm-$STAMP" --out "$OUT" --timeout "$TIMEOUT" >"$OUT/warmup.txt" 2>&1 \
        || die "warm-up failed: see $OUT/warmup.txt"
fi

# ------------------------------------------------------------------------------ closed loop per workload
REPLAY_TAG="" REPLAY_COUNT=0
for w in $WORKLOADS; do
    if [[ $w == redelivery && -z $REPLAY_TAG ]]; then
        die "the redelivery workload re-sends the ordinary day's submissions: put ordinary-day before it"
    fi
    tag=$w-closed-$STAMP
    log "closed loop: $w, $CONNECTIONS connections, $DURATION"
    run_workload closed "$w" "$tag" --connections "$CONNECTIONS" --duration "$DURATION"
    if [[ $w == ordinary-day ]]; then
        REPLAY_TAG=$tag REPLAY_COUNT=$(b "$OUT/$tag.txt" requests)
    fi
done

# ------------------------------------------------------------------------------------------ pgbench
PGB_TPS=0 CPU_PGB="pgbench skipped"
if [[ ${PGBENCH:-1} == 1 ]]; then
log "settling: CHECKPOINT, then waiting (at most 180 s) for autovacuum to finish"
q -c "checkpoint"
for (( i = 0; i < 180; i++ )); do
    [[ $(q -c "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'") == 0 ]] && break
    sleep 1
done
q -c "drop table if exists bench_raw" -c "create table bench_raw (id bigserial primary key, key text not null, doc jsonb not null)" \
  -c "create unique index bench_raw_key on bench_raw (key)"
cat >"$OUT/pgbench-intake.sql" <<'EOF'
-- The raw work of one intake: one ~1 KB JSONB row under a unique key, one indexed lookup, one commit.
BEGIN;
INSERT INTO bench_raw (key, doc) VALUES ('pgb-' || :client_id || '-' || gen_random_uuid(), :doc::jsonb) RETURNING key \gset
SELECT id, doc->>'kind' FROM bench_raw WHERE key = :key;
END;
EOF
DOC=$(tr -d '\n' <"$BODY")
log "pgbench -n -M prepared -c$CONNECTIONS -j2 -T$DURATION_S"
cpu_snapshot; cpu0=$SNAP
pgbench "$PGURL" -n -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION_S" -D doc="$DOC" -f "$OUT/pgbench-intake.sql" \
    >"$OUT/pgbench.txt" 2>&1 || die "pgbench failed: see $OUT/pgbench.txt"
cpu_snapshot; cpu1=$SNAP
PGB_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$OUT/pgbench.txt")
PGB_TX=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench.txt")
[[ -n $PGB_TPS ]] || die "no figures from pgbench: see $OUT/pgbench.txt"
CPU_PGB=$(cpu_report "$cpu0" "$cpu1" "CPU during pgbench" "$PGB_TX")
[[ -n $GIVEN_DB ]] && q -c "drop table bench_raw"
log "pgbench: $PGB_TPS tps"
fi

# -------------------------------------------------------------------------------- open loop per workload
declare -A RATE
for w in $([[ $(to_seconds "$OPEN_DURATION") -gt 0 ]] && echo "$WORKLOADS"); do
    closed=$OUT/$w-closed-$STAMP.txt
    if [[ -n $OPEN_RATE ]]; then
        RATE[$w]=$OPEN_RATE
    else
        RATE[$w]=$(awk -v c="$(b "$closed" ok_2xx_per_s)" -v s="$OPEN_SHARE" 'BEGIN { r = int(c * s); print (r < 1 ? 1 : r) }')
    fi
    tag=$w-open-$STAMP
    log "open loop: $w at ${RATE[$w]} requests/s for $OPEN_DURATION"
    run_workload open "$w" "$tag" --rate "${RATE[$w]}" --duration "$OPEN_DURATION" --warmup 10s
done

# ----------------------------------------------------------------------- the rows of an intake alone
ROWS_LINE="rows of an intake alone: skipped"
# Only on the throwaway embedded cluster: the copies stay in the database.
ROWS_GROUP=7
if [[ ${ROWS_FLOOR:-1} == 1 && -z $GIVEN_DB && " $WORKLOADS " == *" ordinary-day "* ]]; then
    log "the rows of an intake alone: pgbench copies stored cases' rows, 4 clients, $DURATION each way"
    python3 "$BENCH/rows-floor.py" "$PGURL" "$OUT" "$ROWS_GROUP"
    q -c "create sequence rows_floor_seq start 1000000000000"
    CASES=$(q -c "select max(id) from complaint_case where id < 1e12")
    declare -A FLOOR
    for script in rows reads; do
        cpu_snapshot; cpu0=$SNAP
        pgbench "$PGURL" -n -M prepared -c 4 -j 2 -T "$DURATION_S" -D cases="$CASES" -f "$OUT/$script.sql" \
            >"$OUT/rows-floor-$script.txt" 2>&1 || die "pgbench failed: see $OUT/rows-floor-$script.txt"
        cpu_snapshot; cpu1=$SNAP
        n=$(( $(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/rows-floor-$script.txt") * ROWS_GROUP ))
        FLOOR[$script]=$(cpu_report "$cpu0" "$cpu1" "$script" "$n" | sed -n 's/.*PostgreSQL \([0-9.]*\)$/\1/p')
        FLOOR[$script.rate]=$(( n / DURATION_S ))
    done
    ROWS_LINE=$(awk -v w="${FLOOR[rows]}" -v r="${FLOOR[reads]}" -v wr="${FLOOR[rows.rate]}" -v rr="${FLOOR[reads.rate]}" \
        'BEGIN { printf "rows of an intake alone (pgbench, 4 clients, 7 intakes a commit): PostgreSQL CPU ms per intake %.2f writing copies of its rows (%d/s), %.2f only reading them (%d/s): the rows cost %.2f", w, wr, r, rr, w - r }')
    log "$ROWS_LINE"
fi

# ------------------------------------------------------------------------------------------ summary
# What the gateway ran, from evidence rather than from what this script meant it to run: settings passed in
# from the environment, and whether duplicate matching was on (the gateway exports its incident linker's backlog
# only then).
OVERRIDES=$(env | grep -E '^SHOULI_' | grep -v '^SHOULI_DATABASE_URL' | sort | paste -sd' ' - || true)
CONFIG_STATE=${OVERRIDES:+configuration overridden by $OVERRIDES}
CONFIG_STATE=${CONFIG_STATE:-default configuration}
# Read whole before it is searched: grep -q stops at the first match, and under pipefail the SIGPIPE of a curl
# still writing would read as "not found".
METRICS=$(curl -fsS "${URL_OF[1]}/metrics" 2>/dev/null || true)
if grep -q '^shouli_incidents_queue_cases' <<<"$METRICS"; then
    DEDUP_STATE="duplicate matching on"
else
    DEDUP_STATE="duplicate matching OFF: not what users run"
fi
{
    echo "Shouli intake benchmark $STAMP"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -h | awk '/^Mem:/ { print $2 }') RAM, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "database: $PG_VERSION$( [[ -z $GIVEN_DB ]] && echo ' (embedded, fresh)' || echo ' (given)'); $(sed -n '2,$p' "$OUT/postgres.txt" | paste -sd';' - | sed 's/;/; /g')"
    echo "gateway: $INSTANCES instance(s), $CONFIG_STATE; $DEDUP_STATE"
    echo "pgbench raw-equivalent: $PGB_TPS tps ($CONNECTIONS clients, $DURATION); $CPU_PGB"
    echo "$ROWS_LINE"
    echo
    for w in $WORKLOADS; do
        c=$w-closed-$STAMP o=$w-open-$STAMP
        cf=$OUT/$c.txt of=$OUT/$o.txt
        echo "== $w"
        printf '  closed loop (%s connections, %s): %s 2xx/s = %s x pgbench; requests %s, 2xx %s (%s), errors %s (4xx %s, 5xx %s, time-outs %s, 2xx later than %s %s, unanswered %s, other %s)\n' \
            "$CONNECTIONS" "$DURATION" "$(b "$cf" ok_2xx_per_s)" \
            "$(awk -v a="$(b "$cf" ok_2xx_per_s)" -v p="$PGB_TPS" 'BEGIN { if (p > 0) printf "%.2f", a / p; else printf "n/a" }')" \
            "$(b "$cf" requests)" "$(b "$cf" ok_2xx)" "$(sed -n 's/^BENCH \(outcome_[a-z]*\)=/\1 /p' "$cf" | paste -sd, -)" \
            "$(b "$cf" errors_total)" "$(b "$cf" status_4xx)" "$(b "$cf" status_5xx)" "$(b "$cf" timeouts)" \
            "$TIMEOUT" "$(b "$cf" late_2xx)" "$(b "$cf" unanswered)" "$(b "$cf" errors)"
        for t in "$c" "$o"; do
            f=$OUT/$t.txt
            [[ -f $f ]] || continue
            printf '  %s: rows new %s submissions / %s cases for %s 2xx (%s distinct references, %s not stored); merged into another person'"'"'s case %s; deadlocks %s; lock waits %s\n' \
                "${t%%-$STAMP}" "${FIG[$t.new_submissions]}" "${FIG[$t.new_cases]}" "$(b "$f" answers_2xx)" \
                "$(b "$f" distinct_references_2xx)" "$(b "$f" references_2xx_not_stored)" \
                "$(b "$f" merged_into_another_persons_case)" "${FIG[$t.deadlocks]}" "${FIG[$t.locks]}"
            if [[ $w == redelivery ]]; then
                printf '    redeliveries of answered keys %s, answered with another reference %s\n' \
                    "$(b "$f" redeliveries_of_answered_keys)" "$(b "$f" redeliveries_answered_another_reference)"
            else
                printf '    incidents: %s of %s cases linked, in %s incidents; trader and story with several cases %s, all in one incident %s; incidents mixing traders %s; linker caught up %s ms after the run\n' \
                    "$(b "$f" cases_in_an_incident)" "$(b "$f" cases_created)" "$(b "$f" incidents_touched)" \
                    "$(b "$f" trader_stories_with_several_cases)" "$(b "$f" trader_stories_all_in_one_incident)" \
                    "$(b "$f" incidents_mixing_traders)" "$(b "$f" incident_linker_catch_up_ms)"
            fi
            echo "    ${FIG[$t.cpu]}"
            echo "    ${FIG[$t.wal]}"
            echo "    ${FIG[$t.routing]}"
            if [[ -n ${FIG[$t.backlog]:-} ]]; then echo "    ${FIG[$t.backlog]}"; fi
        done
        [[ -f $of ]] && printf '  open loop at %s/s (%s): p50 %s ms, p90 %s, p99 %s, p99.9 %s, max %s; 2xx %s of %s, errors %s (time-outs %s, 2xx later than %s %s, unanswered %s, other %s)\n' \
            "${RATE[$w]}" "$OPEN_DURATION" "$(b "$of" lat_p50_ms)" "$(b "$of" lat_p90_ms)" "$(b "$of" lat_p99_ms)" \
            "$(b "$of" lat_p999_ms)" "$(b "$of" lat_max_ms)" "$(b "$of" ok_2xx)" "$(b "$of" requests)" \
            "$(b "$of" errors_total)" "$(b "$of" timeouts)" "$TIMEOUT" "$(b "$of" late_2xx)" "$(b "$of" unanswered)" \
            "$(b "$of" errors)"
        echo
    done
} | tee "$OUT/summary.txt"
