#!/usr/bin/env bash
# Crash-recovery benchmark (issue 13): a `zerofail deploy` is killed with SIGKILL right after it sent
# the update to Swarm; the next `zerofail status` on the same host must see that the recorded process
# is gone and start recovering at once (target: within 2 s of the command starting), instead of
# waiting out the SQLite lock lease. The service is bench/deploy.sh's kind (busybox httpd
# zerofail-test/deploy on the host network, Docker healthcheck every 1 s, an HTTP check per replica,
# one replica, stop-first). Each run alternates good1 → good2 → good1 …; the floor is `zerofail
# --version` timed in the same run. Writes bench/results/recovery.md (a hand-written "Reading"
# section below the marker line is kept).
#
# Options (environment):
#   BENCH_RESULTS_DIR=DIR      where to write recovery.md (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
#   BENCH_RUNS=N               kill-and-recover runs (default 5)
#   DOCKER_HOST                the daemon (default unix:///var/run/docker.sock; must be a swarm manager)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
RUNS=${BENCH_RUNS:-5}
ZEROFAIL=${BENCH_ZEROFAIL:-$ROOT/zerofail}
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
IMG=zerofail-test/deploy
WORK=$HERE/.work/recovery
STACK=zf-bench-recovery-$(date +%s | tail -c 6)
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }

docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null | grep -qx active || die "the daemon is not a swarm manager; run scripts/services docker"
for t in good1 good2; do
  docker image inspect "$IMG:$t" >/dev/null 2>&1 || die "$IMG:$t missing; run scripts/services docker"
done
$ZEROFAIL --version >/dev/null 2>&1 || die "cannot run $ZEROFAIL"
rm -rf "$WORK"; mkdir -p "$WORK" "$RESULTS"
cleanup() { docker service rm "${STACK}_web" >/dev/null 2>&1 || true; }
trap cleanup EXIT

port=0
while :; do
  port=$(( 20000 + RANDOM % 20000 ))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
cat >"$WORK/docker-compose.yml" <<YAML
services:
  web:
    image: $IMG:\${TAG:-good1}
    environment:
      PORT: "$port"
    network_mode: host
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:\$\$PORT/health || exit 1"]
      interval: 1s
      timeout: 5s
      retries: 2
    deploy:
      replicas: 1
YAML
cat >"$WORK/zerofail.yaml" <<YAML
environments:
  bench:
    stack: $STACK
    compose: docker-compose.yml
    services:
      web:
        health:
          http:
            - {url: "http://127.0.0.1:$port/health", body: ok, interval: 250ms, retries: 3, consecutive: 2}
          timeout: 60s
          monitor: 2s
YAML
TAG=good1 $ZEROFAIL deploy --env bench --config "$WORK/zerofail.yaml" --quiet >/dev/null || die "first deploy of $STACK failed"
log "deployed ${STACK}_web (good1) on 127.0.0.1:$port"

python3 - "$WORK" "$RESULTS/recovery.md" "$RUNS" "$ZEROFAIL" "$(docker version --format '{{.Server.Version}}')" <<'PY'
import datetime, os, re, signal, statistics, subprocess, sys, time

work, target, runs, zerofail, engine = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(), sys.argv[5]
config = os.path.join(work, "zerofail.yaml")
load1 = lambda: float(open("/proc/loadavg").read().split()[0])

def timed(cmd, env=None, marker=None):
    """Runs cmd; returns (exit, wall s, seconds from start to the first stderr line matching marker, stderr)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    seen, lines = None, []
    for line in p.stderr:
        lines.append(line)
        if seen is None and marker and re.search(marker, line):
            seen = time.monotonic() - t0
    p.wait()
    return p.returncode, time.monotonic() - t0, seen, "".join(lines)

rows, loads = [], []
floor = [timed(zerofail + ["--version"])[1] for _ in range(5)]
for i in range(1, runs + 1):
    tag = "good2" if i % 2 else "good1"
    env = dict(os.environ, TAG=tag)
    loads.append(load1())
    # the deploy: killed 1 s after it printed that it sends the update, so Swarm has the new spec
    deploy = subprocess.Popen(zerofail + ["deploy", "--env", "bench", "--config", config], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env=env)
    for line in deploy.stderr:
        if re.search(r"updating \S+_web", line):
            break
    time.sleep(1.0)
    deploy.send_signal(signal.SIGKILL)
    deploy.wait()
    rc, wall, started, err = timed(zerofail + ["status", "--env", "bench", "--config", config], env=env,
                                   marker=r"left RUNNING by a process that is gone")
    outcome = "completed" if "completed by recovery" in err else "rolled back" if "roll" in err else "—"
    open(os.path.join(work, f"status{i}.stderr"), "w").write(err)
    rows.append((i, tag, rc, started, wall, outcome))
    print(f"run {i}: status exit {rc}, recovery started after {started}, whole {wall:.2f} s, {outcome}", file=sys.stderr)
    loads.append(load1())

s = lambda v: "—" if v is None else f"{v:.2f} s"
table = "\n".join(f"| {i} | {tag} | {rc} | {s(st)} | {s(w)} | {o} |" for i, tag, rc, st, w, o in rows)
starts = [r[3] for r in rows if r[3] is not None]
med = statistics.median(starts) if starts else None
met = "yes" if starts and len(starts) == len(rows) and max(starts) <= 2.0 else "no"
head = f"""# Crash recovery: `zerofail status` after `kill -9` of a deploy

Written by `bench/recovery.sh` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC (Docker Engine {engine}, one node,
{os.cpu_count()} CPUs; 1-minute load average {min(loads):.2f}–{max(loads):.2f} during the runs). One replica of busybox
httpd (host network, stop-first, Docker healthcheck every 1 s) with an HTTP check; each run starts `zerofail deploy`
of the other tag, sends it SIGKILL 1 s after it printed that it sends the update, then times `zerofail status` on
the same host: from the command's start to its "left RUNNING by a process that is gone — recovering" line, and
the whole command (which also waits for Swarm to settle and judges the new version).

| run | deployed | status exit | recovery started after | whole `status` | outcome |
|---|---|---:|---:|---:|---|
{table}

`zerofail --version` in the same run (the floor: JVM start-up): median {statistics.median(floor):.2f} s.

Target (issue 13): recovery starts within 2 s of the command starting. Median {s(med)}; met: **{met}**.
"""
marker = "<!-- reading: kept by bench/recovery.sh -->"
keep = ""
if os.path.exists(target):
    old = open(target).read()
    if marker in old:
        keep = old[old.index(marker):]
open(target, "w").write(head + ("\n" + keep if keep else ""))
print(f"wrote {target}", file=sys.stderr)
PY
