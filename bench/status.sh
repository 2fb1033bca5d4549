#!/usr/bin/env bash
# Status benchmark: `zerofail status` of an environment with 10 services (each deployed by zerofail,
# so every one has a history row), beside the docker CLI's own view of the same stack
# (`docker stack services`, `docker stack ps`) and the launcher's floor (`zerofail --version`), in one
# run. Writes bench/results/status.md (its "## Reading (by hand)" section is kept).
#
# Options (environment):
#   BENCH_RESULTS_DIR=DIR      where to write status.md (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
#   BENCH_RUNS=N               timed runs of each command (default 10; the median is reported)
#   DOCKER_HOST                the daemon (default unix:///var/run/docker.sock; must be a swarm manager)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
RUNS=${BENCH_RUNS:-10}
read -r -a ZEROFAIL <<<"${BENCH_ZEROFAIL:-$ROOT/zerofail}"
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
IMG=zerofail-test/deploy:good1
WORK=$HERE/.work/status
STACK=zf-bench-status-$(date +%s | tail -c 6)
N=10
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }

docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null | grep -qx active || die "the daemon is not a swarm manager; run scripts/services docker"
docker image inspect "$IMG" >/dev/null 2>&1 || die "$IMG missing; run scripts/services docker"
"${ZEROFAIL[@]}" --version >/dev/null 2>&1 || die "cannot run ${ZEROFAIL[*]}"
rm -rf "$WORK"; mkdir -p "$WORK" "$RESULTS"
cleanup() { docker service ls -q --filter "label=com.docker.stack.namespace=$STACK" | xargs -r docker service rm >/dev/null 2>&1 || true; }
trap cleanup EXIT

free_base() { # a base B with ports B01..B10 free on 127.0.0.1
  local b s
  while :; do
    b=$(( 200 + RANDOM % 400 ))
    for s in $(seq -w 1 $N); do (exec 3<>"/dev/tcp/127.0.0.1/$b$s") 2>/dev/null && continue 2; done
    echo "$b"; return
  done
}
base=$(free_base)
{
  echo "services:"
  for i in $(seq -w 1 $N); do
    cat <<YAML
  s$i:
    image: $IMG
    environment:
      PORT: "$base$i"
    network_mode: host
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:\$\$PORT/health || exit 1"]
      interval: 2s
      timeout: 5s
      retries: 5
YAML
  done
} >"$WORK/docker-compose.yml"
cat >"$WORK/zerofail.yaml" <<YAML
environments:
  bench:
    stack: $STACK
    compose: docker-compose.yml
YAML
{
  echo "    services:"
  for i in $(seq -w 1 $N); do
    printf '      s%s:\n        health:\n          http: [{url: "http://127.0.0.1:%s%s/health", body: ok}]\n          monitor: 0s\n' "$i" "$base" "$i"
  done
} >>"$WORK/zerofail.yaml"

log "deploying $N services of stack $STACK with zerofail (once, untimed)"
"${ZEROFAIL[@]}" deploy --env bench --config "$WORK/zerofail.yaml" --quiet >/dev/null || die "the deploy of $STACK failed"
log "stack deployed; timing $RUNS runs of each command"

now_ns() { date +%s%N; }
time_runs() { # name cmd... → prints the median in ms, keeps every run's ms in $WORK/NAME.ms
  local name=$1 i t0 t1; shift
  "$@" >/dev/null 2>&1 || die "$name failed: $*"   # warm-up, untimed
  : >"$WORK/$name.ms"
  for i in $(seq 1 "$RUNS"); do
    t0=$(now_ns); "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; t1=$(now_ns)
    echo $(( (t1 - t0) / 1000000 )) >>"$WORK/$name.ms"
  done
  sort -n "$WORK/$name.ms" | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}'
}
load_before=$(cut -d' ' -f1 /proc/loadavg)
zf_status=$(time_runs zerofail-status "${ZEROFAIL[@]}" status --env bench --config "$WORK/zerofail.yaml" --format json)
zf_text=$(time_runs zerofail-status-text "${ZEROFAIL[@]}" status --env bench --config "$WORK/zerofail.yaml")
zf_version=$(time_runs zerofail-version "${ZEROFAIL[@]}" --version)
stack_services=$(time_runs docker-stack-services docker stack services "$STACK")
stack_ps=$(time_runs docker-stack-ps docker stack ps "$STACK")
load_after=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$WORK/zerofail-status.out" "$N" <<'PY' || die "zerofail status did not list $N healthy services"
import json, sys
doc = json.load(open(sys.argv[1]))
res = doc.get("result") or doc.get("summary")
res = res.get("summary", res)
svcs = res["services"]
healthy = [s for s in svcs if s.get("healthy") == 1]
sys.exit(0 if len(svcs) == int(sys.argv[2]) and len(healthy) == int(sys.argv[2]) else 1)
PY

ver=$(docker version -f '{{.Server.Version}}')
# the hand-written reading below the table (from its heading on) is kept
kept=""
[[ -f $RESULTS/status.md ]] && kept=$(sed -n '/^## Reading (by hand)/,$p' "$RESULTS/status.md")
cat >"$RESULTS/status.md" <<MD
# Status benchmark: \`zerofail status\` of 10 services

Written by \`bench/status.sh\` on $(date -u +%F) (Docker Engine $ver, one node, $(nproc) CPUs; 1-minute load
average $load_before before the timed runs, $load_after after). Ten services of one stack, one replica each
(busybox httpd on the host network with a Docker healthcheck), each deployed once by zerofail so each has a
history row (SQLite). Median of $RUNS runs after one untimed warm-up; wall clock of the whole command.

| command | median | what it shows |
|---|---|---|
| \`zerofail status --env bench --format json\` | $zf_status ms | per service: image, desired/running/healthy replicas, update state, last deploy, deploy in progress (after the crash-recovery check) |
| \`zerofail status --env bench\` (text) | $zf_text ms | the same as text |
| \`docker stack services $STACK\` | $stack_services ms | per service: mode, replicas, image (no health, no history) |
| \`docker stack ps $STACK\` | $stack_ps ms | per task: node, desired and current state |
| \`zerofail --version\` (the launcher's floor: JVM start-up and command-line parsing) | $zf_version ms | |

Target (issue 13): \`status\` of an environment with 10 services ≤ 1 s. Every run's milliseconds are in
\`bench/.work/status/*.ms\` (not committed).
MD
[[ -n $kept ]] && printf '\n%s\n' "$kept" >>"$RESULTS/status.md"
cat "$RESULTS/status.md"
log "wrote $RESULTS/status.md"
