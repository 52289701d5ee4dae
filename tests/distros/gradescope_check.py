#!/usr/bin/env python3
"""Check the results.json files of tests/distros/run.sh's step 5.

usage: gradescope_check.py DIR

DIR holds good.json, stub.json and broken.json (what run_autograder wrote
for each submission) and good.stats, stub.stats, broken.stats (what
limits.sh's ``limited`` measured: seconds, peak MB, OOM kills, the limits).

Each file must hold only the fields Gradescope documents for results.json
(its "Autograder Specifications" page), with the documented types and
values, and its scores must add up. Then the grades: the good submission
(the course tree, as ``make submit`` packs it) scores every lab; the stub
(the untouched handout, packed the same way) scores 0 in every lab, each
graded, not refused or unbuilt; the broken one (vga.c that does not
compile) keeps lesson 02's labs and scores 0 elsewhere, "does not build".
No run may have been OOM-killed. The last line printed is the summary
(run.sh reports it); "FAILED" if anything is wrong.
"""

import json
import sys
from pathlib import Path

TOP = {"score", "execution_time", "output", "output_format", "test_output_format",
       "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
       "leaderboard"}
TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
        "output_format", "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
STATUS = {"passed", "failed"}


def number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fields(data):
    """What in one results.json breaks Gradescope's documented format."""
    wrong = [f"unknown field {k!r}" for k in sorted(set(data) - TOP)]
    if not number(data.get("score")):
        wrong.append("score is not a number")
    if "execution_time" in data and not number(data["execution_time"]):
        wrong.append("execution_time is not a number")
    for key in ("visibility", "stdout_visibility"):
        if key in data and data[key] not in VISIBILITY:
            wrong.append(f"{key} {data[key]!r}")
    if not isinstance(data.get("output", ""), str):
        wrong.append("output is not text")
    tests = data.get("tests")
    if not isinstance(tests, list) or not tests:
        return wrong + ["no tests"]
    for t in tests:
        name = t.get("name")
        wrong += [f"{name}: unknown field {k!r}" for k in sorted(set(t) - TEST)]
        if not (isinstance(name, str) and name):
            wrong.append(f"a test without a name: {t}")
        if not (number(t.get("score")) and number(t.get("max_score"))
                and 0 <= t["score"] <= t["max_score"]):
            wrong.append(f"{name}: score {t.get('score')!r} of {t.get('max_score')!r}")
        elif t.get("status", "passed") not in STATUS or \
                ("status" in t and (t["status"] == "passed") != (t["score"] == t["max_score"])):
            wrong.append(f"{name}: status {t.get('status')!r} for {t['score']}")
        if not isinstance(t.get("output", ""), str):
            wrong.append(f"{name}: output is not text")
        if t.get("visibility", "visible") not in VISIBILITY:
            wrong.append(f"{name}: visibility {t['visibility']!r}")
    if not wrong and sum(t["score"] for t in tests) != data["score"]:
        wrong.append(f"score {data['score']} is not the sum of the tests'")
    return wrong


def grades(kind, data):
    """What in one submission's scores is not what its kind must score."""
    wrong = []
    for t in data["tests"]:
        full, output = t["score"] == t["max_score"], t.get("output", "")
        if kind == "good":
            ok = full
        elif kind == "stub":
            ok = t["score"] == 0 and not output.startswith(("does not build", "not graded"))
        else:
            lesson_02 = t["name"].startswith("Lab 2.")
            ok = full if lesson_02 else (t["score"] == 0 and output.startswith("does not build"))
        if not ok:
            wrong.append(f"{kind}: {t['name']}: {t['score']}/{t['max_score']}: "
                         f"{output.splitlines()[:1]}")
    return wrong


def main(folder):
    folder = Path(folder)
    wrong, parts, notes, peaks = [], [], set(), []
    possible = None
    for kind in ("good", "stub", "broken"):
        try:
            data = json.loads((folder / f"{kind}.json").read_text(encoding="utf-8"))
            seconds, peak, kills, note = (folder / f"{kind}.stats").read_text().split(" ", 3)
        except (OSError, ValueError) as e:
            wrong.append(f"{kind}: {e}")
            continue
        problems = fields(data)
        wrong += [f"{kind}: {p}" for p in problems]
        if not problems:
            wrong += grades(kind, data)
            total = sum(t["max_score"] for t in data["tests"])
            if possible not in (None, total):
                wrong.append(f"{kind}: {total} points possible, not {possible}")
            possible = total
            parts.append(f"{kind} {data['score']}/{total} ({seconds} s)")
        if kills not in ("0", "?"):
            wrong.append(f"{kind}: {kills} OOM kills")
        notes.add(note.strip())
        peaks.append(peak)
    for line in wrong:
        print("wrong:", line)
    if wrong:
        print("FAILED")
        return 1
    print(", ".join(parts) + f" under {' / '.join(sorted(notes))}, peak memory "
          + "/".join(peaks) + " MB, 0 OOM kills")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
