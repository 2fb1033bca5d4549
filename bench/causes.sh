#!/usr/bin/env bash
# Accuracy of the root-cause rules on labelled case directories (tuning / held-out parts, blind sets apart)
# and the time to classify 100,000 jobs. Usage: bench/causes.sh [DIR...]
# Without DIR: src/test/resources/fixtures/runs/causes into bench/results/causes.md. With DIRs: those
# sets into a file named after them, e.g. `bench/causes.sh src/test/resources/fixtures/causes-blind2`
# writes bench/results/causes-blind2.md (a name holding "blind" is scored whole, without a tuning split).
# Needs Maven's offline repository (mvn -o).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/.work/causes
mkdir -p "$WORK"
DIRS=()
for d in "$@"; do
  [[ -d $d ]] || { echo "bench/causes.sh: $d: no such directory (give a directory of labelled *.yaml cases)" >&2; exit 2; }
  DIRS+=("$(cd "$d" && pwd)")
done
cd "$ROOT"
mvn -B -o -q test-compile
[[ -f $WORK/cp.txt && ! pom.xml -nt $WORK/cp.txt ]] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
[[ ${#DIRS[@]} -eq 0 ]] && DIRS=(src/test/resources/fixtures/runs/causes)
names=()
for d in "${DIRS[@]}"; do names+=("$(basename "$d")"); done
name=$(IFS=+; echo "${names[*]}")
java -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" dev.zerofail.runs.cause.CauseBench \
  --out "${BENCH_RESULTS_DIR:-$HERE/results}/$name.md" "${DIRS[@]}"
