#!/bin/sh
# The labs, end to end, as an instructor uses them:
#   1. this tree (with the solutions) scores full marks;
#   2. `make handout` writes a student tree that builds without a warning,
#      keeps no marker, passes every test that is not a lab's own, and
#      scores 0 in every lab, each with a reason: so the grader can fail;
#   3. `make grade-all` over a good, an empty and a broken submission writes
#      the right CSV: full marks, one "build" row, and 0 for exactly the
#      labs the broken file stops (lesson 02's labs still score).
# Instructor-only (tests/labs/instructor-only.txt): a student's tree would
# fail step 1 until every lab is solved.
# usage: tests/labs/check.sh BUILD_DIR    (exit 0: passed)
set -eu
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
build=${1:-build/gcc}
compiler=$(basename "$build")
case $compiler in
clang) cc=clang ;;
*) cc=cc ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
step() {
	echo "== $* ($(date +%T))"
}

step "1. the full tree scores full marks"
"$PYTHON" tools/grade.py --build "$build" --cc "$cc" > "$work/full.txt" 2>&1 ||
	{ cat "$work/full.txt"; fail "the full tree does not score full marks"; }
grep '^total' "$work/full.txt"

step "2. the handout"
"$PYTHON" tools/handout.py --out "$work/handout"
grep -rnE --include='*.c' --include='*.h' --include='*.asm' --include='*.test' \
	--include='*.mk' '(//|;|#) LAB [0-9]+\.[0-9]+ (BEGIN|STUB|END)' "$work/handout" &&
	fail "markers left in the handout"
[ ! -e "$work/handout/tests/labs/check.sh" ] || fail "the instructor-only check is in the handout"
(cd "$work/handout" && make -s CC="$cc" all) > "$work/handout-build.txt" 2>&1 ||
	{ cat "$work/handout-build.txt"; fail "the handout does not build with $cc"; }
grep -iw 'warning' "$work/handout-build.txt" && fail "the handout builds with warnings"
echo "the handout builds with $cc, no warning"
lessons=$(cd "$work/handout" && for l in lessons/*/build.mk; do printf -- '--lesson %s ' "$(basename "$(dirname "$l")")"; done)
# Under the BIOS only: the UEFI boots of the same specs (4-5 s of firmware
# each) check the kernels' screen, which the handout does not change.
# shellcheck disable=SC2086
(cd "$work/handout" && "$PYTHON" tools/run_tests.py --build "build/$compiler" --no-lab-tests \
	--firmware bios --host $lessons) > "$work/handout-tests.txt" 2>&1 ||
	{ grep -v '^PASS' "$work/handout-tests.txt"; fail "the handout's own tests fail"; }
tail -n 1 "$work/handout-tests.txt"
if (cd "$work/handout" && "$PYTHON" tools/grade.py --build "build/$compiler" --cc "$cc") \
	> "$work/handout-grade.txt" 2>&1; then
	cat "$work/handout-grade.txt"
	fail "the handout scores full marks"
fi
cat "$work/handout-grade.txt"
# Every lab line says 0 points, and the line under it gives a reason.
"$PYTHON" - "$work/handout-grade.txt" <<'EOF' || fail "a lab of the handout scored, or has no reason"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
labs = [i for i, line in enumerate(lines) if re.match(r"^\d+\.\d+\s", line)]
bad = [lines[i] for i in labs
       if not re.match(r"^\S+\s+0/\d+", lines[i])
       or i + 1 >= len(lines) or not lines[i + 1].startswith(" ") or not lines[i + 1].strip()]
for line in bad:
    print("no zero with a reason:", line)
total = [line for line in lines if line.startswith("total")]
sys.exit(1 if bad or not labs or not total or not re.match(r"^total\s+0/", total[0]) else 0)
EOF

step "3. grade-all: a good, an empty and a broken submission"
mkdir "$work/class" "$work/class/empty"
"$PYTHON" tools/submit.py --out "$work/class/good.tar.gz" > /dev/null
mkdir "$work/broken"
tar xzf "$work/class/good.tar.gz" -C "$work/broken"
printf 'this is not C\n' >> "$work/broken/submission/lessons/03-vga-text/vga.c"
mv "$work/broken/submission" "$work/class/broken"
"$PYTHON" tools/grade_all.py --dir "$work/class" --out "$work/grades.csv" \
	--build "build/$compiler" --cc "$cc"
"$PYTHON" - "$work/grades.csv" <<'EOF' || fail "grade-all wrote the wrong CSV (above)"
import csv, sys
sys.path.insert(0, "tools")
import labs as registry
labs = registry.load()
total = sum(lab.points for lab in labs)
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
problems = []
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
EOF
step "done"
