#!/usr/bin/env bash
# Scan speed benchmark: zerofail scan vs secretlint vs a home-grown Python script vs grep -rE,
# on the same generated tree, warm cache. Writes bench/results/scan.{md,json}.
#
# Options (environment):
#   BENCH_SIZE_MB=1024          size of the main tree (MiB)
#   BENCH_SKIP_SECRETLINT=1     do not install or run secretlint
#   BENCH_ONLY=zerofail         run only these tools (comma list of zerofail,secretlint,python,grep)
#   BENCH_SECRETLINT_MAX_S=1200 past this (estimated) time secretlint runs on a subset only
#   BENCH_RESULTS_DIR=DIR       where to write scan.md/scan.json (default bench/results)
#   BENCH_ZEROFAIL="CMD ..."    run this instead of ./zerofail (e.g. "java -jar other.jar")
#   BENCH_ZEROFAIL_FROM_HEAD=1  build and time the committed HEAD (git archive into bench/.work),
#                               not the work tree, when others are editing and rebuilding it
#   BENCH_REAL_TREE=DIR         also time zerofail and the Python baseline on a real repository's files,
#                               BENCH_REAL_RUNS times each, alternating (writes scan-real.{md,json})
#   BENCH_REAL_ONLY=1           only the real tree: no generated tree, no secretlint or grep
# Everything generated or installed lives under bench/.work (gitignored). Progress to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/.work
RESULTS=${BENCH_RESULTS_DIR:-$HERE/results}
SIZE=${BENCH_SIZE_MB:-1024}
ONLY=${BENCH_ONLY:-}
SKIP_SL=${BENCH_SKIP_SECRETLINT:-0}
SL_MAX_S=${BENCH_SECRETLINT_MAX_S:-1200}
MONO_MB=16
REAL=${BENCH_REAL_TREE:-}
REAL_ONLY=${BENCH_REAL_ONLY:-0}
REAL_RUNS=${BENCH_REAL_RUNS:-7}
[[ $REAL_ONLY == 1 ]] && SKIP_SL=1
HALF=$((SIZE / 2))
TREE=$WORK/tree-$SIZE
MONO=$WORK/monorepo-$MONO_MB
HALF_TREE=$WORK/tree-$HALF
OUT=$WORK/out
RUNS=$OUT/runs.tsv
NODE_DIR=$WORK/node
SECRETLINT=$NODE_DIR/node_modules/.bin/secretlint
SL_RC=$NODE_DIR/.secretlintrc.json
# the floor reference and the Python baseline share these (the baseline adds AKIA and PEM)
GREP_PATTERNS=('your_[a-z0-9_]*_here' 'REPLACE_?ME' 'PLACEHOLDER' 'changeme' 'xxxx'
  '<[A-Za-z0-9_-]*(key|token|secret|password)[A-Za-z0-9_-]*>' 'sk-\.\.\.' 'TODO_?SET')

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 2; }
want() { [[ -z $ONLY || ",$ONLY," == *",$1,"* ]]; }

[[ $SIZE =~ ^[0-9]+$ && $SIZE -ge 2 ]] || die "BENCH_SIZE_MB must be a whole number >= 2, got '$SIZE'"
if [[ -n $ONLY ]]; then
  for t in ${ONLY//,/ }; do
    case $t in zerofail|secretlint|python|grep) ;; *) die "BENCH_ONLY: unknown tool '$t'";; esac
  done
fi
if [[ $SKIP_SL == 1 ]] && want secretlint && [[ -n $ONLY ]]; then
  log "BENCH_SKIP_SECRETLINT=1 wins over BENCH_ONLY=$ONLY for secretlint"
fi

ensure_gnu_time() {
  if /usr/bin/time -v true >/dev/null 2>&1; then return; fi
  log "installing Debian's 'time' package for /usr/bin/time -v"
  command -v apt-get >/dev/null || die "/usr/bin/time (GNU time) missing and no apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2; } \
    || die "could not install GNU time"
}

gen_tree() { # DIR SIZE_MB [gen_tree.py options]
  local dir=$1 mb=$2; shift 2
  if [[ -d $dir && -f $dir.manifest.json ]]; then
    log "tree $(basename "$dir") cached"
    return
  fi
  rm -rf "$dir" "$dir.tmp" "$dir.manifest.json"
  log "generating $(basename "$dir") (${mb} MiB)"
  python3 "$HERE/gen_tree.py" "$dir" --size-mb "$mb" "$@"
}

tree_stats() { # DIR -> "bytes files"
  find "$1" -type f -printf '%s\n' | awk '{b += $1; n++} END {printf "%d %d\n", b, n}'
}

