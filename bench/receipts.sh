#!/usr/bin/env bash
# Receipt benchmark: a burst of complaints through the gateway, every receipt followed to a real SMTP server (or, for
# complainants without an address, to a Vonage SMS API fake that throttles beyond Vonage's rate), and per case the
# time from "accepted" to "accepted by the mail server". See BENCHMARKS.md.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/receipts.sh [-h]

Starts an SMTP server (subethasmtp) and a rate-limited SMS API in the load driver, a gateway (target/shouli.jar, built
if missing) with its default configuration plus a mailer and an SMS send provider pointing at them, and a fresh
embedded PostgreSQL; sends REQUESTS complaints of bench/workloads/receipts.yaml as fast as the gateway takes them
(CONNECTIONS in flight), and waits until every receipt arrived (at most WAIT for mail, SMS_WAIT for SMS). Prints, per
channel, receipts expected and arrived, the time from the gateway's 2xx to the receiver's acceptance (p50/p99/max),
how many within 15 minutes, and the sending rates; per case in <run>/receipts-<stamp>.receipts.tsv.

Environment (all optional):
  REQUESTS=20000     complaints in the burst
  CONNECTIONS=64     requests in flight
  SMS_RATE=30        requests a second the SMS API takes before "Throttled" (Vonage's published default, which the
                     gateway also uses unless told otherwise)
  WAIT=20m           how long to wait for the mail after the burst; SMS_WAIT=10m the same for SMS
  JAR                the gateway jar (default target/shouli.jar); GATEWAY_JAVA_OPTS extra JVM options
Raw outputs go to bench/results/<UTC timestamp>/ (git-ignored).
EOF
}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
if [[ $# -gt 0 ]]; then usage >&2; exit 2; fi

REQUESTS=${REQUESTS:-20000}
CONNECTIONS=${CONNECTIONS:-64}
SMS_RATE=${SMS_RATE:-30}
WAIT=${WAIT:-20m}
SMS_WAIT=${SMS_WAIT:-10m}
GIVEN_DB=""

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
JAR=${JAR:-$ROOT/target/shouli.jar}
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

need_tools java mvn curl psql ss
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/$STAMP
mkdir -p "$OUT"
log "raw outputs in ${OUT#"$ROOT"/}"
build_if_missing

TAG=receipts-$STAMP
log "starting the SMTP server and the SMS API (SMS rate $SMS_RATE/s)"
driver receipts --workload "$BENCH/workloads/receipts.yaml" --requests "$REQUESTS" --connections "$CONNECTIONS" \
    --out "$OUT" --tag "$TAG" --env-file "$OUT/sinks.env" --go-file "$OUT/go" --sms-rate "$SMS_RATE" \
    --wait "$WAIT" --sms-wait "$SMS_WAIT" --timeout 10s --db-file "$OUT/db-url" >"$OUT/$TAG.txt" 2>"$OUT/$TAG.log" &
CHILD_PID=$!
for (( i = 0; i < 300; i++ )); do [[ -s $OUT/sinks.env ]] && break; sleep 0.2; done
[[ -s $OUT/sinks.env ]] || die "the receipt sinks did not start: see $OUT/$TAG.log"
mapfile -t SINK_ENV <"$OUT/sinks.env"

start_with_database "${SINK_ENV[@]}"
GW_PID_LIST="${GW_PIDS[*]}"
describe_database
log "database: $PG_VERSION ($(grep -E '^(fsync|synchronous_commit)' "$OUT/postgres.txt" | paste -sd, -))"
echo "$PGURL" >"$OUT/db-url"

log "burst: $REQUESTS complaints, $CONNECTIONS in flight; then waiting for every receipt"
cpu_snapshot; cpu0=$SNAP
echo "${URL_OF[1]}" >"$OUT/go"
wait "$CHILD_PID" || die "the receipt driver failed: see $OUT/$TAG.log"
CHILD_PID=""
cpu_snapshot; cpu1=$SNAP

f=$OUT/$TAG.txt
{
    echo "Shouli receipt benchmark $STAMP"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "database: $PG_VERSION (embedded, fresh); $(sed -n '2,$p' "$OUT/postgres.txt" | paste -sd';' - | sed 's/;/; /g')"
    echo "gateway: default configuration plus the receivers: $(paste -sd' ' "$OUT/sinks.env" | sed 's/SHOULI_VONAGE_API_SECRET=[^ ]*/SHOULI_VONAGE_API_SECRET=…/')"
    printf 'burst: %s complaints in %s s (%s 2xx/s), errors %s\n' "$(b "$f" requests)" "$(b "$f" burst_seconds)" \
        "$(b "$f" ok_2xx_per_s)" "$(b "$f" errors_total)"
    for c in mail sms; do
        printf '%s: %s of %s receipts arrived (%s missing, %s twice), %s within 15 minutes of their case; from "accepted" to accepted by the receiver p50 %s s, p99 %s s, max %s s; %s/s overall (%s/s during the burst, %s/s after it, best second %s)\n' \
            "$c" "$(b "$f" "${c}_arrived")" "$(b "$f" "${c}_expected")" "$(b "$f" "${c}_missing")" \
            "$(b "$f" "${c}_duplicates")" "$(b "$f" "${c}_within_15_min")" "$(b "$f" "${c}_latency_p50_s")" \
            "$(b "$f" "${c}_latency_p99_s")" "$(b "$f" "${c}_latency_max_s")" "$(b "$f" "${c}_rate_per_s")" \
            "$(b "$f" "${c}_rate_during_burst_per_s")" "$(b "$f" "${c}_rate_after_burst_per_s")" "$(b "$f" "${c}_best_second")"
    done
    echo "sms refused by the provider for speed (status 1, Throttled): $(b "$f" sms_throttled_by_provider)"
    echo "outbox receipts by channel and status: $(sed -n 's/^BENCH outbox_//p' "$f" | paste -sd' ' -)"
    cpu_report "$cpu0" "$cpu1" "CPU over the burst and the receipts" "$(b "$f" requests)"
} | tee "$OUT/summary.txt"
