#!/usr/bin/env bash
# Rollback drill benchmark: `zerofail deploy --drill` on the real Swarm, on the same kind of service
# as bench/deploy.sh (busybox httpd zerofail-test/deploy:good1 on the host network, one port per
# replica, Docker healthcheck `wget /health` every 1 s, an HTTP check per replica, stop-first).
# Each run drills the running service and reads the drill's own figures from its JSON: detection
# (first failed check → rollback start) and restore (rollback start → old version healthy again),
# plus the whole command's wall clock. Writes the "Rollback drill" section of bench/results/deploy.md
# (between its markers; the rest of the file is bench/deploy.sh's) with the load average around it.
#
# Options (environment):
#   BENCH_RESULTS_DIR=DIR      where deploy.md is (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
#   BENCH_DRILLS=N             drills per replica count (default 3)
#   BENCH_REPORT_ONLY=1        only rewrite the section from the last run's bench/.work/drill
#   DOCKER_HOST                the daemon (default unix:///var/run/docker.sock; must be a swarm manager)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
read -r -a ZEROFAIL <<<"${BENCH_ZEROFAIL:-$ROOT/zerofail}"
DRILLS=${BENCH_DRILLS:-3}
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
IMG=zerofail-test/deploy
WORK=$HERE/.work/drill
RUN_ID=$(date +%s | tail -c 6)
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }

if [[ -z ${BENCH_REPORT_ONLY:-} ]]; then
docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null | grep -qx active || die "the daemon is not a swarm manager; run scripts/services docker"
docker image inspect "$IMG:good1" >/dev/null 2>&1 || die "$IMG:good1 missing; run scripts/services docker"
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
load1() { cut -d' ' -f1 /proc/loadavg; }

drill_case() { # replicas
  local replicas=$1 base dir stack i t0 t1 rc
  base=$(free_base); dir=$WORK/r$replicas; stack=drill-bench-$RUN_ID-r$replicas; mkdir -p "$dir"; SERVICES+=("${stack}_web")
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
      timeout: 5s
      retries: 5
    deploy:
      replicas: $replicas
YAML
  cat >"$dir/zerofail.yaml" <<YAML
environments:
  staging:
    stack: $stack
    compose: docker-compose.yml
    services:
      web:
        health:
          http:
            - {url: "http://127.0.0.1:$base{slot}/health", body: ok, interval: 250ms, retries: 3, consecutive: 2}
          timeout: 40s
          monitor: 2s
YAML
  "${ZEROFAIL[@]}" deploy --env staging --config "$dir/zerofail.yaml" --quiet >/dev/null || die "first deploy of $stack failed"
  for i in $(seq 1 "$DRILLS"); do
    local l0; l0=$(load1)
    t0=$(now_ms); rc=0
    "${ZEROFAIL[@]}" deploy --drill --env staging --config "$dir/zerofail.yaml" --format json \
      >"$dir/drill$i.json" 2>"$dir/drill$i.stderr" || rc=$?
    t1=$(now_ms)
    printf '{"replicas": %s, "run": %s, "exit": %s, "wallMs": %s, "load": [%s, %s]}\n' "$replicas" "$i" "$rc" $((t1 - t0)) \
      "$l0" "$(load1)" >"$dir/drill$i.cmd.json"
    log "$replicas replica(s), drill $i: exit $rc, $((t1 - t0)) ms"
  done
}

log "1 replica"; drill_case 1
log "2 replicas"; drill_case 2
fi

python3 - "$WORK" "$RESULTS/deploy.md" "$(docker version --format '{{.Server.Version}}')" "$(nproc)" <<'PY'
import glob, json, os, re, statistics, sys, datetime
work, target, engine, cpus = sys.argv[1:5]
rows, loads = [], []
for replicas in (1, 2):
    runs = []
    for cmd in sorted(glob.glob(f"{work}/r{replicas}/drill*.cmd.json")):
        c = json.load(open(cmd))
        out = cmd.replace(".cmd.json", ".json")
        svc = json.load(open(out))["result"]["services"][0] if os.path.getsize(out) else {}
        d = svc.get("drill", {})
        p = svc.get("phasesMs", {})
        sent = p["rollback-started"] - p["updating"] if "rollback-started" in p and "updating" in p else None
        runs.append((c["exit"], d.get("detectedBy", "—"), d.get("detectionMs"), d.get("restoreMs"), c["wallMs"], sent))
        loads += c["load"]
    f = lambda ms: "—" if ms is None else f"{ms / 1000:.2f} s"
    for i, (rc, by, det, res, wall, sent) in enumerate(runs, 1):
        rows.append(f"| {replicas} | {i} | {rc} | {by} | {f(sent)} | {f(det)} | {f(res)} | {wall / 1000:.1f} s |")
    dets = [r[2] for r in runs if r[2] is not None]
    ress = [r[3] for r in runs if r[3] is not None]
    if dets and ress:
        sents = [r[5] for r in runs if r[5] is not None]
        rows.append(f"| {replicas} | median | | | {f(statistics.median(sents)) if sents else '—'} | {f(statistics.median(dets))} "
                    f"| {f(statistics.median(ress))} | |")
section = f"""<!-- drill: written by bench/drill.sh -->
## Rollback drill (`zerofail deploy --drill`)

Written by `bench/drill.sh` on {datetime.date.today()} (Docker Engine {engine}, one node, {cpus} CPUs; 1-minute load
average {min(loads):.1f}–{max(loads):.1f} during the runs: the machine is shared with other builds and test suites).
The service is the one above (good1, host network, stop-first) with the Docker healthcheck every 1 s (5 s timeout,
5 retries) and the HTTP check per replica; each drill sends its current spec with the healthcheck replaced by
`exit 1` every 1 s (1 retry) and must end with good1 healthy again. Figures are the drill's own, from its record:
detection = first failed check (the daemon's first failed probe of the drill's task) → rollback start; restore =
rollback start → every replica of the old spec running and past the health gate. Exit 0 = detected and restored.

| replicas | drill | exit | detected by | variant sent → rollback start | detection | restore | whole command |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

- Detection is zerofail's reaction time: the next 150 ms poll after the probe failed plus reading the task's
  container. "Variant sent → rollback start" adds what comes before the first probe: Swarm stopping the
  old task of slot 1 (stop-first, its 300 ms drain), creating and starting the drill's task, and the
  probe's 1 s interval; on this loaded machine that is most of it.
- Restore is dominated by Swarm: stop-first stops the drill's task (its 300 ms drain), starts the old spec's
  task, and the old healthcheck and HTTP check must pass again (start period, 1 s interval, 2 consecutive
  HTTP passes). With 2 replicas only slot 1 is touched; slot 2 serves throughout.
- The whole command includes JVM start-up and opening the history store, which on this loaded machine
  take seconds.
<!-- /drill -->
"""
text = open(target).read() if os.path.exists(target) else ""
if "<!-- drill:" in text:
    text = re.sub(r"<!-- drill:.*?<!-- /drill -->\n", lambda m: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(target, "w").write(text)
PY
log "wrote $RESULTS/deploy.md"
