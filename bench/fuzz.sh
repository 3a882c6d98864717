#!/usr/bin/env bash
# Long fuzzing run: each fuzz test in fuzzing mode (JAZZER_FUZZ=1) for SECONDS seconds (default 300), one after
# the other, niced. Crashes land in src/test/resources/.../<Test>Inputs/<method>/ (commit them: they become
# regression inputs that every build replays). Prints the inputs tried per test from Jazzer's final status line.
#   bench/fuzz.sh [SECONDS] [TEST#method ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  tests=(EmailParserFuzzTest#anyBytesAreReadOrRefused JsonApiAdapterFuzzTest#anyBodyIsADraftOrAProblem
         WorkOrderParserFuzzTest#anyBodyIsAWorkOrderOrAProblem SmsWebhookFuzzTest#anyWebhookIsParsedOrRefused
         FreeTextExtractorFuzzTest#anyTextIsReadWithinItsBudget)
fi
mvn -q -B test-compile
mkdir -p target/fuzz
total=0
for t in "${tests[@]}"; do
  log="target/fuzz/${t%%#*}.log"
  JAZZER_FUZZ=1 nice -n 19 mvn -q -B surefire:test -Dtest="$t" -Djazzer.max_duration="${seconds}s" \
    -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1 || echo "$t: FAILED (crash? see $log and target/surefire-reports)"
  runs=$(grep -ahoE '^#[0-9]+' target/surefire-reports/*"${t%%#*}"-output.txt 2>/dev/null | tail -1 | tr -d '#')
  echo "$t: ${runs:-0} inputs in ${seconds}s"
  total=$((total + ${runs:-0}))
done
echo "total: $total inputs"
