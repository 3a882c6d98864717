#!/usr/bin/env bash
# Longer versions of the drills `mvn verify` runs (src/test/java/dev/shouli/drills/), niced, with their figures:
# acknowledged vs stored, answers by status, time to get ready / to take intakes again, mails sent twice or lost
# across a kill of the sender; an incident resolved with one note across a kill, messages counted where they arrive.
#   bench/drills.sh [KILL_ROUNDS] [OUTAGE_ROUNDS] [OUTBOX_KILL_ROUNDS]        defaults 9, 5 and 5
# Environment: DRILL_CLIENTS (16 concurrent clients), DRILL_ACKS (400 acknowledged submissions before each kill),
# DRILL_DOWN_MILLIS (5000: how long PostgreSQL stays down each round), DRILL_MAILS (1500 receipts per outbox round),
# DRILL_INCIDENT_CASES (500 cases in the incident), DRILL_OUTBOX_LEASE (unset: as shipped; how long a note the killed
# instance had claimed waits for the restarted one).
set -euo pipefail
cd "$(dirname "$0")/.."
kill_rounds=${1:-9}
outage_rounds=${2:-5}
outbox_kill_rounds=${3:-5}
clients=${DRILL_CLIENTS:-16}
mvn -q -B test-compile
run() {
  local test=$1
  shift
  nice -n 19 mvn -q -B surefire:test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false "$@" \
    || echo "$test: FAILED (see target/surefire-reports/dev.shouli.drills.$test.txt)"
  grep -hE '^(kill|outage|event loops|outbox kill|incident drill)' "target/surefire-reports/dev.shouli.drills.$test-output.txt" || true
}
start=$(date +%s)
run GatewayKillTest -Ddrill.killRounds="$kill_rounds" -Ddrill.acksBeforeKill="${DRILL_ACKS:-400}" \
  -Ddrill.clients="$clients"
run DatabaseCrashTest -Ddrill.outageRounds="$outage_rounds" -Ddrill.downMillis="${DRILL_DOWN_MILLIS:-5000}" \
  -Ddrill.clients="$clients"
run OutboxKillTest -Ddrill.outboxKillRounds="$outbox_kill_rounds" -Ddrill.outboxMails="${DRILL_MAILS:-1500}"
run EventLoopWatchdogTest
run IncidentResolveKillTest -Ddrill.incidentCases="${DRILL_INCIDENT_CASES:-500}" \
  ${DRILL_OUTBOX_LEASE:+-Ddrill.outboxLease="$DRILL_OUTBOX_LEASE"}
echo "drills took $(( $(date +%s) - start )) s"
