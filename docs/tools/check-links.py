#!/usr/bin/env python3
"""Checks the relative links of the Markdown documentation: the file exists and, for a link into
a Markdown file, the #anchor is one of its headings (GitHub's slugs).

    python3 docs/tools/check-links.py            # README.md, CHANGELOG.md, SECURITY.md, docs/, bench/
    python3 docs/tools/check-links.py FILE.md…   # only these

Exit 1 and one line per broken link when any is broken. Links to web addresses are not checked.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading):
    # GitHub: lower case, punctuation dropped (word characters, '-' and spaces stay), spaces to '-'
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path):
    found, seen = set(), {}
    for m in re.finditer(r"^#+ (.*)$", FENCE.sub("", open(path, encoding="utf-8").read()), re.M):
        s = slug(m.group(1))
        n = seen.get(s, 0)
        seen[s] = n + 1
        found.add(s if n == 0 else f"{s}-{n}")
    return found


def check(path):
    broken = []
    for m in LINK.finditer(FENCE.sub("", open(path, encoding="utf-8").read())):
        link = m.group(1)
        if re.match(r"[a-z][a-z0-9+.-]*:", link):
            continue
        target, _, fragment = link.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), target)) if target else path
        if not os.path.exists(resolved):
            broken.append(f"{os.path.relpath(path, ROOT)}: {link}: no such file")
        elif fragment and resolved.endswith(".md") and fragment not in anchors(resolved):
            broken.append(f"{os.path.relpath(path, ROOT)}: {link}: no heading with that anchor")
    return broken


def main(args):
    files = args or [os.path.join(ROOT, f) for f in ("README.md", "CHANGELOG.md", "SECURITY.md")
                     if os.path.exists(os.path.join(ROOT, f))] + sorted(
        glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)
        + glob.glob(os.path.join(ROOT, "bench", "*.md")) + glob.glob(os.path.join(ROOT, "bench", "results", "*.md")))
    broken = [b for f in files for b in check(f)]
    for b in broken:
        print(b)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
