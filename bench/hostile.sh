#!/usr/bin/env bash
# Hostile-traffic drill against one gateway (embedded PostgreSQL, SMTP on), with its figures:
#   flood    eight maximal hostile mails (8 MB of letter runs) in flight over SMTP from eight clients; an honest
#            signed Twilio SMS and an honest JSON complaint every second meanwhile, timed (target: within 1 s)
#   idle     5,000 idle connections open (DRILL_IDLE); an honest request timed (target: within 1 s); how long until
#            the gateway closed them (target: after http.headerTimeout); one client trying to hold 300
#   refused  one client sending refused input for a minute (DRILL_REFUSED_SECONDS): 1 MB non-JSON bodies to the JSON
#            API and unsigned 1 MB Twilio posts, 4 at a time; the database's growth (target: at most 10 MB)
#   qq       a human reply from QQ mail carrying Feedback-ID, over SMTP (target: it makes a case)
# Usage: bench/hostile.sh [PHASE …]      (default: all four, about 3 minutes after the build)
# Environment: HOSTILE_JAR (another build's jar, e.g. to compare with main), HOSTILE_SKIP_BUILD=1, GATEWAY_JAVA_OPTS.
# Needs: java, mvn, and loopback aliases 127.0.0.0/8 (Linux has them). Raises `ulimit -n` for the idle phase.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${HOSTILE_OUT:-$ROOT/target/hostile-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The idle phase holds DRILL_IDLE sockets on each side (the drill and the gateway share this shell's limit) and
# the gateway needs its own files and PostgreSQL connections besides: the usual default of 1,024 is far too low.
idle=${DRILL_IDLE:-5000}
want=$(( idle * 2 + 4096 ))
if (( $(ulimit -n) < want )); then
    ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
(( $(ulimit -n) >= want )) || log "warning: ulimit -n is $(ulimit -n), below $want; raise the hard limit (nofile)"
log "open-file limit: $(ulimit -n)"

CLASSPATH_FILE=$ROOT/target/hostile-classpath.txt
if [[ -z ${HOSTILE_SKIP_BUILD:-} ]]; then
    log "building the gateway jar and the drill (mvn -q -B package -DskipTests)"
    (cd "$ROOT" && mvn -q -B package -DskipTests &&
        mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE") \
        >"$OUT/build.log" 2>&1 || die "build failed: see $OUT/build.log"
fi
JAR=${HOSTILE_JAR:-$ROOT/target/shouli.jar}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
HTTP_PORT=$(free_port)
SMTP_PORT=$(free_port)
TOKEN=hostile-drill-twilio-token
log "starting the gateway (data in $OUT/data, log in $OUT/gateway.log)"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of options
env SHOULI_DATA_DIR="$OUT/data" SHOULI_DATABASE_URL= SHOULI_HTTP_HOST=127.0.0.1 SHOULI_HTTP_PORT="$HTTP_PORT" \
    SHOULI_SMTP_ENABLED=true SHOULI_SMTP_HOST=127.0.0.1 SHOULI_SMTP_PORT="$SMTP_PORT" \
    SHOULI_SMTP_RECIPIENTS=complaints@example.cn SHOULI_TWILIO_AUTH_TOKEN="$TOKEN" \
    SHOULI_TWILIO_WEBHOOK_URL="http://127.0.0.1:$HTTP_PORT/intake/sms/twilio" \
    java ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" >"$OUT/gateway.log" 2>&1 &
GW=$!
trap 'kill "$GW" 2>/dev/null; wait "$GW" 2>/dev/null || true' EXIT
for (( i = 0; i < 600; i++ )); do
    kill -0 "$GW" 2>/dev/null || die "the gateway exited during start-up: see $OUT/gateway.log"
    curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null && break
    sleep 0.2
done
PG_PORT=$(sed -n 's/.*embedded PostgreSQL running on port \([0-9][0-9]*\).*/\1/p' "$OUT/gateway.log" | head -1)
[[ -n $PG_PORT ]] || die "cannot find the embedded PostgreSQL port in $OUT/gateway.log"
log "gateway ready: HTTP $HTTP_PORT, SMTP $SMTP_PORT, PostgreSQL $PG_PORT; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

java -Ddrill.idle="$idle" -Ddrill.refusedSeconds="${DRILL_REFUSED_SECONDS:-60}" \
    -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$CLASSPATH_FILE")" dev.shouli.bench.HostileDrill \
    "$HTTP_PORT" "$SMTP_PORT" "$TOKEN" "$PG_PORT" "$OUT/data/postgres/shouli-superuser.password" \
    "$ROOT/src/test/resources/email/qq-reply-with-feedback-id.eml" "$@" | tee "$OUT/figures.txt"
log "ERROR lines in the gateway log: $(grep -c ' ERROR ' "$OUT/gateway.log" || true)"
log "figures in $OUT/figures.txt"
