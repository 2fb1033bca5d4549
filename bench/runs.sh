#!/usr/bin/env bash
# CI-history benchmark: `zerofail runs import` of 100,000 generated runs with their jobs (the REST API's
# JSON shapes, as --from-gh files: bench/gen_runs.py), then `zerofail runs report` over them, each timed
# as a whole command (JVM start included) into a fresh SQLite history. Target: both under 30 s.
# Writes bench/results/runs.md.
#
# Options (environment):
#   BENCH_RUNS_N=N             runs to generate (default 100000)
#   BENCH_RESULTS_DIR=DIR      where to write runs.md (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
#   BENCH_JAVA_OPTS="..."      extra JVM options (ZEROFAIL_JAVA_OPTS), e.g. a JFR recording to profile
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
N=${BENCH_RUNS_N:-100000}
read -r -a ZEROFAIL <<<"${BENCH_ZEROFAIL:-$ROOT/zerofail}"
WORK=$HERE/.work/runs
DATA=$WORK/data-v2-$N
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

"${ZEROFAIL[@]}" --version >/dev/null
mkdir -p "$WORK" "$RESULTS"
if [[ ! -f "$DATA/.done" ]]; then
  log "generating $N runs in $DATA"
  rm -rf "$DATA"
  python3 "$HERE/gen_runs.py" "$DATA" "$N"
  touch "$DATA/.done"
fi
size=$(du -sm "$DATA" | cut -f1)
files=$(ls "$DATA"/*.json | wc -l)
rm -rf "$WORK/repo"; mkdir -p "$WORK/repo"
printf 'history:\n  url: jdbc:sqlite:.zerofail/history.db\n' >"$WORK/repo/zerofail.yaml"
export ZEROFAIL_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"

now_ms() { date +%s%3N; }
cpu() { # CPU seconds (user + sys) of a command, into the file $1; the load average moves wall time, not this
  local f=$1; shift
  /usr/bin/time -f '%U %S' -o "$f" "$@"
  awk '{printf "%.1f", $1 + $2}' "$f"
}
log "import"
t0=$(now_ms)
import_cpu=$(cpu "$WORK/t1" "${ZEROFAIL[@]}" runs import --from-gh "$DATA" --repo acme/bench \
  --config "$WORK/repo/zerofail.yaml" -q -f json -o "$WORK/import.json")
t1=$(now_ms)
log "report"
report_cpu=$(cpu "$WORK/t2" "${ZEROFAIL[@]}" runs report --config "$WORK/repo/zerofail.yaml" --by week -f json \
  -o "$WORK/report.json")
t2=$(now_ms)
"${ZEROFAIL[@]}" runs report --config "$WORK/repo/zerofail.yaml" --by cause -o "$WORK/report.txt"
t3=$(now_ms)

import_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1000}')
report_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", (b-a)/1000}')
text_s=$(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.1f", (b-a)/1000}')
total_s=$(awk -v a="$t0" -v b="$t2" 'BEGIN{printf "%.1f", (b-a)/1000}')
read -r attempts jobs < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; print(r["attemptsSaved"], r["jobsSaved"])' "$WORK/import.json")
read -r runs failure cost failed_cost causes < <(python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))["result"]; t=r["totals"]
print(t["runs"], t["failureRate"], t["cost"], t["failedCost"], ",".join("%s:%d" % (c["cause"], c["jobs"]) for c in r["causes"][:4]))' "$WORK/report.json")
db=$(du -m "$WORK/repo/.zerofail/history.db" | cut -f1)
verdict=$(awk -v t="$total_s" 'BEGIN{print (t < 30 ? "met" : "NOT met")}')

# the hand-written history below the generated part ("## Before and after" to the end) survives a re-run
notes=$(sed -n '/^## Before and after/,$p' "$RESULTS/runs.md" 2>/dev/null || true)
cat >"$RESULTS/runs.md" <<MD
# runs import + report: $N generated runs

\`bench/runs.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end,
$(java -version 2>&1 | head -1)). Input: $files files of the REST API's JSON ($size MB) from
\`bench/gen_runs.py\` (seeded), imported with \`--from-gh\` into a new SQLite history ($db MB after).
Each time is a whole command, JVM start included.

| step | wall seconds | CPU seconds (user + sys) |
|---|---:|---:|
| \`runs import --from-gh\` ($attempts run attempts, $jobs jobs with steps) | $import_s | $import_cpu |
| \`runs report --by week -f json\` ($runs runs; causes of every failed job) | $report_s | $report_cpu |
| import + report | **$total_s** (target < 30 s: $verdict) | |
| \`runs report --by cause\` (text) | $text_s | |

Report figures (sanity): failure rate $failure, cost \$$cost, on failed runs \$$failed_cost; top causes $causes.
The machine is shared by several builds: the load average above moves wall times; CPU times move less.
MD
[[ -n $notes ]] && printf '\n%s\n' "$notes" >>"$RESULTS/runs.md"
log "wrote $RESULTS/runs.md: import ${import_s}s, report ${report_s}s"
cat "$RESULTS/runs.md"
