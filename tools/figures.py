#!/usr/bin/env python3
"""Keeps the book's rendered figures in step with their Graphviz sources.

usage: python3 tools/figures.py [--check]

Each book/figures/NAME.dot is shown as the committed NAME.svg (a repository
browser cannot run Graphviz). ``make figures`` draws every SVG again with
``dot -Tsvg`` and records under its first line the sha256 of the .dot it
came from; --check (tests/book/figures.sh) draws nothing, and reports each
.dot without its .svg, each .svg without its .dot, and each recorded sha256
that is not the .dot's today. The hash of the source, not the drawing, is
compared, because Graphviz versions lay out the same .dot differently.
"""

import hashlib
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book.pages import ROOT, rel, report  # noqa: E402  (tools/book/)
FIGURES = ROOT / "book" / "figures"
STAMP = re.compile(r"<!-- figure source: (\S+) sha256 ([0-9a-f]{64});")
DOT_TIMEOUT = 60        # seconds for one figure


def source_hash(dot):
    return hashlib.sha256(dot.read_bytes()).hexdigest()


def stamp(dot):
    return (f"<!-- figure source: {rel(dot)} sha256 {source_hash(dot)}; "
            f"make figures redraws it -->")


def draw(dot):
    """Draw one figure; returns a problem, or None."""
    try:
        result = subprocess.run(["dot", "-Tsvg", str(dot)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"{rel(dot)}: dot took more than {DOT_TIMEOUT} s; nothing written"
    if result.returncode != 0 or "<svg" not in result.stdout:
        return f"{rel(dot)}: dot failed ({result.returncode}): {result.stderr.strip()}"
    lines = result.stdout.splitlines()
    first = 1 if lines and lines[0].startswith("<?xml") else 0
    lines.insert(first, stamp(dot))
    dot.with_suffix(".svg").write_text("\n".join(lines) + "\n")
    return None


def check():
    problems = []
    dots = sorted(FIGURES.glob("*.dot"))
    for dot in dots:
        svg = dot.with_suffix(".svg")
        if not svg.is_file():
            problems.append(f"{rel(dot)}:1: no {rel(svg)} drawn from it; run make figures")
            continue
        match = STAMP.search(svg.read_text(errors="replace"))
        if not match:
            problems.append(f"{rel(svg)}:1: no figure source comment, so nothing says it was "
                            f"drawn from {rel(dot)}; run make figures")
        elif match.group(1) != rel(dot) or match.group(2) != source_hash(dot):
            problems.append(f"{rel(svg)}:1: drawn from another version of {rel(dot)} "
                            f"(sha256 {match.group(2)[:12]}..., the .dot now has "
                            f"{source_hash(dot)[:12]}...); run make figures and commit it")
    for svg in sorted(FIGURES.glob("*.svg")):
        if not svg.with_suffix(".dot").is_file():
            problems.append(f"{rel(svg)}:1: no {rel(svg.with_suffix('.dot'))} to draw it from")
    return problems


def main(argv):
    if argv[1:] not in ([], ["--check"]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if argv[1:] == ["--check"]:
        problems = check()
    else:
        if shutil.which("dot") is None:
            print("error: dot is not installed: apt-get install --no-install-recommends graphviz",
                  file=sys.stderr)
            return 1
        dots = sorted(FIGURES.glob("*.dot"))
        problems = [p for p in (draw(dot) for dot in dots) if p]
        print(f"make figures: {len(dots) - len(problems)} of {len(dots)} figures drawn "
              f"into {rel(FIGURES)}")
    return report(problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
