#!/usr/bin/env python3
"""Score zerofail (and gitleaks, for comparison) against the held-out scan corpus.

The corpus (src/test/resources/fixtures/scan/holdout/) was written blind: without reading
zerofail's source, rules or its other fixtures. Its labels file has one row per positive line:
`path<TAB>line<TAB>kind`, kind = placeholder | secret, path relative to the holdout dir. Every
other line of the corpus is a negative (placeholders in templates, docs and tests are
negatives: zerofail reports them at LOW, which does not count here).

Scoring is at (path, line) granularity:
  zerofail  a line is predicted if any finding on it has severity medium, high or critical.
  gitleaks  a line is predicted if any finding starts on it (gitleaks has no severities);
            compared on kind=secret only, since it does not look for placeholders.
  precision = predicted lines that are labelled positive / predicted lines
  recall    = labelled lines that are predicted / labelled lines
  "secret" rows: recall over kind=secret labels; precision over lines predicted by a
  kind=secret finding (gitleaks: all of its findings), a hit being a line labelled secret.

Never prints a matched value: only paths, line numbers, rule ids and key names.

usage: holdout.py [--labels TSV] [--zerofail JSON] [--gitleaks JSON] [--root HOLDOUT_DIR] [--details]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
COUNTED = {"medium", "high", "critical"}


def load_labels(path):
    labels = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if not raw.strip() or raw.startswith("#"):
                continue
            p, ln, kind = raw.rstrip("\n").split("\t")
            labels[(p, int(ln))] = kind
    return labels


def rel(path, root):
    path = path.replace("\\", "/")
    root = root.rstrip("/") + "/"
    if path.startswith(root):
        return path[len(root):]
    while path.startswith("./"):
        path = path[2:]
    return path


def load_zerofail(path, root):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    for x in doc.get("findings", []):
        out.append({"path": rel(x["path"], root), "line": int(x["line"]), "rule": x.get("rule", "?"),
                    "kind": x.get("kind", "?"), "severity": str(x.get("severity", "")).lower(),
                    "key": x.get("key") or ""})
    return out


def load_gitleaks(path, root):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f) or []
    return [{"path": rel(x["File"], root), "line": int(x["StartLine"]), "rule": x.get("RuleID", "?"),
             "kind": "secret", "severity": "high", "key": ""} for x in doc]


def prf(pred, truth):
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return tp, len(pred) - tp, len(truth) - tp, p, r, f1


def by_line(findings):
    idx = {}
    for x in findings:
        idx.setdefault((x["path"], x["line"]), []).append(x)
    return idx


def describe(xs):
    return ", ".join(sorted({x["rule"] + (f" [{x['key']}]" if x["key"] else "") + f" ({x['severity']})" for x in xs}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", default=os.path.join(REPO, "src/test/resources/fixtures/scan/holdout-labels.tsv"))
    ap.add_argument("--zerofail", default="/tmp/holdout.json")
    ap.add_argument("--gitleaks", default="/tmp/gl.json")
    ap.add_argument("--root", default=os.path.join(REPO, "src/test/resources/fixtures/scan/holdout"))
    ap.add_argument("--details", action="store_true", help="list misses and false positives")
    a = ap.parse_args()

    labels = load_labels(a.labels)
    all_pos = set(labels)
    sec_pos = {k for k, v in labels.items() if v == "secret"}
    ph_pos = {k for k, v in labels.items() if v == "placeholder"}
    root = os.path.abspath(a.root)
    n_lines = 0
    for dp, _, fs in os.walk(root):
        for fn in fs:
            with open(os.path.join(dp, fn), encoding="utf-8", errors="replace") as f:
                n_lines += sum(1 for _ in f)

    zf = load_zerofail(a.zerofail, root)
    zf_counted = [x for x in zf if x["severity"] in COUNTED]
    zf_low = [x for x in zf if x["severity"] not in COUNTED]
    zf_pred = {(x["path"], x["line"]) for x in zf_counted}
    zf_sec_pred = {(x["path"], x["line"]) for x in zf_counted if x["kind"] == "secret"}
    zf_ph_pred = {(x["path"], x["line"]) for x in zf_counted if x["kind"] == "placeholder"}

    rows = [("zerofail", "all", prf(zf_pred, all_pos), len(all_pos)),
            ("zerofail", "placeholder", prf(zf_ph_pred, ph_pos), len(ph_pos)),
            ("zerofail", "secret", prf(zf_sec_pred, sec_pos), len(sec_pos))]
    zf_sec_recall = len(zf_pred & sec_pos) / len(sec_pos) if sec_pos else 0.0
    zf_ph_recall = len(zf_pred & ph_pos) / len(ph_pos) if ph_pos else 0.0

    gl = None
    if a.gitleaks and os.path.exists(a.gitleaks):
        gl = load_gitleaks(a.gitleaks, root)
        gl_pred = {(x["path"], x["line"]) for x in gl}
        rows.append(("gitleaks", "secret", prf(gl_pred, sec_pos), len(sec_pos)))

    print(f"corpus: {len(labels)} positive lines ({len(ph_pos)} placeholder, {len(sec_pos)} secret), "
          f"{n_lines - len(labels)} negative lines, {n_lines} lines in all")
    print(f"zerofail findings: {len(zf)} ({len(zf_counted)} medium+, {len(zf_low)} low/info, not counted)")
    if gl is not None:
        print(f"gitleaks findings: {len(gl)}")
    print()
    print("| tool | kind | labelled | predicted | TP | FP | FN | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool, kind, (tp, fp, fn, p, r, f1), n in rows:
        print(f"| {tool} | {kind} | {n} | {tp + fp} | {tp} | {fp} | {fn} | {p:.3f} | {r:.3f} | {f1:.3f} |")
    print()
    print(f"zerofail recall by label kind, any medium+ finding on the line: "
          f"placeholder {zf_ph_recall:.3f}, secret {zf_sec_recall:.3f}")

    if a.details:
        zidx = by_line(zf)
        print("\nzerofail misses (labelled, no medium+ finding):")
        for k in sorted(all_pos - zf_pred):
            low = zidx.get(k, [])
            print(f"  {k[0]}:{k[1]}  {labels[k]}" + (f"  (only: {describe(low)})" if low else ""))
        print("\nzerofail false positives (medium+ finding on an unlabelled line):")
        for k in sorted(zf_pred - all_pos):
            print(f"  {k[0]}:{k[1]}  {describe([x for x in zidx[k] if x['severity'] in COUNTED])}")
        kind_mismatch = sorted(k for k in zf_pred & all_pos
                               if labels[k] == "secret" and k not in zf_sec_pred
                               or labels[k] == "placeholder" and k not in zf_ph_pred)
        if kind_mismatch:
            print("\nzerofail hits reported under the other kind:")
            for k in kind_mismatch:
                print(f"  {k[0]}:{k[1]}  labelled {labels[k]}: {describe([x for x in zidx[k] if x['severity'] in COUNTED])}")
        if gl is not None:
            gidx = by_line(gl)
            gl_pred = set(gidx)
            print("\ngitleaks misses (kind=secret):")
            for k in sorted(sec_pos - gl_pred):
                print(f"  {k[0]}:{k[1]}")
            print("\ngitleaks false positives (not labelled secret):")
            for k in sorted(gl_pred - sec_pos):
                print(f"  {k[0]}:{k[1]}  {describe(gidx[k])}" + (f"  (labelled {labels[k]})" if k in labels else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
