#!/usr/bin/env bash
# Deploy benchmark: zerofail deploy side by side with Swarm's own
# `docker service update --update-failure-action rollback`, on the same kind of service (busybox
# httpd on the host network, one port per replica, Docker healthcheck every 1 s with 2 retries,
# stop-first, update monitor 5 s) and the same images (zerofail-test/deploy:good1/good2/badhealth
# from scripts/services), in one run. bench/deploy_watch.py measures both the same way: Docker's
# events and healthcheck log, and a probe that sends a request every 50 ms to every replica Swarm
# routes to. Writes bench/results/deploy.md.
#
# Options (environment):
#   BENCH_RESULTS_DIR=DIR      where to write deploy.md (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
#   BENCH_CASES=bad1,good2     run only these cases (bad1, bad2, good2); then no deploy.md is written
#   DOCKER_HOST                the daemon (default unix:///var/run/docker.sock; must be a swarm manager)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
read -r -a ZEROFAIL <<<"${BENCH_ZEROFAIL:-$ROOT/zerofail}"
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
SOCK=${DOCKER_HOST#unix://}
IMG=zerofail-test/deploy
WORK=$HERE/.work/deploy
RUN_ID=$(date +%s | tail -c 6)
LOAD_START=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }

[[ $DOCKER_HOST == unix://* ]] || die "DOCKER_HOST must be a unix socket (the probe reads the Engine API there)"
docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null | grep -qx active || die "the daemon is not a swarm manager; run scripts/services docker"
for t in good1 good2 badhealth; do
  docker image inspect "$IMG:$t" >/dev/null 2>&1 || die "$IMG:$t missing; run scripts/services docker"
done
"${ZEROFAIL[@]}" --version >/dev/null 2>&1 || die "cannot run ${ZEROFAIL[*]}"
rm -rf "$WORK"; mkdir -p "$WORK" "$RESULTS"
SERVICES=()
cleanup() { for s in "${SERVICES[@]}"; do docker service rm "$s" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

free_base() { # a base B with ports B1..B3 free on 127.0.0.1
  local b s
  while :; do
    b=$(( 2000 + RANDOM % 4000 ))
    for s in 1 2 3; do (exec 3<>"/dev/tcp/127.0.0.1/$b$s") 2>/dev/null && continue 2; done
    echo "$b"; return
  done
}
now_ms() { date +%s%3N; }
# stdin lines → "EPOCH_MS line" in $1, so zerofail's progress gets the same clock as Docker's events
stamp() { while IFS= read -r l; do printf '%s %s\n' "$(now_ms)" "$l"; done >"$1"; }
healthy_count() { # running tasks of $1 whose replica answers /health
  local n=0 s
  for s in $(docker service ps "$1" --filter desired-state=running --format '{{.CurrentState}} {{.Name}}' | awk '/^Running/{print $NF}' | sed 's/.*\.//'); do
    curl -fsS -m 1 "http://127.0.0.1:$2$s/health" >/dev/null 2>&1 && n=$((n + 1))
  done
  echo "$n"
}
wait_healthy() { # service base replicas
  local i
  for i in $(seq 1 300); do
    # settled: enough replicas answer and no update or rollback is in progress
    [[ $(healthy_count "$1" "$2") -ge $3 && -z $(docker service inspect "$1" -f '{{if .UpdateStatus}}{{if or (eq .UpdateStatus.State "updating") (eq .UpdateStatus.State "rollback_started")}}x{{end}}{{end}}') ]] && return 0
    sleep 0.2
  done
  die "$1 did not become healthy"
}
watch_start() { python3 "$HERE/deploy_watch.py" "$1" "$2" "$3" "$4" "$SOCK" >"$5" & WATCH=$!; sleep 1; }
watch_stop() { sleep "${1:-3}"; kill -TERM "$WATCH"; wait "$WATCH" || true; }

# --- Swarm's own rollback: docker service create / update --update-failure-action rollback
swarm_case() { # name replicas new_image
  local name=$1 replicas=$2 new=$3 base svc t0 t1
  base=$(free_base); svc=zf-bench-swarm-$RUN_ID-$name; SERVICES+=("$svc")
  docker service create --detach --quiet --name "$svc" --network host --no-resolve-image --replicas "$replicas" \
    --env "PORT=$base{{.Task.Slot}}" \
    --health-cmd 'wget -q -O- http://127.0.0.1:$PORT/health || exit 1' --health-interval 1s --health-retries 2 --health-timeout 1s \
    --update-failure-action rollback --update-monitor 5s --update-order stop-first --update-parallelism 1 \
    --rollback-order stop-first --rollback-parallelism 1 "$IMG:good1" >/dev/null
  wait_healthy "$svc" "$base" "$replicas"
  watch_start "$svc" "$base" "$IMG:$new" "$IMG:good1" "$WORK/$name.swarm.json"
  t0=$(now_ms)
  docker service update --quiet --detach=false --no-resolve-image --image "$IMG:$new" "$svc" >/dev/null 2>&1 || true
  t1=$(now_ms)
  [[ $new == good2 ]] || wait_healthy "$svc" "$base" "$replicas"
  watch_stop 3
  printf '{"wall_ms": %s, "exit": 0}\n' "$((t1 - t0))" >"$WORK/$name.swarm.cmd.json"
  docker service rm "$svc" >/dev/null
}

# --- zerofail deploy of the same service from a compose file
zerofail_case() { # name replicas new_image
  local name=$1 replicas=$2 new=$3 base dir t0 t1 rc stack
  base=$(free_base); dir=$WORK/zf-$name; stack=zf-bench-zf-$RUN_ID-$name; mkdir -p "$dir"; SERVICES+=("${stack}_web")
  cat >"$dir/docker-compose.yml" <<YAML
services:
  web:
    image: $IMG:good1
    environment:
      PORT: "$base{{.Task.Slot}}"
    network_mode: host
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:\$\$PORT/health || exit 1"]
      interval: 1s
      timeout: 1s
      retries: 2
    deploy:
      replicas: $replicas
YAML
  cat >"$dir/zerofail.yaml" <<YAML
environments:
  bench:
    stack: $stack
    compose: docker-compose.yml
    services:
      web:
        health:
          http:
            - {url: "http://127.0.0.1:$base{slot}/health", body: ok, interval: 250ms, retries: 3, consecutive: 2}
          timeout: 30s
          monitor: 5s
YAML
  "${ZEROFAIL[@]}" deploy --env bench --config "$dir/zerofail.yaml" --quiet >/dev/null || die "first zerofail deploy of $stack failed"
  wait_healthy "${stack}_web" "$base" "$replicas"
  watch_start "${stack}_web" "$base" "$IMG:$new" "$IMG:good1" "$WORK/$name.zerofail.json"
  t0=$(now_ms)
  set +e
  "${ZEROFAIL[@]}" deploy --env bench --config "$dir/zerofail.yaml" --service web --image "$IMG:$new" --format json \
    2> >(stamp "$WORK/$name.zerofail.stderr") >"$WORK/$name.zerofail.out"
  rc=$?
  set -e
  t1=$(now_ms)
  sleep 0.5
  watch_stop 3
  python3 - "$WORK/$name.zerofail.out" "$WORK/$name.zerofail.stderr" "$t1" "$t0" "$rc" >"$WORK/$name.zerofail.cmd.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
# the outcome document: "result" since the output contracts (issue 12), "summary" before
res = doc.get("result") or doc.get("summary")
svc = res.get("summary", res)["services"][0]
lines = [l.split(" ", 1) for l in open(sys.argv[2]) if " " in l]
def first(text):
    return next((int(ms) for ms, l in lines if text in l), None)
print(json.dumps({"wall_ms": int(sys.argv[3]) - int(sys.argv[4]), "exit": int(sys.argv[5]), "state": svc["state"],
                  "deploy_ms": max(svc["phasesMs"].values()), "phases": svc["phasesMs"],
                  "first_failed_http": first("first failed http check"), "rollback_started": first("rolling back to"),
                  "healthy_again_line": first("is healthy again")}))
PY
  docker service rm "${stack}_web" >/dev/null
}

CASES=${BENCH_CASES:-bad1,bad2,good2}
has_case() { [[ ,$CASES, == *,$1,* ]]; }
if has_case bad1; then
  log "1 replica, failing health (badhealth): Swarm"; swarm_case bad1 1 badhealth
  log "1 replica, failing health (badhealth): zerofail"; zerofail_case bad1 1 badhealth
fi
if has_case bad2; then
  log "2 replicas, failing health: Swarm"; swarm_case bad2 2 badhealth
  log "2 replicas, failing health: zerofail"; zerofail_case bad2 2 badhealth
fi
if has_case good2; then
  log "2 replicas, good deploy (good1 → good2): Swarm"; swarm_case good2 2 good2
  log "2 replicas, good deploy (good1 → good2): zerofail"; zerofail_case good2 2 good2
fi
[[ $CASES == bad1,bad2,good2 ]] || { log "only $CASES: raw figures in $WORK, no deploy.md"; exit 0; }

python3 - "$WORK" "$RESULTS/deploy.md" "$LOAD_START" "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')" <<'PY'
import json, os, sys, subprocess, datetime
work, outp, load_start, load_end = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
NOTES = """
## Reading the figures

- One run per cell, on a shared 2-core machine; expect a few hundred milliseconds of noise, and more
  for Swarm's 2-replica case, which depends on whether Swarm reaches the second replica before it
  notices the first failed (in an earlier run on this machine it did, and no replica answered for
  14.1 s).
- 1 replica with host ports must be stop-first, so the old task stops before any new one starts:
  there is always a gap, for both. zerofail's gap is the bad task's start, its judgement (the "first
  failed health check → rollback start" row) and Swarm's own stop-and-start of the old version.
- "old version healthy again" includes Swarm stopping the bad task and starting the old one
  (about 3–4 s on this node, the same for both) and the first passing Docker healthcheck (1 s
  interval); zerofail's part, from the first failed check to sending the rollback, is the second row.
- The whole-command time of zerofail includes JVM start-up and opening the history store (about
  2 s here); the row below it is the deploy itself, from the first record to "verified". Swarm's
  own command slows down with the machine's load as much as zerofail does (the raw update took
  15.8 s in a quieter run and 18.9 s at a load average of 11-16), so the overhead percentage of one
  run moves by several points from run to run.
"""
def load(n):
    return json.load(open(os.path.join(work, n)))
def s(ms):
    return "—" if ms is None else "%.1f s" % (ms / 1000)
def diff(a, b):
    return None if a is None or b is None else b - a
rows = []
for case in ("bad1", "bad2"):
    sw, swc = load(case + ".swarm.json"), load(case + ".swarm.cmd.json")
    zf, zfc = load(case + ".zerofail.json"), load(case + ".zerofail.cmd.json")
    zf_first = min(x for x in (zf["first_bad_docker_check"], zfc["first_failed_http"]) if x is not None) \
        if (zf["first_bad_docker_check"] or zfc["first_failed_http"]) else None
    rows.append((case, sw, swc, zf, zfc, zf_first))
g_sw, g_swc = load("good2.swarm.json"), load("good2.swarm.cmd.json")
g_zf, g_zfc = load("good2.zerofail.json"), load("good2.zerofail.cmd.json")
ver = subprocess.run(["docker", "version", "-f", "{{.Server.Version}}"], capture_output=True, text=True).stdout.strip()
md = ["# Deploy benchmark: zerofail deploy vs Swarm's own rollback", "",
      "Written by `bench/deploy.sh` on %s (Docker Engine %s, one node, %d CPUs). Same service both ways: busybox httpd "
      "on the host network, one port per replica, Docker healthcheck `wget /health` every 1 s with 2 retries, stop-first "
      "(host ports), update monitor 5 s. Swarm: `docker service update --update-failure-action rollback`. zerofail: "
      "`zerofail deploy` with an HTTP check per replica (every 250 ms, 3 retries, 2 consecutive passes), monitor 5 s. "
      "The failing version is `zerofail-test/deploy:badhealth` (/health answers 404). Times come from Docker's events "
      "and healthcheck log and from zerofail's progress lines, on one clock; a probe sends one request every 50 ms to "
      "every replica Swarm routes to (running task, desired running). 1-minute load average %s at the start of the run, %s at "
      "the end." % (datetime.date.today(), ver, os.cpu_count(), load_start, load_end), "",
      "## Failing deploy", "",
      "| figure | Swarm 1 replica | zerofail 1 replica | Swarm 2 replicas | zerofail 2 replicas |", "|---|---|---|---|---|"]
def sw_first(sw):
    return sw["first_bad_docker_check"]
b1, b2 = rows
md.append("| new task started → rollback start | %s | %s | %s | %s |" % (
    s(diff(b1[1]["new_start"], b1[1]["swarm_rollback_started"])), s(diff(b1[3]["new_start"], b1[4]["rollback_started"])),
    s(diff(b2[1]["new_start"], b2[1]["swarm_rollback_started"])), s(diff(b2[3]["new_start"], b2[4]["rollback_started"]))))
md.append("| first failed health check → rollback start | %s | %s | %s | %s |" % (
    s(diff(sw_first(b1[1]), b1[1]["swarm_rollback_started"])), s(diff(b1[5], b1[4]["rollback_started"])),
    s(diff(sw_first(b2[1]), b2[1]["swarm_rollback_started"])), s(diff(b2[5], b2[4]["rollback_started"]))))
md.append("| first failed health check → old version healthy again | %s | %s | %s | %s |" % (
    s(diff(sw_first(b1[1]), b1[1]["old_healthy_again"])), s(diff(b1[5], b1[3]["old_healthy_again"])),
    s(diff(sw_first(b2[1]), b2[1]["old_healthy_again"])), s(diff(b2[5], b2[3]["old_healthy_again"]))))
md.append("| new task started → old version healthy again | %s | %s | %s | %s |" % (
    s(diff(b1[1]["new_start"], b1[1]["old_healthy_again"])), s(diff(b1[3]["new_start"], b1[3]["old_healthy_again"])),
    s(diff(b2[1]["new_start"], b2[1]["old_healthy_again"])), s(diff(b2[3]["new_start"], b2[3]["old_healthy_again"]))))
md.append("| time without a healthy replica (probe) | %s | %s | %s | %s |" % tuple(s(x["no_healthy_ms"]) for x in (b1[1], b1[3], b2[1], b2[3])))
md.append("| failed probe requests / sent | %d / %d | %d / %d | %d / %d | %d / %d |" % tuple(
    v for x in (b1[1], b1[3], b2[1], b2[3]) for v in (x["failed"], x["requests"])))
md.append("| command's exit status | %d | %d | %d | %d |" % (b1[2]["exit"], b1[4]["exit"], b2[2]["exit"], b2[4]["exit"]))
md += ["", "## Good deploy, 2 replicas (good1 → good2)", "",
       "| figure | Swarm (`docker service update`) | zerofail deploy |", "|---|---|---|",
       "| whole command, wall clock | %s | %s |" % (s(g_swc["wall_ms"]), s(g_zfc["wall_ms"])),
       "| zerofail's deploy itself (first record → verified; without JVM start-up and store opening) | | %s |" % s(g_zfc["deploy_ms"]),
       "| failed probe requests / sent | %d / %d | %d / %d |" % (g_sw["failed"], g_sw["requests"], g_zf["failed"], g_zf["requests"]),
       "| time without a healthy replica | %s | %s |" % (s(g_sw["no_healthy_ms"]), s(g_zf["no_healthy_ms"])),
       "", "Overhead of zerofail over the raw update: %+.0f%% whole command, %+.0f%% without start-up. Both wait out the 5 s "
       "monitor; zerofail also holds Swarm %s after each replica (`Delay`) so its HTTP gate judges a new task before the "
       "next one is touched." % (100.0 * (g_zfc["wall_ms"] - g_swc["wall_ms"]) / g_swc["wall_ms"],
                                  100.0 * (g_zfc["deploy_ms"] - g_swc["wall_ms"]) / g_swc["wall_ms"], "750 ms"),
       "", NOTES.strip(), "", "Raw figures: `bench/.work/deploy/*.json` of the run (not committed)."]
open(outp, "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
log "wrote $RESULTS/deploy.md"
