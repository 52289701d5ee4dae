"""Reporting: what a lab earned and why, as a table for people and as CSV
rows. Every reason went through runner.printable when it was made
(grade.py's grade_lab()), so nothing a student's code printed reaches a
terminal or a file as a control character.
"""

import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import labs as lab_registry  # noqa: E402  (tools/ is on the path: grader.runs puts it there)

REASON_WIDTH = 200      # a reason in the table and the CSV is one line, cut to this


@dataclass
class Score:
    """What one lab earned, and why."""
    lab: lab_registry.Lab
    points: int
    reason: str          # "passed", or why the lab scored 0
    evidence: dict = field(default_factory=dict)   # a failed boot's "serial" and "screen"

def one_line(text):
    """A reason as one line of reasonable length."""
    text = " ".join(text.split())
    return text if len(text) <= REASON_WIDTH else text[:REASON_WIDTH - 3] + "..."


def print_table(scores, out=sys.stdout, full=False):
    """The result: one line per lab, under a lab that scored 0 each line of
    its reason (every failing case), cut at REASON_WIDTH unless full, and a
    total."""
    earned = sum(s.points for s in scores)
    possible = sum(s.lab.points for s in scores)
    print(f"\n{'lab':<6}{'points':>7}  title", file=out)
    for s in scores:
        print(f"{s.lab.id:<6}{s.points:>3}/{s.lab.points:<3}  {s.lab.title}", file=out)
        if s.reason != "passed":
            for line in s.reason.splitlines():
                print(f"{'':<15}{line if full else one_line(line)}", file=out)
    print(f"{'total':<6}{earned:>3}/{possible:<3}  "
          f"{'full marks' if earned == possible else 'not full marks'}", file=out)


def write_csv(path, student, scores):
    """Append one row per lab: student, exercise, points, possible, reason
    (its lines joined by " | ", cut to one line of REASON_WIDTH characters;
    --json keeps it whole)."""
    path = Path(path)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(["student", "exercise", "points", "possible", "reason"])
        for s in scores:
            reason = one_line(" | ".join(line.strip() for line in s.reason.splitlines()))
            writer.writerow([student, s.lab.id, s.points, s.lab.points, reason])


def write_json(path, scores):
    """Write the per-lab details the batch's feedback shows (grade.py --json):
    ``[{"lab", "points", "possible", "reason" (whole, lines kept), "serial"
    (the tail of a failed boot's serial output), "screen" (its final screen
    as text), "from" and "public" (when a hidden variant failed: the public
    test booted for this evidence, and its verdict)}]``. All of it is escaped
    already; a hidden variant's own serial and screen are never kept
    (boot_labs.keep_evidence, public_evidence)."""
    items = [{"lab": s.lab.id, "points": s.points, "possible": s.lab.points,
              "reason": s.reason, "serial": s.evidence.get("serial", ""),
              "screen": s.evidence.get("screen", ""), "from": s.evidence.get("from", ""),
              "public": s.evidence.get("public", "")} for s in scores]
    partial = Path(str(path) + ".partial")
    partial.write_text(json.dumps(items, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
