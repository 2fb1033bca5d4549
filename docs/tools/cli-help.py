#!/usr/bin/env python3
"""Regenerates the option blocks of docs/cli.md from the tool's own help.

Each block sits between `<!-- help: COMMAND WORDS -->` and `<!-- /help -->` and is replaced by
the output of `zerofail COMMAND WORDS --help`, without the exit-code table every command repeats
(docs/cli.md has it once). Run it after changing an option:

    python3 docs/tools/cli-help.py          # rewrite docs/cli.md in place
    python3 docs/tools/cli-help.py --check  # exit 1 when docs/cli.md is out of date (for CI)

It runs the ./zerofail launcher, which rebuilds the jar first when the sources changed.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "cli.md")
BLOCK = re.compile(r"(<!-- help: ([a-z -]+?) -->\n)(.*?)(<!-- /help -->)", re.S)


def help_text(words):
    out = subprocess.run([os.path.join(ROOT, "zerofail"), *words.split(), "--help"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    # the exit-code table is the same for every command; docs/cli.md shows it once
    out = re.sub(r"\nExit codes:\n(?: +\d+ .*\n)+\Z", "\n", out)
    return "```\n" + out.rstrip("\n") + "\n```\n"


def main():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    new = BLOCK.sub(lambda m: m.group(1) + help_text(m.group(2)) + m.group(4), text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("docs/cli.md is out of date: run python3 docs/tools/cli-help.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        tmp = DOC + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(tmp, DOC)
    return 0


if __name__ == "__main__":
    sys.exit(main())
