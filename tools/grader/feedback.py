"""Feedback a student can act on: a plain-text report per submission, and its per-lab parts.

The batch writes one file per student (``feedback/<student>.txt`` beside the
CSV); Gradescope's ``results.json`` (tools/gradescope.py) shows the same
per-lab text through :func:`lab_output`. For each lab: the points, the whole
reason (never cut to a line), and, when the grader kept them, the tail of
the serial output and the final screen of a failed boot lab (of the public
test when its hidden variant failed, with the public test's verdict); then
what the grading tree ignored, and the command that runs the same test at
home.

Everything in it came from the student's code or files, so everything
passes through printable() (newlines and tabs kept, every other control or
invisible character shown escaped). Hidden variants' inputs are never in
it: the grader's reasons for them do not quote them, and this module adds
only the lab's public test names and commands.
"""

import os
from pathlib import Path

from runner.printable import capped, printable

SERIAL_LINES = 40         # lines of the serial tail shown
DETAIL_LIMIT = 8000       # characters of a serial tail or a screen


def _block(title, text):
    text = capped(printable(str(text)).rstrip("\n"), DETAIL_LIMIT)
    lines = text.splitlines()[-SERIAL_LINES:]
    return [f"  {title}:"] + [f"    | {line}" for line in lines]


def lab_output(lab, row, details=None):
    """The text of one lab: the full reason, the serial tail and the screen if any."""
    details = details or {}
    whole = details.get("reason")
    if not isinstance(whole, str) or not whole:
        whole = row["reason"] if row else "not graded"    # the CSV's one line
    lines = [printable(whole) or "passed"]
    source = f" of {printable(details['from'])}" if details.get("from") else ""
    if details.get("public"):
        lines += _block(f"the verdict{source}", details["public"])
    if details.get("serial"):
        lines += _block(f"serial output{source} (last lines)", details["serial"])
    if details.get("screen"):
        lines += _block(f"final screen{source}", details["screen"])
    if row and int(row["points"]) < lab.points:
        lines.append(f"  to run it yourself: make grade LAB={lab.id}"
                     f"   (and make lesson {lab.lesson.split('-')[0]} test)")
    return "\n".join(lines)


def report(graded, labs):
    """The whole plain-text report of one submission."""
    by_lab = {row["exercise"]: row for row in graded.rows}
    possible = sum(lab.points for lab in labs)
    out = [f"Grading report for {graded.student}: {graded.points}/{possible} points", ""]
    refused = graded.refused()
    if refused:
        out += ["Your submission could not be graded:", f"  {printable(refused)}", "",
                "Every lab scores 0. Pack your tree with `make submit` and hand in "
                "build/submission.tar.gz as it is.", ""]
    for lab in labs:
        row = by_lab.get(lab.id)
        points = int(row["points"]) if row else 0
        out.append(f"Lab {lab.id} ({lab.title}): {points}/{lab.points}")
        if not refused:
            for line in lab_output(lab, row, graded.details.get(lab.id)).splitlines():
                out.append(f"  {line}" if not line.startswith("  ") else line)
        out.append("")
    if graded.notes:
        out.append("What the grader took from your submission: only the files of the labs "
                   "(the ones with your solutions); everything else is the course's.")
        out += [f"  {printable(note)}" for note in graded.notes]
        out.append("")
    out.append("The grader also runs hidden variants of some tests, with other values than "
               "the public ones: a solution written for the public values alone fails them.")
    return "\n".join(out) + "\n"


def write(folder, graded, labs):
    """Write folder/<student>.txt; its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{graded.student.replace('/', '_')}.txt"
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as f:
        f.write(report(graded, labs))
        f.flush()
        os.fsync(f.fileno())
    partial.replace(path)
    return path
