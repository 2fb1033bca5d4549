#!/usr/bin/env bash
# zerofail serve under load (issue 14): wrk (Debian's) on 127.0.0.1 against /metrics, /api/v1/status?env=prod and
# /api/v1/deployments?env=prod of a real `zerofail serve` (the launcher, as users run it) over a store of
# BENCH_DEPLOYMENTS (default 100,000) deployments, on SQLite and on PostgreSQL (a fresh schema on the PostgreSQL
# of scripts/services); then the same three at a fixed 1,000 requests/s with an open-loop client
# (bench/serve/OpenLoop.java: Debian's wrk has no fixed rate), and /metrics over 1,000 deployments to show its
# cost does not grow with the history. First the open-loop client against a server that does nothing
# (bench/serve/TrivialServer.java): the client's own floor on this machine, and proof it keeps the rate.
# Installs wrk with apt-get when missing.
# Writes bench/results/serve.md: the tables and their header; what people wrote below "## Reading" is kept.
#   bench/serve.sh
#   BENCH_DEPLOYMENTS=20000 BENCH_SECONDS=5 BENCH_STORES=sqlite bench/serve.sh     # a quick run
# Knobs: BENCH_SECONDS (per wrk / open-loop run, default 20), BENCH_CONNECTIONS (wrk -c, default 8; -t 2),
# BENCH_RATE (open loop, default 1000), BENCH_WARMUP (open loop, seconds sent first and not counted, default 5),
# BENCH_WORKERS (open-loop sockets, default 48), BENCH_SMALL (the small store, default 1000),
# BENCH_STORES ("sqlite postgres"). ZEROFAIL_JAVA_OPTS reaches the serve JVM (e.g. a JFR recording).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/.work/serve
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
N=${BENCH_DEPLOYMENTS:-100000}
SMALL=${BENCH_SMALL:-1000}
SECONDS_EACH=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-5}
WORKERS=${BENCH_WORKERS:-48}
CONN=${BENCH_CONNECTIONS:-8}
RATE=${BENCH_RATE:-1000}
STORES=${BENCH_STORES:-sqlite postgres}
mkdir -p "$WORK" "$RESULTS"
cd "$ROOT"

if ! command -v wrk >/dev/null; then
  echo "serve.sh: installing wrk (Debian)" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -q wrk >&2; else sudo apt-get install -y -q wrk >&2; fi
fi
[[ -f /var/tmp/zerofail-services/env ]] && { set -a; . /var/tmp/zerofail-services/env; set +a; }
./zerofail --version >/dev/null    # builds the jar when sources changed
JAR=$ROOT/target/zerofail.jar
export DOCKER_HOST=${ZEROFAIL_IT_DOCKER_HOST:-${DOCKER_HOST:-unix:///var/run/docker.sock}}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
CLIENT=$WORK/openloop
mkdir -p "$CLIENT"
javac -d "$CLIENT" "$HERE/serve/OpenLoop.java" "$HERE/serve/TrivialServer.java"

# a project: two environments of five services each (not deployed: status asks Docker and finds none)
P=$WORK/project
mkdir -p "$P"
cat > "$P/compose.yml" <<'YML'
services:
  api: {image: "acme/api:1"}
  web: {image: "acme/web:1"}
  worker: {image: "acme/worker:1"}
  cron: {image: "acme/cron:1"}
  auth: {image: "acme/auth:1"}
YML
TOKEN=zf_bench-serve-token-0123456789abcdef
[[ -f $WORK/token.yml ]] || printf '%s' "$TOKEN" | java -jar "$JAR" serve hash-token --name bench --role viewer > "$WORK/token.yml"
write_config() { # $1: history url, $2: user (empty for SQLite)
  {
    echo "version: 1"
    echo "environments:"
    echo "  prod: {stack: servebench, compose: compose.yml}"
    echo "  staging: {stack: servebench-staging, compose: compose.yml}"
    echo "history:"
    echo "  url: \"$1\""
    [[ -z "$2" ]] || { echo "  user: $2"; echo "  password-env: ZEROFAIL_HISTORY_PASSWORD"; }
    echo "serve:"
    echo "  tokens:"
    sed 's/^/    /' "$WORK/token.yml"
  } > "$P/zerofail.yaml"
}

seed() { java -cp "$JAR" "$HERE/serve/ServeSeed.java" "$@"; }
PID=""
stop_serve() { [[ -z "$PID" ]] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; }; }
cleanup() { stop_serve; [[ -z "${SCHEMA:-}" ]] || seed "$ZEROFAIL_IT_PG_URL" drop "$SCHEMA" || true; }
trap cleanup EXIT
start_serve() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ./zerofail serve "$P" --bind 127.0.0.1 --port "$PORT" 2> "$WORK/serve.log" &
  PID=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/readyz" && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
    sleep 0.5
  done
  # the first /metrics reads every deployment once (warm-up runs in the background at start): wait for it,
  # then warm the JIT a little on each endpoint
  for path in "${PATHS[@]}"; do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path" || { echo "serve.sh: $path failed" >&2; exit 1; }
  done
  wrk -t 2 -c "$CONN" -d 3s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/metrics" >/dev/null
}
PATHS=(/metrics "/api/v1/status?env=prod" "/api/v1/deployments?env=prod")

