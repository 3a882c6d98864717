#!/usr/bin/env bash
# Drills that are not (yet) part of `mvn verify`: run them by name, niced.
#   bench/drills.sh            the event-loop watchdog drill (dev.shouli.drills.EventLoopWatchdogDrill)
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 19 mvn -q -B test -Dtest='EventLoopWatchdogDrill' -Dsurefire.failIfNoSpecifiedTests=false
