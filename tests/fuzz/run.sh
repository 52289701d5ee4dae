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
status=0
found=0
for harness in "$build"/fuzz/fuzz_*; do
	case $harness in *.d) continue ;; esac
	[ -x "$harness" ] || continue
	found=1
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
		echo "PASS  fuzz/$name: ${units:-?} inputs"
	else
		echo "FAIL  fuzz/$name: crashed; the input is in $out/, the log in $out/log"
		tail -n 25 "$out/log"
		status=1
	fi
done
if [ $found = 0 ]; then
	echo "FAIL  fuzz: no harnesses in $build/fuzz (not built? make needs clang for them)"
	exit 1
fi
exit $status