ROWS=$WORK/rows.tsv
: > "$ROWS"
run_wrk() { # store, deployments, path → a row: p50 p99 rps non2xx
  local out
  out=$(wrk -t 2 -c "$CONN" -d "${SECONDS_EACH}s" -H "Authorization: Bearer $TOKEN" -s "$HERE/serve/report.lua" \
    "http://127.0.0.1:$PORT$3")
  printf '%s\t%s\t%s\twrk -t2 -c%s\t%s\t%s\n' "$1" "$2" "$3" "$CONN" "$(echo "$out" | grep '^ZF ' | cut -d' ' -f2-)" \
    "$(cut -d' ' -f1 /proc/loadavg)" >> "$ROWS"
}
run_open() { # store, deployments, path → a row: p50 p90 p99 max rps errors [void]
  local r
  r=$(java -XX:+UseSerialGC -cp "$CLIENT" OpenLoop "http://127.0.0.1:$PORT$3" "$TOKEN" "$RATE" "$SECONDS_EACH" "$WORKERS" "$WARMUP")
  printf '%s\t%s\t%s\topen loop %s/s\t%s\t%s\n' "$1" "$2" "$3" "$RATE" "$r" "$(cut -d' ' -f1 /proc/loadavg)" >> "$ROWS"
}

# the client's floor: the same open loop against a server that answers at once
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -XX:+UseSerialGC -cp "$CLIENT" TrivialServer "$PORT" > "$WORK/trivial.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
run_open "none" 0 /
stop_serve

for store in $STORES; do
  for n in "$N" "$SMALL"; do
    if [[ $store == sqlite ]]; then
      url="jdbc:sqlite:$WORK/history-$n.db"
      [[ -f $WORK/history-$n.db && -f $WORK/history-$n.count && $(cat "$WORK/history-$n.count") == "$n" ]] || {
        rm -f "$WORK/history-$n.db"; seed "$url" "$n"; echo "$n" > "$WORK/history-$n.count"; }
      write_config "$url" ""
    else
      [[ -n "${ZEROFAIL_IT_PG_URL:-}" ]] || { echo "serve.sh: no PostgreSQL (scripts/services); skipping it" >&2; continue; }
      SCHEMA=serve_bench_$$
      seed "$ZEROFAIL_IT_PG_URL" "$n" "$SCHEMA"
      url="$ZEROFAIL_IT_PG_URL$([[ $ZEROFAIL_IT_PG_URL == *\?* ]] && echo '&' || echo '?')currentSchema=$SCHEMA"
      export ZEROFAIL_HISTORY_PASSWORD=$ZEROFAIL_IT_PG_PASSWORD
      write_config "$url" "$ZEROFAIL_IT_PG_USER"
    fi
    start_serve
    if [[ $n == "$N" ]]; then
      for path in "${PATHS[@]}"; do run_wrk "$store" "$n" "$path"; done
      for path in "${PATHS[@]}"; do run_open "$store" "$n" "$path"; done
    else
      run_wrk "$store" "$n" /metrics
      run_open "$store" "$n" /metrics
    fi
    stop_serve
    if [[ $store == postgres ]]; then seed "$ZEROFAIL_IT_PG_URL" drop "$SCHEMA"; SCHEMA=""; fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$ROWS" "$RESULTS/serve.md" "$load_before" "$load_after" "$N" "$SMALL" "$SECONDS_EACH" "$RATE" "$WARMUP" "$WORKERS" <<'PY'
import sys, datetime, subprocess
rows_file, out, lb, la, n, small, secs, rate, warmup, workers = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(rows_file) if l.strip()]
git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
jv = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
lines = ["# zerofail serve under load", "",
         f"`bench/serve.sh` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, git {git}, `{jv}`, {cores} cores; "
         f"load average before / after: {lb} / {la} (a shared machine: read the figures as upper bounds).", "",
         f"A real `zerofail serve` (the launcher) on 127.0.0.1 with a viewer token, over {int(n):,} deployments "
         f"(and {int(small):,} for the /metrics comparison), 2 environments × 5 services, 4 events and 2 gate results each. "
         f"{secs} s per run. `wrk`: Debian's wrk, closed loop (each connection sends its next request when the last "
         "answered), percentiles from its Lua `done` hook: a saturation figure. `open loop`: bench/serve/OpenLoop.java, "
         f"request i due at start + i/{rate} s, {workers} threads each with one keep-alive socket, latency from when the "
         f"request was due to its last byte (no coordinated omission), after {warmup} s sent and not counted; a row whose "
         "achieved rate is under 95% of the asked one is void (the client or the machine fell behind). Store `none`: the "
         "same client against bench/serve/TrivialServer.java (answers at once), the client's own floor. Status is "
         "served from a snapshot read at most once a second (Docker is asked; the services are not deployed). "
         "`load 1m`: the 1-minute load average when the row ended.", "",
         "Target (issue 14): p99 < 20 ms at 1,000 requests/s for each endpoint; /metrics cost independent of the count.", "",
         "| store | deployments | endpoint | load | p50 ms | p90 ms | p99 ms | max ms | requests/s | failed | load 1m | p99 < 20 ms |",
         "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
for store, dep, path, load, res, load1 in rows:
    p50, p90, p99, mx, rps, bad, *void = res.split()
    if void:
        ok = f"void: {float(rps):,.0f}/s achieved"
    elif load.startswith("wrk"):
        ok = "(closed loop)"
    else:
        ok = "yes" if float(p99) < 20 and int(bad) == 0 else "**no**"
    lines.append(f"| {store} | {int(dep):,} | `{path}` | {load} | {float(p50):.2f} | {float(p90):.2f} | {float(p99):.2f} | "
                 f"{float(mx):.2f} | {float(rps):,.0f} | {bad} | {load1} | {ok} |")
try:
    old = open(out).read()
    kept = old[old.index("\n## Reading") + 1:] if "\n## Reading" in old else ""
except FileNotFoundError:
    kept = ""
open(out, "w").write("\n".join(lines) + "\n" + ("\n" + kept if kept else ""))
print("\n".join(lines))
PY
