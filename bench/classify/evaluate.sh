#!/usr/bin/env bash
# Evaluates the routing classifier on a labelled CSV exactly as POST /api/v1/classifier/training measures a
# version: the same parser and taxonomies (config/shouli.yaml), the configured decision rule, nested 5-fold
# cross-validation. Prints per-category precision/recall/F1, macro-F1 (undecided counted wrong), coverage and the
# precision of decided answers. See BENCHMARKS.md ("Classification") and bench/classify/SOURCES.md.
#
#   bench/classify/evaluate.sh                       # both sets of this directory
#   bench/classify/evaluate.sh my-labels.csv         # another file (title,text,category)
#   bench/classify/evaluate.sh --timing 3000 [--long]  # time training 3,000 recombined messages
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
mvn -q -B test-compile >/dev/null
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP=target/test-classes:target/classes:$(cat target/bench-classpath.txt)
run() { java -cp "$CP" dev.shouli.feature.routing.ClassifierEvaluation "$@"; }
if [[ ${1:-} == --timing ]]; then
    run bench/classify/hotline.csv "$@"
elif [[ $# -gt 0 ]]; then
    for f in "$@"; do run "$f"; echo; done
else
    run bench/classify/hotline.csv; echo
    run bench/classify/consumer.csv
fi
