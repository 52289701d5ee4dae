#!/bin/sh
# The labs, end to end, as an instructor uses them:
#   1. `make handout` writes a student tree that builds without a warning,
#      keeps no marker, passes every test that is not a lab's own, and
#      scores 0 in every lab, each with a reason: so the grader can fail;
#   2. `make grade-all` over a good (this tree), an empty and a broken
#      submission writes the right CSV: full marks for every lab of the good
#      one (so the grader can pass: this tree scores full marks), one "build"
#      row, and 0 for exactly the labs the broken file stops (lesson 02's
#      labs still score).
# Results are read from the tools' CSV and JSON files, not from their text.
# The handout is built with ccache into build/labs-ccache, which the
# sandboxed builds of grade-all then read (never write): only this tree's
# own builds fill it.
# Instructor-only (tests/labs/instructor-only.txt): a student's tree would
# fail step 2 until every lab is solved.
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
chmod 755 "$work"        # the sandbox's user reaches the trees through it
trap 'rm -rf "$work"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
step() {
	echo "== $* ($(date +%T))"
}
ccache_dir=$(pwd)/build/labs-ccache
mkdir -p "$ccache_dir"
export CCACHE_DIR="$ccache_dir" CCACHE_NOHASHDIR=1
with_cache=$cc
command -v ccache > /dev/null && with_cache="ccache $cc"

step "1. the handout"
$PYTHON tools/handout.py --out "$work/handout"
grep -rnE --include='*.c' --include='*.h' --include='*.asm' --include='*.test' \
	--include='*.mk' '(//|;|#) LAB [0-9]+\.[0-9]+ (BEGIN|STUB|END)' "$work/handout" &&
	fail "markers left in the handout"
for name in tests/labs/check.sh tests/labs/redteam.py tests/labs/hidden; do
	[ ! -e "$work/handout/$name" ] || fail "the instructor-only $name is in the handout"
done
(cd "$work/handout" && make -s -j2 CC="$with_cache" all) > "$work/handout-build.txt" 2>&1 ||
	{ cat "$work/handout-build.txt"; fail "the handout does not build with $cc"; }
grep -iw 'warning' "$work/handout-build.txt" && fail "the handout builds with warnings"
echo "the handout builds with $cc, no warning"
lessons=$(cd "$work/handout" && for l in lessons/*/build.mk; do printf -- '--lesson %s ' "$(basename "$(dirname "$l")")"; done)
# Under the BIOS only: the UEFI boots of the same specs (4-5 s of firmware
# each) check the kernels' screen, which the handout does not change.
# shellcheck disable=SC2086
(cd "$work/handout" && $PYTHON tools/run_tests.py --build "build/$compiler" --no-lab-tests \
	--firmware bios --host $lessons --json "$work/handout-tests.json") > "$work/handout-tests.txt" 2>&1 || true
$PYTHON - "$work/handout-tests.json" <<'EOF2' || { grep -v '^PASS' "$work/handout-tests.txt"; fail "the handout's own tests fail"; }
import json, sys
records = json.load(open(sys.argv[1]))
failed = [r for r in records if r["verdict"] != "passed"]
for r in failed:
    print(f"failed: {r['name']}: {r['reason']}")
print(f"the handout's own tests: {len(records) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed or not records else 0)
EOF2
(cd "$work/handout" && $PYTHON tools/grade.py --build "build/$compiler" --cc "$cc" \
	--csv "$work/handout-grade.csv" --student handout) > "$work/handout-grade.txt" 2>&1 &&
	{ cat "$work/handout-grade.txt"; fail "the handout scores full marks"; }
# Every lab scores 0, with a reason.
$PYTHON - "$work/handout-grade.csv" <<'EOF2' || { cat "$work/handout-grade.txt"; fail "a lab of the handout scored, or has no reason"; }
import csv, sys
sys.path.insert(0, "tools")
import labs as registry
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
bad = [r for r in rows if r["points"] != "0" or not r["reason"].strip() or r["reason"] == "passed"]
for r in bad:
    print("no zero with a reason:", r)
ids = [r["exercise"] for r in rows]
if ids != [lab.id for lab in registry.load()]:
    print("not one row per lab:", ids)
    sys.exit(1)
print(f"the handout: {len(rows)} labs, each 0 with a reason")
sys.exit(1 if bad else 0)
EOF2

step "2. grade-all: a good, an empty and a broken submission"
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
