#!/usr/bin/env bash
# Compose benchmark: `zerofail compose config` side by side with Debian's docker-compose 1.29
# `config` on the same files (every fixture group docker-compose can read), plus the time of
# `zerofail compose unify` on the same groups. Whole commands, start-up included, median of
# BENCH_RUNS runs after one warm-up. Writes bench/results/compose.md.
#
# Options (environment):
#   BENCH_RUNS=5               timed runs per tool and group
#   BENCH_RESULTS_DIR=DIR      where to write compose.md (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
RUNS=${BENCH_RUNS:-5}
FIXTURES=$ROOT/src/test/resources/fixtures/compose
read -r -a ZEROFAIL <<<"${BENCH_ZEROFAIL:-$ROOT/zerofail}"
WORK=$HERE/.work/compose
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }

[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || die "BENCH_RUNS must be a whole number >= 1, got '$RUNS'"
if ! command -v docker-compose >/dev/null; then
  log "installing Debian's docker-compose (the peer)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >&2; } \
    || die "could not install docker-compose"
fi
"${ZEROFAIL[@]}" --version >/dev/null 2>&1 || die "cannot run ${ZEROFAIL[*]}"
mkdir -p "$WORK" "$RESULTS"

# median wall time in ms of a command run RUNS times after a warm-up
median_ms() {
  "$@" >/dev/null 2>&1 || return 1
  local times=()
  for ((i = 0; i < RUNS; i++)); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

rows=()
total_zf=0 total_dc=0
for props in "$FIXTURES"/*/group.properties; do
  group=$(basename "$(dirname "$props")")
  grep -q '^compose129=true' "$props" || { log "skipping $group (docker-compose 1.29 cannot read it)"; continue; }
  src=$(sed -n 's/^source=//p' "$props"); dir=$(cd "$(dirname "$props")/${src:-.}" && pwd)
  read -r -a files <<<"$(sed -n 's/^files=//p' "$props")"
  envfile=$dir/.env
  dc_args=() zf_args=()
  for f in "${files[@]}"; do dc_args+=(-f "$dir/$f"); zf_args+=("$dir/$f"); done
  # stand-ins for variables the inputs require, the same for both tools
  export $(grep -rhoE '\$\{[A-Z_][A-Z0-9_]*:?\?' "${zf_args[@]}" 2>/dev/null | sed -E 's/\$\{([A-Z0-9_]+).*/\1=stand-in/' | sort -u) 2>/dev/null || true
  log "$group: ${#files[@]} file(s)"
  dc=$(cd "$dir" && median_ms docker-compose "${dc_args[@]}" config) || { log "docker-compose failed on $group"; continue; }
  zf=$(cd "$dir" && median_ms "${ZEROFAIL[@]}" compose config "${zf_args[@]}") || die "zerofail compose config failed on $group"
  un=$(cd "$dir" && median_ms "${ZEROFAIL[@]}" compose unify "${zf_args[@]}" --dry-run -q) || die "zerofail compose unify failed on $group"
  rows+=("| $group | ${#files[@]} | $dc | $zf | $(awk -v a="$dc" -v b="$zf" 'BEGIN{printf "%.1f", a/b}')× | $un |")
  total_dc=$((total_dc + dc)); total_zf=$((total_zf + zf))
done
[[ ${#rows[@]} -gt 0 ]] || die "no fixture group could be benchmarked"

{
  echo "# Compose benchmark"
  echo
  echo "\`bench/compose.sh\`, $(date -u +%Y-%m-%d), $(nproc) CPU(s), median of $RUNS runs after a warm-up,"
  echo "whole commands with start-up. Peer: Debian's docker-compose $(docker-compose version --short 2>/dev/null)."
  echo "Both read and merge the same files and print the merged model (\`config\`)."
  echo
  echo "| group | files | docker-compose config (ms) | zerofail compose config (ms) | speed-up | zerofail compose unify (ms) |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo "| **all** | | **$total_dc** | **$total_zf** | **$(awk -v a="$total_dc" -v b="$total_zf" 'BEGIN{printf "%.1f", a/b}')×** | |"
  echo
  echo "unify also loads every file twice more (the interpolation check and the read-back"
  echo "equivalence check) and runs the scanner over every environment value."
} >"$RESULTS/compose.md"
log "wrote $RESULTS/compose.md"
cat "$RESULTS/compose.md"
