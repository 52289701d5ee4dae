#!/usr/bin/env python3
"""Keeps the book's rendered figures in step with their Graphviz sources.

usage: python3 tools/figures.py [--check]

Each figure is drawn in book/figures/NAME.dot and shown in the chapters as
the committed image book/figures/NAME.svg, with a markdown image line

    ![The caption](../../book/figures/NAME.svg)

which a repository browser and Doxygen (IMAGE_PATH = book/figures) both
show. The SVG is committed because a repository browser cannot run
Graphviz.

Without --check (``make figures``) every NAME.svg is drawn again with
``dot -Tsvg`` from NAME.dot, and a comment is put just under its first line
that records the sha256 of the .dot file it was drawn from:

    <!-- figure source: book/figures/NAME.dot sha256 0123...; make figures redraws it -->

With --check (``make test``, tests/book/figures.sh) nothing is drawn: each
.dot must have its .svg, each .svg its .dot, and the recorded sha256 must be
the one of the .dot as it is now. Comparing the hash of the source, not the
drawing, keeps the check true across Graphviz versions, which lay out the
same .dot differently. Each problem is printed as ``file:line: what is
wrong`` and the exit status is 1 if there is any. (A leftover ``@dotfile``
line in a page is reported by the links check, with every other piece of
Doxygen syntax a repository browser would show as text.)
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
