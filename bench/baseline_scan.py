#!/usr/bin/env python3
"""The home-grown placeholder scanner that many teams keep in scripts/: the benchmark's baseline.

Walks DIR with os.walk, reads every file as text, applies a list of placeholder regexes line by
line and prints `path:line: pattern` for each match (never the matched value). Prints the match
count to stderr; exits 1 if anything matched, as a CI gate would.

usage: baseline_scan.py DIR
"""
import os
import re
import sys

PATTERNS = [
    r"your_[a-z0-9_]*_here",
    r"REPLACE_?ME",
    r"PLACEHOLDER",
    r"changeme",
    r"xxxx",
    r"<[A-Za-z0-9_-]*(key|token|secret|password)[A-Za-z0-9_-]*>",
    r"sk-\.\.\.",
    r"TODO_?SET",
    r"AKIA[0-9A-Z]{16}",
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
]
COMPILED = [re.compile(p, re.IGNORECASE) for p in PATTERNS]
SKIP_DIRS = {".git", "node_modules"}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    hits = 0
    out = sys.stdout
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8", errors="ignore") as f:
                    for lineno, line in enumerate(f, 1):
                        for pat in COMPILED:
                            if pat.search(line):
                                hits += 1
                                out.write(f"{path}:{lineno}: {pat.pattern}\n")
            except OSError as e:
                print(f"baseline_scan: {path}: {e}", file=sys.stderr)
    print(f"baseline_scan: {hits} matches", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
