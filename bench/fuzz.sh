#!/usr/bin/env bash
# Long fuzzing run: each fuzz test in fuzzing mode (JAZZER_FUZZ=1) for RUNS inputs (default 250000) or the
# @FuzzTest maxDuration cap (8 minutes), whichever comes first, one after the other, niced. New coverage goes to
# .cifuzz-corpus/ (not committed); crashes land in src/test/resources/.../<Test>Inputs/<method>/ (commit them with
# the fix: they become regression inputs that every build replays). Prints inputs, seconds and inputs/s per test.
#   bench/fuzz.sh [RUNS] [TEST ...]
# (jazzer-junit 0.24 takes the duration only from the annotation, so a run is bounded here by a count, passed to
# libFuzzer as -runs through the jazzer.internal.arg.N configuration parameters.)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-250000}
shift || true
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  tests=(EmailParserFuzzTest JsonApiAdapterFuzzTest WorkOrderParserFuzzTest SmsWebhookFuzzTest FreeTextExtractorFuzzTest)
fi
mvn -q -B test-compile
mkdir -p target/fuzz
total=0
for t in "${tests[@]}"; do
  log="target/fuzz/$t.log"
  JAZZER_FUZZ=1 nice -n 19 mvn -q -B surefire:test -Dtest="$t" -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1=-runs="$runs" -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1 \
    || echo "$t: FAILED (a crash? see $log and target/surefire-reports/)"
  done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  n=$(echo "$done_line" | awk '{print $2}')
  s=$(echo "$done_line" | awk '{print $5}')
  cov=$(grep -aE '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+' || true)
  echo "$t: ${n:-0} inputs in ${s:-?} s ($(( ${n:-0} / (${s:-1} > 0 ? ${s:-1} : 1) )) /s), ${cov:-cov: ?}"
  total=$((total + ${n:-0}))
done
echo "total: $total inputs"
