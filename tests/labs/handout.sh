#!/bin/sh
# The handout, as an instructor hands it out: `make handout` writes a
# student tree that keeps no lab marker and no instructor-only file, builds
# without a warning, whose `make test` fails only the labs' own tests (and
# some of them), and which scores 0 in every lab, each with a reason: so the
# grader can fail.
# Results are read from the tools' CSV and JSON files, not from their text.
# The handout is built with ccache into build/labs-ccache, which the
# sandboxed builds of tests/labs/check.sh then read (never write): only this
# tree's own builds fill it.
# usage: tests/labs/handout.sh BUILD_DIR    (exit 0: passed)
. "$(dirname "$0")/lib/common.sh"

step "the handout"
$PYTHON tools/handout.py --out "$work/handout"
grep -rnE --include='*.c' --include='*.h' --include='*.asm' --include='*.test' \
	--include='*.mk' '(//|;|#) LAB [0-9]+\.[0-9]+ (BEGIN|STUB|END)' "$work/handout" &&
	fail "markers left in the handout"
for name in tests/labs/check.sh tests/labs/handout.sh tests/labs/lib tests/labs/redteam.py tests/labs/hidden; do
	[ ! -e "$work/handout/$name" ] || fail "the instructor-only $name is in the handout"
done
grep -n -e '<!-- handout:' -e 'every solution is in place' "$work/handout/README.md" &&
	fail "the handout's README is the course's, not the student's"
# The handout's make as its student runs it: a make of its own, not a
# submake of the make test that runs this check, whose MAKEFLAGS would bring
# its -j and jobserver (make -j4 test: "warning: -j2 forced in submake")
# and the variables of its command line.
fresh="env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL"
(cd "$work/handout" && $fresh make -s -j2 CC="$with_cache" all) > "$work/handout-build.txt" 2>&1 ||
	{ cat "$work/handout-build.txt"; fail "the handout does not build with $cc"; }
grep -iw 'warning' "$work/handout-build.txt" && fail "the handout builds with warnings"
echo "the handout builds with $cc, no warning"
# course_own WHAT FILE...: true if each FILE of the handout is the course's,
# byte for byte; else names the ones that are not, and that WHAT run.
course_own() {
	what=$1
	shift
	own=true
	for file; do
		cmp -s "$file" "$work/handout/$file" || { own=false; echo "the handout's $file differs: $what run"; }
	done
	$own
}
# The handout's own `make test`, the command its students run, under the
# BIOS only: the UEFI boots of the same specs (4-5 s of firmware each) check
# the kernels' screen, which the handout does not change. Only the labs' own
# tests may fail there (and must: the stubs are not solutions).
# Nor the book's PDF and phone views (Chromium, 16 CPU-s) where every file
# Doxygen and those views make the book from is the course's, byte for
# byte (the handout leaves the instructor's pages out, and changes no
# header): this tree's own make test shows the same pages.
views="the handout's pages, headers and book tools are the course's (checked there)"
course_own "its book views" $(cd "$work/handout" && find book tools/book tools/make_docs.sh common/include -type f &&
	find lessons -path '*/tests' -prune -o \( -name '*.md' -o -name '*.h' \) -print) || views=""
[ -z "$views" ] || echo "the book's PDF and phone views are not made again in the handout: $views"
# Nor the runner's self-tests (10 CPU-s) where the runner, those tests, the
# sources of their kernels and the specs they read are the course's, file
# for file: the course's make test runs the very same. The one lesson
# kernel they boot, lesson 07's, the handout's keyboard test types into.
checked="the runner, its tests and their kernels' sources are the course's (run there)"
for path in Makefile tools tests/runner common lessons/01-freestanding; do
	diff -rq -x __pycache__ "$path" "$work/handout/$path" > /dev/null ||
		{ checked=""; echo "the handout's $path differs: its runner self-tests run"; }
done
course_own "its runner self-tests" $(cd "$work/handout" && ls lessons/*/tests/*.test tests/labs/labs.txt) ||
	checked=""
[ -z "$checked" ] || echo "the runner's self-tests are not run again in the handout: $checked"
(cd "$work/handout" && $fresh BOOK_VIEWS_CHECKED="$views" RUNNER_CHECKED="$checked" \
	make test CC="$with_cache" TEST_FLAGS="--firmware bios") \
	> "$work/handout-tests.txt" 2>&1 || true
# The verdict's lines come last, where a runner's tail of this output shows them.
$PYTHON - "$work/handout/build/$compiler/test-results.json" > "$work/handout-verdict.txt" <<'EOF2' || { grep -v '^PASS' "$work/handout-tests.txt" | tail -n 40; cat "$work/handout-verdict.txt"; fail "the handout's make test fails outside the labs' own tests"; }
import json, sys
try:
    records = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"no results from the handout's make test: {e}")
    sys.exit(1)
def is_lab_test(name):      # lessons/*/tests/lab_*.test, tests/host/test_lab_*
    return any(part.startswith(("lab_", "test_lab_")) for part in name.split("/")[:2])
failed = [r for r in records if r["verdict"] == "failed"]
others = [r for r in failed if not is_lab_test(r["name"])]
for r in others:
    print(f"failed outside the labs: {r['name']}: {r['reason']}")
for r in records:
    if r["verdict"] == "skipped":
        print(f"skipped: {r['name']}: {r['reason']}")
print(f"the handout's make test: {len(records)} results, {len(failed) - len(others)} lab tests "
      f"failed, {len(others)} other failures")
sys.exit(1 if others or len(failed) == len(others) else 0)
EOF2
cat "$work/handout-verdict.txt"
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

step "done"
