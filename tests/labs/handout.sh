#!/bin/sh
# The handout, as an instructor hands it out: `make handout` writes a
# student tree that keeps no lab marker and no instructor-only file, builds
# without a warning, passes every test that is not a lab's own, and scores
# 0 in every lab, each with a reason: so the grader can fail.
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

step "done"
