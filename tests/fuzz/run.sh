#!/bin/sh
# Runs every fuzz harness built in BUILD/fuzz (see tests/fuzz/*.mk).
# usage: sh tests/fuzz/run.sh BUILD [SECONDS]
#   without SECONDS (make test): a short pass that repeats exactly: each
#     harness runs its committed corpus, tests/fuzz/corpus/NAME, then
#     FUZZ_RUNS (default 2000) inputs in all, generated from a fixed seed.
#   with SECONDS (make fuzz): each harness for SECONDS; the new inputs it
#     finds are kept in BUILD/fuzz/corpus/NAME and used the next time.
# A crash (a failed check, or an ASan or UBSan report) leaves its input in
# BUILD/fuzz/out/NAME/; add it to the harness's corpus as a regression case.
set -u
build=$1
seconds=${2:-}
runs=${FUZZ_RUNS:-2000}
# run_harness HARNESS: one run; its result line goes to out/result.
run_harness() {
	harness=$1
	name=$(basename "$harness")
	out=$build/fuzz/out/$name
	rm -rf "$out"
	mkdir -p "$out"
	if [ -n "$seconds" ]; then
		corpus=$build/fuzz/corpus/$name
		mkdir -p "$corpus"
		limit="-max_total_time=$seconds"
	else
		corpus=$out/new	# libFuzzer writes new inputs to the first folder
		mkdir -p "$corpus"
		limit="-runs=$runs"
	fi
	if "$harness" "$corpus" "tests/fuzz/corpus/$name" "$limit" -seed=1 -timeout=10 \
		-rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$out/" \
		> "$out/log" 2>&1; then
		units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")
		echo "PASS  fuzz/$name: ${units:-?} inputs" > "$out/result"
	else
		{
			echo "FAIL  fuzz/$name: crashed; the input is in $out/, the log in $out/log"
			# What went wrong first (a failed assert, a panic, a sanitizer's
			# report): the tail below is mostly the stack and the statistics.
			grep -m 3 -E 'Assertion|panic:|ERROR: |runtime error:' "$out/log" | sed 's/^/  /'
			tail -n 8 "$out/log"
		} > "$out/result"
	fi
}

# lab_of NAME: the lab whose solution harness NAME drives (NAME_LAB in its
# tests/fuzz/NAME.mk), if any. A student tree (make handout writes .handout
# at its top) has that lab's stub, which fails the harness until solved.
lab_of() {
	sed -n "s/^$1_LAB *= *//p" "tests/fuzz/$1.mk" 2> /dev/null
}

# The harnesses run side by side: most of a short run is start-up time.
harnesses=""
skipped=""
for harness in "$build"/fuzz/fuzz_*; do
	case $harness in *.d) continue ;; esac
	[ -x "$harness" ] || continue
	lab=$(lab_of "$(basename "$harness")")
	if [ -f .handout ] && [ -n "$lab" ]; then
		skipped="$skipped
SKIP  fuzz/$(basename "$harness"): it drives lab $lab's solution, a stub in a student tree"
		continue
	fi
	harnesses="$harnesses $harness"
	run_harness "$harness" &
done
wait
[ -z "$skipped" ] || echo "${skipped#?}"
if [ -z "$harnesses" ]; then
	echo "FAIL  fuzz: no harnesses in $build/fuzz (not built? make needs clang for them)"
	exit 1
fi
# Passes first, failures last, where a test runner's tail of this output
# (make test shows the last lines) finds them.
status=0
for harness in $harnesses; do
	result=$build/fuzz/out/$(basename "$harness")/result
	grep -q '^PASS' "$result" && cat "$result"
done
for harness in $harnesses; do
	result=$build/fuzz/out/$(basename "$harness")/result
	grep -q '^PASS' "$result" || { cat "$result"; status=1; }
done
exit $status
