#!/usr/bin/env bash
# Longer versions of the drills that `mvn verify` runs (src/test/java/dev/shouli/drills/), niced.
#   bench/drills.sh            the event-loop watchdog (EventLoopWatchdogTest), printing what it measured
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 19 mvn -q -B test -Dtest='EventLoopWatchdogTest' -Dsurefire.failIfNoSpecifiedTests=false
grep -h 'event loops:' target/surefire-reports/dev.shouli.drills.EventLoopWatchdogTest-output.txt
