#!/usr/bin/env python3
"""Check a holdout labels TSV against its corpus: every row names an existing file, a line that
exists and is not blank, a known kind, and no (path, line) twice.

usage: check_labels.py [LABELS_TSV] [CORPUS_ROOT]
(defaults: the holdout-code corpus under src/test/resources/fixtures/scan/)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCAN = os.path.join(os.path.dirname(HERE), "src", "test", "resources", "fixtures", "scan")


def main(argv):
    labels = argv[1] if len(argv) > 1 else os.path.join(SCAN, "holdout-code-labels.tsv")
    root = argv[2] if len(argv) > 2 else os.path.join(SCAN, "holdout-code")
    errors, seen, counts = [], set(), {}
    with open(labels, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            parts = raw.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[1].isdigit():
                errors.append(f"{labels}:{n}: malformed row")
                continue
            path, line, kind = parts[0], int(parts[1]), parts[2]
            if kind not in ("placeholder", "secret"):
                errors.append(f"{labels}:{n}: unknown kind {kind!r}")
            if (path, line) in seen:
                errors.append(f"{labels}:{n}: duplicate {path}:{line}")
            seen.add((path, line))
            counts[kind] = counts.get(kind, 0) + 1
            full = os.path.join(root, path)
            if not os.path.isfile(full):
                errors.append(f"{labels}:{n}: no such file {path}")
                continue
            with open(full, encoding="utf-8") as g:
                lines = g.read().split("\n")
            if not 1 <= line <= len(lines) or not lines[line - 1].strip():
                errors.append(f"{labels}:{n}: {path}:{line} is missing or blank")
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(seen)} rows checked, {counts}, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
