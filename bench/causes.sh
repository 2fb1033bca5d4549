#!/usr/bin/env bash
# Accuracy of the root-cause rules on labelled case directories (tuning / held-out parts, blind sets apart)
# and the time to classify 100,000 jobs. Usage: bench/causes.sh [DIR...]
# (default: src/test/resources/fixtures/runs/causes, plus causes-blind when it exists).
# Writes bench/results/causes.md. Needs Maven's offline repository (mvn -o).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/.work/causes
mkdir -p "$WORK"
cd "$ROOT"
mvn -B -o -q test-compile
[[ -f $WORK/cp.txt && ! pom.xml -nt $WORK/cp.txt ]] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
DIRS=("$@")
if [[ ${#DIRS[@]} -eq 0 ]]; then
  DIRS=(src/test/resources/fixtures/runs/causes)
  [[ -d src/test/resources/fixtures/runs/causes-blind ]] && DIRS+=(src/test/resources/fixtures/runs/causes-blind)
fi
java -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" dev.zerofail.runs.cause.CauseBench \
  --out "${BENCH_RESULTS_DIR:-$HERE/results}/causes.md" "${DIRS[@]}"
