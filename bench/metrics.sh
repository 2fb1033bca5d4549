#!/usr/bin/env bash
# What a /metrics scrape costs against the number of deployments in the history store (SQLite):
# the first scrape of a process (reads every row once), steady scrapes (only rows that changed), and
# a scrape after 10 new deployments. Writes bench/results/metrics.md.
#   bench/metrics.sh              # 1,000, 10,000 and 100,000 deployments, 200 steady scrapes each
#   BENCH_SIZES="1000 100000" BENCH_STEADY=500 bench/metrics.sh
# PostgreSQL is not measured here: the test database is shared by the other suites, and the reads
# are the same indexed primary-key range and IN queries on both.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/.work/metrics
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
SIZES=${BENCH_SIZES:-1000 10000 100000}
STEADY=${BENCH_STEADY:-200}
mkdir -p "$WORK" "$RESULTS"
cd "$ROOT"
[[ -d target/classes/dev/zerofail/metrics ]] || mvn -B -o -q compile
[[ -f $WORK/cp.txt && ! pom.xml -nt $WORK/cp.txt ]] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/target/classes:$(cat "$WORK/cp.txt")"
ROWS=$(java -cp "$CP" "$HERE/metrics/MetricsBench.java" "$WORK" "$STEADY" $SIZES)
{
  echo "# /metrics scrape cost against store size"
  echo
  echo "\`bench/metrics.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), git $(git rev-parse --short HEAD), $(java -version 2>&1 | head -1),"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared with other work: read the figures as upper bounds)."
  echo "SQLite store; each deployment has 4 events and 2 gate results; 2 environments × 5 services. A scrape here is"
  echo "\`DeployMetrics.scrape\` plus writing the Prometheus text, in-process (no HTTP)."
  echo
  echo "| deployments | first scrape ms | steady scrape p50 ms | steady p99 ms | rows read per steady scrape | scrape after 10 new ms | text bytes |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  echo "$ROWS"
  echo
  echo "Steady scrapes read only deployments with an id above the last seen one, those that were RUNNING, and ids"
  echo "skipped over (a commit out of order on PostgreSQL): their cost does not grow with the store. The first"
  echo "scrape of a process reads every deployment once (in batches of 5,000, with their events and gates)."
} > "$RESULTS/metrics.md"
cat "$RESULTS/metrics.md"
