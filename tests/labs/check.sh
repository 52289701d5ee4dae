#!/bin/sh
# Batch grading, end to end: `make grade-all` over a good (this tree), an
# empty and a broken submission writes the right CSV: full marks for every
# lab of the good one (so the grader can pass: this tree scores full
# marks), one "build" row for the empty one, and 0 for exactly the labs the
# broken file stops (lesson 02's labs still score). tests/labs/handout.sh
# shows the other side: the handout scores 0 in every lab.
# Results are read from the CSV, not from the tools' text.
# Instructor-only (tests/labs/instructor-only.txt): a student's tree would
# fail until every lab is solved.
# usage: tests/labs/check.sh BUILD_DIR    (exit 0: passed)
. "$(dirname "$0")/lib/tmpdir.sh"
. "$(dirname "$0")/lib/common.sh"

step "grade-all: a good, an empty and a broken submission"
mkdir "$work/class" "$work/class/empty"
$PYTHON tools/submit.py --out "$work/class/good.tar.gz" > /dev/null
mkdir "$work/broken"
tar xzf "$work/class/good.tar.gz" -C "$work/broken"
printf 'this is not C\n' >> "$work/broken/submission/lessons/03-vga-text/vga.c"
mv "$work/broken/submission" "$work/class/broken"
cache_option=
command -v ccache > /dev/null && cache_option="--ccache $ccache_dir"
# shellcheck disable=SC2086
$PYTHON tools/grade_all.py --dir "$work/class" --out "$work/grades.csv" \
	--build "build/$compiler" --cc "$cc" --parallel 2 $cache_option
$PYTHON - "$work/grades.csv" <<'EOF2' || fail "grade-all wrote the wrong CSV (above)"
import csv, sys
sys.path.insert(0, "tools")
import labs as registry
labs = registry.load()
total = sum(lab.points for lab in labs)
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
problems = []
# Each student's rows end with a "total" row (tools/grader/batch.py).
for student in {r["student"] for r in rows}:
    mine = [r for r in rows if r["student"] == student]
    if mine[-1]["exercise"] != "total" or \
            int(mine[-1]["points"]) != sum(int(r["points"]) for r in mine[:-1]):
        problems.append(f"{student}: no total row, or a wrong one, at the end: {mine[-1]}")
rows = [r for r in rows if r["exercise"] != "total"]
def expect(student, wanted):
    got = [(r["exercise"], int(r["points"]), int(r["possible"]), r["reason"])
           for r in rows if r["student"] == student]
    if len(got) != len(wanted):
        problems.append(f"{student}: {len(got)} rows, expected {len(wanted)}: {got}")
        return
    for row, (exercise, points, possible, reason) in zip(got, wanted):
        if row[:3] != (exercise, points, possible) or not row[3].startswith(reason):
            problems.append(f"{student}: got {row}, expected {exercise} {points}/{possible} "
                            f"with a reason starting {reason!r}")
expect("good", [(lab.id, lab.points, lab.points, "passed") for lab in labs])
expect("empty", [("build", 0, total, "empty submission")])
# vga.c is built into lessons 03-08: their labs do not build; lesson 02's do.
expect("broken", [(lab.id, lab.points, lab.points, "passed") if lab.lesson.startswith("02-")
                  else (lab.id, 0, lab.points, "does not build: lessons/03-vga-text/vga.c:")
                  for lab in labs])
for p in problems:
    print(p)
print(open(sys.argv[1]).read())
sys.exit(1 if problems else 0)
EOF2
step "done"