warm() { # read every file once so all tools see a warm page cache
  log "warming page cache for $(basename "$1")"
  find "$1" -type f -print0 | xargs -0 cat >/dev/null
}

install_peers() {
  if [[ ! -x $SECRETLINT || ! -d $NODE_DIR/node_modules/@secretlint/secretlint-rule-preset-recommend ]]; then
    command -v npm >/dev/null || { log "npm missing: secretlint skipped"; return 1; }
    log "installing secretlint@13 + preset-recommend into bench/.work/node"
    mkdir -p "$NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
      secretlint@13 @secretlint/secretlint-rule-preset-recommend@13 >&2 || { log "npm install failed: secretlint skipped"; return 1; }
  fi
  [[ -f $SL_RC ]] || echo '{ "rules": [ { "id": "@secretlint/secretlint-rule-preset-recommend" } ] }' >"$SL_RC"
}

# zerofail: prefer the launcher, so JVM start (and the launcher) are part of the time
ZF=()
ZF_NOTE=""
find_zerofail() {
  local jar
  if [[ -n ${BENCH_ZEROFAIL:-} ]]; then
    read -r -a ZF <<<"$BENCH_ZEROFAIL"
  elif [[ ${BENCH_ZEROFAIL_FROM_HEAD:-0} == 1 ]]; then
    # a clean export of the committed tree, built apart from the work tree others edit
    local rev dir
    rev=$(git -C "$ROOT" rev-parse --short HEAD) || return 1
    dir=$WORK/zerofail-$rev
    if [[ ! -x $dir/zerofail ]]; then
      log "exporting HEAD ($rev) to bench/.work/zerofail-$rev"
      rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
      git -C "$ROOT" archive HEAD | tar -x -C "$dir.tmp" && mv "$dir.tmp" "$dir" || return 1
    fi
    [[ -x $dir/zerofail ]] || return 1
    ZF=("$dir/zerofail"); ZF_NOTE="launcher and jar from a clean export of commit $rev"
  elif [[ -x $ROOT/zerofail ]]; then
    ZF=("$ROOT/zerofail")
  elif jar=$(ls "$ROOT"/target/zerofail-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' -e 'original-' | head -1) && [[ -n $jar ]]; then
    ZF=(java -jar "$jar")
  else
    return 1
  fi
}

# measure TOOL CASE DIR CWD FINDINGS_KIND FINDINGS_FILE NOTE -- CMD...
# Runs CMD under /usr/bin/time -v in CWD; exit 0 and 1 (findings) count as success.
measure() {
  local tool=$1 case=$2 dir=$3 cwd=$4 fkind=$5 ffile=$6 note=$7; shift 8
  local tag=$tool-$case tf=$OUT/$tool-$case.time rc=0
  local try load
  for try in 1 2 3; do
    log "run $tool on $case: $*"
    rc=0
    load=$(cut -d' ' -f1 /proc/loadavg)
    (cd "$cwd" && exec /usr/bin/time -v -o "$tf" "$@") >"$OUT/$tag.stdout" 2>"$OUT/$tag.stderr" || rc=$?
    # the launcher rebuilds when sources changed under it (others work in this tree): not a scan time
    grep -q '^zerofail: building' "$OUT/$tag.stderr" 2>/dev/null || break
    log "  the launcher rebuilt zerofail during this run; running it again"
  done
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tf" 2>/dev/null || true)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf" 2>/dev/null || true)
  if [[ $rc -gt 1 || -z $wall ]]; then
    log "  $tool on $case failed (exit $rc); stderr tail:"; tail -5 "$OUT/$tag.stderr" >&2 || true
    note="failed, exit $rc${note:+; $note}"
  fi
  local stats; stats=$(tree_stats "$dir")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$case" "$dir" "${wall:-}" "${rss:-}" \
    "$rc" "$fkind" "$ffile" "${stats% *}" "${stats#* }" "$note" "$load" >>"$RUNS"
  log "  $tool on $case: ${wall:-?} s, max RSS ${rss:-?} KiB, exit $rc"
  return 0
}

main() {
  mkdir -p "$WORK" "$OUT" "$RESULTS"
  : >"$RUNS"
  rm -f "$OUT"/*.stdout "$OUT"/*.stderr "$OUT"/*.time "$OUT"/*.json
  ensure_gnu_time
  local t0=$SECONDS have_zf=0 run_sl=0 skipped=()

  if want zerofail; then
    if find_zerofail; then have_zf=1; else
      log "zerofail not built yet (no ./zerofail launcher, no target/zerofail-*.jar): zerofail skipped"
      skipped+=("zerofail: no launcher or jar at $ROOT")
    fi
  fi
  if want secretlint; then
    if [[ $SKIP_SL == 1 ]]; then skipped+=("secretlint: BENCH_SKIP_SECRETLINT=1")
    elif install_peers; then run_sl=1
    else skipped+=("secretlint: could not be installed")
    fi
  fi

  if [[ -n $REAL ]]; then
    [[ -d $REAL ]] || die "BENCH_REAL_TREE: no such directory: $REAL"
    REAL=$(cd "$REAL" && pwd)
    real_tree
  fi
  if [[ $REAL_ONLY == 1 ]]; then
    [[ -n $REAL ]] || die "BENCH_REAL_ONLY=1 needs BENCH_REAL_TREE=DIR"
    log "BENCH_REAL_ONLY=1: done ($((SECONDS - t0)) s)"
    return
  fi
  gen_tree "$TREE" "$SIZE"
  if [[ $have_zf == 1 ]]; then
    gen_tree "$MONO" "$MONO_MB" --avg-kb 9 --no-large --seed 16
    gen_tree "$HALF_TREE" "$HALF"
  fi
  warm "$TREE"

  if [[ $have_zf == 1 ]]; then
    log "zerofail: untimed warm-up run on the monorepo (builds the jar on first use)"
    (cd "$ROOT" && "${ZF[@]}" scan "$MONO" --format json --output "$OUT/zf-warmup.json") >/dev/null 2>"$OUT/zf-warmup.stderr" || {
      local rc=$?; [[ $rc -le 1 ]] || { log "zerofail warm-up failed (exit $rc):"; tail -5 "$OUT/zf-warmup.stderr" >&2; }; }
    warm "$MONO"
    for i in 1 2 3 4 5; do
      measure zerofail "monorepo-$i" "$MONO" "$ROOT" zerofail "$OUT/zerofail-monorepo-$i.json" "" -- \
        "${ZF[@]}" scan "$MONO" --format json --output "$OUT/zerofail-monorepo-$i.json"
    done
    warm "$HALF_TREE"
    measure zerofail half "$HALF_TREE" "$ROOT" zerofail "$OUT/zerofail-half.json" "" -- \
      "${ZF[@]}" scan "$HALF_TREE" --format json --output "$OUT/zerofail-half.json"
    warm "$TREE"
    measure zerofail full "$TREE" "$ROOT" zerofail "$OUT/zerofail-full.json" "" -- \
      "${ZF[@]}" scan "$TREE" --format json --output "$OUT/zerofail-full.json"
    if [[ $(basename "${ZF[0]}") == zerofail ]]; then
      # informative: the launcher's opt-in for long scans (full JIT instead of C1 only)
      measure zerofail full-jit "$TREE" "$ROOT" zerofail "$OUT/zerofail-full-jit.json" "ZEROFAIL_FULL_JIT=1" -- \
        env ZEROFAIL_FULL_JIT=1 "${ZF[@]}" scan "$TREE" --format json --output "$OUT/zerofail-full-jit.json"
    fi
  fi

  if [[ $run_sl == 1 ]]; then
    # Time a subset first (a few top-level projects, ~1/8 of the tree, at most 128 MiB): it warms
    # node's module loading and tells whether the whole tree fits in BENCH_SECRETLINT_MAX_S.
    local projects=() n_sub
    mapfile -t projects < <(cd "$TREE" && ls -1d */ | sed 's:/$::')
    n_sub=$(( ${#projects[@]} / 8 )); (( n_sub >= 1 )) || n_sub=1
    (( n_sub <= 4 )) || n_sub=4
    local SUB=$WORK/sl-subset-$SIZE
    rm -rf "$SUB"; mkdir -p "$SUB"
    # a copy (hard links), so secretlint's glob and the byte count cover exactly these files
    for p in "${projects[@]:0:n_sub}"; do cp -al "$TREE/$p" "$SUB/$p"; done
    # --format unix to stdout: its json formatter embeds every file's source and overflows
    # V8's string limit on a 1 GiB tree, and --output makes it exit 0 even with findings.
    local sl_args=("**/*" --secretlintrc "$SL_RC" --format unix --no-color)
    measure secretlint subset "$SUB" "$SUB" secretlint "$OUT/secretlint-subset.stdout" "$n_sub of ${#projects[@]} top-level projects" -- \
      "$SECRETLINT" "${sl_args[@]}"
    local est
    est=$(awk -F'\t' -v full="$(tree_stats "$TREE" | cut -d' ' -f1)" \
      '$1 == "secretlint" && $2 == "subset" && $4 > 0 {printf "%d", $4 * full / $9}' "$RUNS")
    if [[ -n $est && $est -le $SL_MAX_S ]]; then
      log "secretlint: full tree estimated at ${est} s, running it (limit ${SL_MAX_S} s)"
      measure secretlint full "$TREE" "$TREE" secretlint "$OUT/secretlint-full.stdout" "" -- \
        timeout "$SL_MAX_S" "$SECRETLINT" "${sl_args[@]}"
    else
      log "secretlint: full tree estimated at ${est:-?} s > ${SL_MAX_S} s: reporting the subset, extrapolated"
    fi
  fi

  if want python; then
    measure python full "$TREE" "$TREE" lines "$OUT/python-full.stdout" "" -- \
      python3 "$HERE/baseline_scan.py" "$TREE"
  fi
  if want grep; then
    local gargs=() p
    for p in "${GREP_PATTERNS[@]}"; do gargs+=(-e "$p"); done
    measure grep full "$TREE" "$TREE" lines "$OUT/grep-full.stdout" "LC_ALL=C grep -rniIE, 8 patterns" -- \
      env LC_ALL=C grep -rniIE "${gargs[@]}" "$TREE"
  fi

  log "writing results ($((SECONDS - t0)) s so far)"
  SKIPPED=$(printf '%s\n' "${skipped[@]+"${skipped[@]}"}") write_results
}

# A real repository, whole command (JVM start included) against the team's Python script, same run:
# one untimed run of each, then BENCH_REAL_RUNS rounds alternating the two, so load hits both alike.
real_tree() {
  : >"$OUT/real.tsv"
  warm "$REAL"
  local rruns=$OUT/real-runs.tsv; : >"$rruns"
  if [[ $have_zf == 1 ]]; then
    (cd "$ROOT" && "${ZF[@]}" scan "$REAL" --format json --output "$OUT/zf-real-warmup.json") >/dev/null 2>&1 || true
  fi
  python3 "$HERE/baseline_scan.py" "$REAL" >/dev/null 2>&1 || true
  local i saved=$RUNS
  RUNS=$rruns
  for i in $(seq 1 "$REAL_RUNS"); do
    if [[ $have_zf == 1 ]]; then
      measure zerofail "real-$i" "$REAL" "$ROOT" zerofail "$OUT/zerofail-real-$i.json" "" -- \
        "${ZF[@]}" scan "$REAL" --format json --output "$OUT/zerofail-real-$i.json"
    fi
    measure python "real-$i" "$REAL" "$REAL" lines "$OUT/python-real-$i.stdout" "" -- \
      python3 "$HERE/baseline_scan.py" "$REAL"
  done
  RUNS=$saved
  RRUNS=$rruns REAL=$REAL RESULTS=$RESULTS ROOT=$ROOT OUT=$OUT ZF_CMD="${ZF[*]:-}" ZF_NOTE="$ZF_NOTE" \
  GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || true)" \
  JAVA_VERSION="$(java -version 2>&1 | head -1 || true)" PY_VERSION="$(python3 --version 2>&1)" \
  python3 - <<'PY'
import datetime, json, os, statistics
E = os.environ
MiB = 2 ** 20
rows = []
for line in open(E["RRUNS"]):
    tool, case, d, wall, rss, rc, fkind, ffile, nbytes, nfiles, note, load = line.rstrip("\n").split("\t")
    ok = bool(wall) and int(rc) <= 1
    cpu = None
    try:  # user + system CPU seconds of the process and its children (GNU time -v)
        t = {k.strip(): v.strip() for k, v in (l.split(": ", 1) for l in open(os.path.join(E["OUT"], f"{tool}-{case}.time")) if ": " in l)}
        cpu = round(float(t["User time (seconds)"]) + float(t["System time (seconds)"]), 2)
    except (OSError, KeyError, ValueError):
        pass
    rows.append({"tool": tool, "run": case, "ok": ok, "wall_s": float(wall) if wall else None, "cpu_s": cpu,
                 "peak_rss_mb": round(int(rss) / 1024, 1) if rss else None, "exit": int(rc),
                 "bytes": int(nbytes), "files": int(nfiles), "load1_before": float(load) if load else None})
def summary(tool):
    w = sorted(r["wall_s"] for r in rows if r["tool"] == tool and r["ok"])
    if not w:
        return None
    c = sorted(r["cpu_s"] for r in rows if r["tool"] == tool and r["ok"] and r["cpu_s"] is not None)
    return {"runs": len(w), "wall_s_median": statistics.median(w), "wall_s_min": w[0], "wall_s_all": w,
            "cpu_s_median": statistics.median(c) if c else None,
            "peak_rss_mb_max": max(r["peak_rss_mb"] or 0 for r in rows if r["tool"] == tool)}
zf, py = summary("zerofail"), summary("python")
ratio = round(py["wall_s_median"] / zf["wall_s_median"], 2) if zf and py else None
cpu_ratio = (round(py["cpu_s_median"] / zf["cpu_s_median"], 2)
             if zf and py and zf["cpu_s_median"] and py["cpu_s_median"] else None)
b, n = rows[0]["bytes"], rows[0]["files"]
out = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "git_rev": E["GIT_REV"],
       "java": E["JAVA_VERSION"], "python": E["PY_VERSION"], "nproc": os.cpu_count(),
       "tree": {"dir": E["REAL"], "bytes": b, "files": n},
       "zerofail": dict(zf or {}, command=E["ZF_CMD"] or None, build=E["ZF_NOTE"] or None),
       "python_baseline": py, "speedup_median": ratio, "cpu_ratio_median": cpu_ratio,
       "targets": {"zerofail_wall_s": 0.33, "speedup": 5.0,
                   "met_wall": bool(zf and zf["wall_s_median"] <= 0.33), "met_speedup": bool(ratio and ratio >= 5)},
       "runs": rows}
f = lambda v: "–" if v is None else f"{v:.2f}"
loads = [r["load1_before"] for r in rows if r["load1_before"] is not None]
md = ["# Scan benchmark: a real repository", "",
      f"Generated by `bench/scan.sh` with `BENCH_REAL_TREE` on {out['date']} (repo at {out['git_rev']}); "
      f"{out['java']}; {out['python']}; {out['nproc']} CPUs; 1-minute load average before the runs "
      f"{min(loads):.2f}–{max(loads):.2f}." if loads else "", "",
      f"Tree: `{E['REAL']}`, {b / MiB:.1f} MiB in {n} files (files as walked by `find`, page cache warm). "
      "Whole command, JVM start included; one untimed run of each, then the two alternating.", "",
      "| tool | runs | median wall s | min wall s | median CPU s (user+sys) | peak RSS MB |", "|---|---:|---:|---:|---:|---:|"]
for name, s in (("zerofail `scan DIR --format json --output FILE`", zf), ("`bench/baseline_scan.py DIR`", py)):
    if s:
        md.append(f"| {name} | {s['runs']} | {f(s['wall_s_median'])} | {f(s['wall_s_min'])} | {f(s['cpu_s_median'])} | {s['peak_rss_mb_max']:.0f} |")
md += ["", f"Speed-up of zerofail over the Python script (median ÷ median): **{ratio}×** (target ≥ 5×); zerofail median "
       f"{f(zf['wall_s_median']) if zf else '–'} s (target ≤ 0.33 s). CPU time, Python ÷ zerofail (medians): "
       f"{cpu_ratio}× (less sensitive to other load than wall time; zerofail's includes JVM start and JIT threads).", "",
       "| tool | run | wall s | CPU s | peak RSS MB | exit | load before |", "|---|---|---:|---:|---:|---:|---:|"]
for r in rows:
    md.append(f"| {r['tool']} | {r['run']} | {f(r['wall_s'])} | {f(r['cpu_s'])} | {r['peak_rss_mb'] or '–'} | {r['exit']} | {r['load1_before']} |")
md.append("\nOn a 2-core machine a load above ~0.5 means other work competed for the CPU: every figure is then pessimistic.")
for name, text in (("scan-real.json", json.dumps(out, indent=2) + "\n"), ("scan-real.md", "\n".join(md) + "\n")):
    tmp = os.path.join(E["RESULTS"], "." + name + ".tmp")
    open(tmp, "w").write(text)
    os.replace(tmp, os.path.join(E["RESULTS"], name))
print(f"[bench] wrote {E['RESULTS']}/scan-real.md and scan-real.json", file=__import__("sys").stderr)
PY
}

write_results() {
  local zf_version="" sl_version="" i
  if [[ ${#ZF[@]} -gt 0 ]]; then zf_version=$(cd "$ROOT" && "${ZF[@]}" --version 2>/dev/null | head -1 || true); fi
  [[ -x $SECRETLINT ]] && sl_version=$("$SECRETLINT" --version 2>/dev/null || true)
  RUNS=$RUNS RESULTS=$RESULTS SIZE=$SIZE TREE=$TREE MONO=$MONO HALF_TREE=$HALF_TREE \
  ZF_CMD="${ZF[*]:-}" ZF_NOTE="$ZF_NOTE" ZF_VERSION="$zf_version" SL_VERSION="$sl_version" SL_MAX_S=$SL_MAX_S \
  GREP_PATTERNS="$(printf '%s\n' "${GREP_PATTERNS[@]}")" ROOT=$ROOT \
  JAVA_VERSION="$(java -version 2>&1 | head -1 || true)" \
  NODE_VERSION="$(node --version 2>/dev/null || true)" \
  PY_VERSION="$(python3 --version 2>&1)" GREP_VERSION="$(grep --version | head -1)" \
  GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || true)" \
  python3 - <<'PY'
import datetime, json, os, platform, re, statistics

E = os.environ
MiB = 2 ** 20


def count_findings(kind, path):
    """Findings in a tool's output; None when the output is missing or unreadable."""
    try:
        if kind == "lines":
            with open(path, "rb") as f:
                return sum(1 for _ in f)
        if kind == "secretlint":  # unix format: "path:line:col: message [Error/rule]"
            with open(path, errors="replace") as f:
                return sum(1 for l in f if re.match(r".+:\d+:\d+: ", l))
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    # zerofail: its JSON report; accept a bare list, {"findings": [...]}, or a summary count
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("findings", "results", "items"):
            if isinstance(data.get(key), list):
                return len(data[key])
        for key in ("summary", "stats"):
            s = data.get(key)
            if isinstance(s, dict):
                for k in ("findings", "total", "count"):
                    if isinstance(s.get(k), int):
                        return s[k]
    return None


runs = []
with open(E["RUNS"]) as f:
    for line in f:
        tool, case, d, wall, rss, rc, fkind, ffile, nbytes, nfiles, note, load = line.rstrip("\n").split("\t")
        ok = bool(wall) and int(rc) <= 1 and not note.startswith("failed")
        wall = float(wall) if wall else None
        runs.append({
            "tool": tool, "case": case, "dir": os.path.basename(d), "ok": ok,
            "wall_s": wall, "peak_rss_mb": round(int(rss) / 1024, 1) if rss else None,
            "exit": int(rc), "bytes": int(nbytes), "files": int(nfiles),
            "mb_per_s": round(int(nbytes) / MiB / wall, 1) if ok and wall else None,
            "findings": count_findings(fkind, ffile) if ok else None, "note": note,
            "load1_before": float(load) if load else None,
        })
        if tool == "zerofail" and ok:
            try:
                rep = json.load(open(ffile))
                runs[-1]["zerofail_summary"] = rep.get("summary")
                kinds = {}
                for f in rep.get("findings", []):
                    k = f"{f.get('kind')}/{f.get('rule')}"
                    kinds[k] = kinds.get(k, 0) + 1
                runs[-1]["findings_by_kind_rule"] = dict(sorted(kinds.items()))
            except (OSError, ValueError, AttributeError):
                pass


def get(tool, case):
    return next((r for r in runs if r["tool"] == tool and r["case"] == case), None)


def main_run(tool):
    """The run that stands for TOOL on the main tree (secretlint: subset if no full run)."""
    r = get(tool, "full")
    if r and r["ok"]:
        return r
    if tool == "secretlint":
        s = get("secretlint", "subset")
        if s and s["ok"]:
            return dict(s, extrapolated=True)
    return r


tree_bytes, tree_files = None, None
for r in runs:
    if r["case"] == "full" or r["dir"] == os.path.basename(E["TREE"]):
        tree_bytes, tree_files = r["bytes"], r["files"]
manifest = {}
try:
    manifest = json.load(open(E["TREE"] + ".manifest.json"))
except OSError:
    pass
tree_bytes = tree_bytes or manifest.get("bytes")
tree_files = tree_files or manifest.get("files")

mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
tools = {t: main_run(t) for t in ("zerofail", "secretlint", "python", "grep")}
tools = {t: r for t, r in tools.items() if r}

mono = [r for r in runs if r["tool"] == "zerofail" and r["case"].startswith("monorepo-") and r["ok"]]
mono_walls = sorted(r["wall_s"] for r in mono)
half, full = get("zerofail", "half"), get("zerofail", "full")

ratios = {}
zf = tools.get("zerofail")
if zf and zf.get("mb_per_s"):
    for t in ("secretlint", "python", "grep"):
        if t in tools and tools[t].get("mb_per_s"):
            ratios[t] = round(zf["mb_per_s"] / tools[t]["mb_per_s"], 2)

result = {
    "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    "git_rev": E.get("GIT_REV"),
    "machine": {"nproc": os.cpu_count(), "ram_gib": round(mem_kb / 2 ** 20, 1), "cpu": cpu,
                "kernel": platform.release(), "java": E["JAVA_VERSION"], "node": E["NODE_VERSION"],
                "python": E["PY_VERSION"], "grep": E["GREP_VERSION"]},
    "tree": {"dir": os.path.relpath(E["TREE"], E["ROOT"]), "size_mb_requested": int(E["SIZE"]),
             "bytes": tree_bytes, "files": tree_files, "seed": manifest.get("seed"),
             "injected_placeholders": manifest.get("placeholders"),
             "injected_fake_credentials": manifest.get("credentials")},
    "units": "MB = MiB (2^20 bytes); MB/s = tree bytes / wall seconds; peak RSS from /usr/bin/time -v",
    "tools": tools,
    "ratios_zerofail_mb_per_s_over": ratios,
    "zerofail": {
        "command": E.get("ZF_CMD") or None, "version": E.get("ZF_VERSION") or None,
        "build": E.get("ZF_NOTE") or None,
        "monorepo": {"bytes": mono[0]["bytes"], "files": mono[0]["files"],
                     "wall_s_runs": mono_walls, "wall_s_median": statistics.median(mono_walls),
                     "wall_s_min": mono_walls[0], "target_s": 1.0,
                     "peak_rss_mb_max": max(r["peak_rss_mb"] for r in mono)} if mono else None,
        "memory_half_vs_full": {
            "half": {"bytes": half["bytes"], "peak_rss_mb": half["peak_rss_mb"], "wall_s": half["wall_s"]},
            "full": {"bytes": full["bytes"], "peak_rss_mb": full["peak_rss_mb"], "wall_s": full["wall_s"]},
            "rss_ratio_full_over_half": round(full["peak_rss_mb"] / half["peak_rss_mb"], 2),
        } if half and full and half["ok"] and full["ok"] else None,
    },
    "secretlint": {"version": E.get("SL_VERSION") or None,
                   "command": "secretlint \"**/*\" --secretlintrc .secretlintrc.json (preset-recommend) "
                              "--format unix --no-color, run from the tree root",
                   "max_s": int(E["SL_MAX_S"])},
    "grep_patterns": E["GREP_PATTERNS"].splitlines(),
    "skipped": [s for s in os.environ.get("SKIPPED", "").splitlines() if s],
    "runs": runs,
}


def fmt(v, nd=1):
    return "–" if v is None else (f"{v:.{nd}f}" if isinstance(v, float) else str(v))


md = []
md.append("# Scan benchmark\n")
md.append(f"Generated by `bench/scan.sh` on {result['date']} (repo at {result['git_rev']}).\n")
m = result["machine"]
md.append("## Machine\n")
md.append(f"- {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, Linux {m['kernel']}")
md.append(f"- {m['java']}; node {m['node']}; {m['python']}; {m['grep']}\n")
t = result["tree"]
md.append("## Tree\n")
md.append(f"`{t['dir']}`: {fmt(t['bytes'] / MiB if t['bytes'] else None)} MiB in {fmt(t['files'])} files "
          f"(seed {t['seed']}), generated by `bench/gen_tree.py`: Python, TS/JS, Go, Java, YAML, JSON, "
          f".env, shell, Markdown, Dockerfiles, compose files and workflows, with some multi-MB generated "
          f"files. Injected: {fmt(t['injected_placeholders'])} placeholder secrets and "
          f"{sum((t['injected_fake_credentials'] or {}).values())} fake well-formed credentials "
          f"({', '.join(f'{k} {v}' for k, v in sorted((t['injected_fake_credentials'] or {}).items()))}), "
          f"among many look-alikes (`placeholder=` attributes, prose, `${{VAR}}` references, hashes).\n")
md.append("Page cache warm (every file read once before timing). MB = MiB; MB/s = tree bytes ÷ wall "
          "seconds; peak RSS is `/usr/bin/time -v` \"Maximum resident set size\".\n")
md.append("## Results\n")
md.append("| tool | what was timed | wall s | MB/s | peak RSS MB | findings | exit |")
md.append("|---|---|---:|---:|---:|---:|---:|")
desc = {
    "zerofail": f"`{os.path.relpath(E['ZF_CMD'], E['ROOT']) if E.get('ZF_CMD', '').startswith('/') else (E.get('ZF_CMD') or 'zerofail')} "
                f"scan TREE --format json --output FILE` (launcher, JVM start included"
                f"{'; ' + E['ZF_NOTE'] if E.get('ZF_NOTE') else ''})",
    "secretlint": "`secretlint \"**/*\"` + preset-recommend, `--format unix`",
    "python": "`bench/baseline_scan.py` (os.walk, 10 regexes per line)",
    "grep": "`LC_ALL=C grep -rniIE` with 8 patterns (floor)",
}
for name, r in tools.items():
    what = desc[name]
    if r.get("extrapolated"):
        what += (f"; **subset only** ({r['note']}, {r['bytes'] / MiB:.0f} MiB, {r['files']} files): "
                 f"MB/s extrapolates to the full tree")
    elif r.get("note") and name != "grep":
        what += f" ({r['note']})"
    md.append(f"| {name} | {what} | {fmt(r['wall_s'], 2)} | {fmt(r['mb_per_s'])} | "
              f"{fmt(r['peak_rss_mb'], 0)} | {fmt(r['findings'])} | {r['exit']} |")
md.append("")
md.append("Findings are not comparable across tools: zerofail and secretlint report findings, "
          "the Python baseline prints one line per (line, pattern) match, grep one per matching line; "
          "the baseline's and grep's counts are mostly look-alikes (false alarms).\n")
if ratios:
    md.append("## Ratios (zerofail MB/s ÷ other MB/s)\n")
    for k, v in ratios.items():
        md.append(f"- ÷ {k}: **{v}×**" + (" (secretlint figure from the subset)" if tools[k].get("extrapolated") else ""))
    md.append("")
fj = get("zerofail", "full-jit")
if fj and fj["ok"]:
    md.append(f"With the launcher's opt-in `ZEROFAIL_FULL_JIT=1` (full JIT, parallel GC instead of C1 "
              f"only, serial GC) the same scan took {fj['wall_s']:.2f} s = {fj['mb_per_s']} MB/s, "
              f"peak RSS {fj['peak_rss_mb']:.0f} MB. The table above uses the default launcher.\n")
z = result["zerofail"]
if z["monorepo"]:
    mo = z["monorepo"]
    md.append("## zerofail on a 16 MB monorepo\n")
    md.append(f"{mo['bytes'] / MiB:.1f} MiB in {mo['files']} files, 5 runs after a warm-up: median "
              f"**{mo['wall_s_median']:.2f} s**, min {mo['wall_s_min']:.2f} s (target < 1 s, JVM start "
              f"included); runs {', '.join(f'{w:.2f}' for w in mo['wall_s_runs'])}; peak RSS "
              f"{mo['peak_rss_mb_max']:.0f} MB.\n")
if z["memory_half_vs_full"]:
    h = z["memory_half_vs_full"]
    md.append("## zerofail peak memory, half vs full tree\n")
    md.append("| tree | MiB | wall s | peak RSS MB |")
    md.append("|---|---:|---:|---:|")
    for k in ("half", "full"):
        md.append(f"| {k} | {h[k]['bytes'] / MiB:.0f} | {h[k]['wall_s']:.2f} | {h[k]['peak_rss_mb']:.0f} |")
    md.append(f"\nFull ÷ half peak RSS: {h['rss_ratio_full_over_half']} (flat ≈ 1.0, linear ≈ 2.0).\n")
if result["skipped"]:
    md.append("## Skipped\n")
    md.extend(f"- {s}" for s in result["skipped"])
    md.append("")
md.append("## All runs\n")
md.append("| tool | case | dir | MiB | files | wall s | MB/s | peak RSS MB | findings | exit | load before | note |")
md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in runs:
    md.append(f"| {r['tool']} | {r['case']} | {r['dir']} | {r['bytes'] / MiB:.1f} | {r['files']} | "
              f"{fmt(r['wall_s'], 2)} | {fmt(r['mb_per_s'])} | {fmt(r['peak_rss_mb'], 0)} | "
              f"{fmt(r['findings'])} | {r['exit']} | {fmt(r['load1_before'], 2)} | {r['note']} |")
md.append("\nHow to run and read this: `bench/README.md`. Raw figures: `scan.json`.")

out = E["RESULTS"]
for name, text in (("scan.json", json.dumps(result, indent=2) + "\n"), ("scan.md", "\n".join(md) + "\n")):
    tmp = os.path.join(out, f".{name}.tmp")
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, os.path.join(out, name))
print(f"[bench] wrote {out}/scan.md and scan.json", file=__import__("sys").stderr)
PY
}

main "$@"
