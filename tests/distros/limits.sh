# Gradescope's limits for one command, for tests/distros/run.sh (sourced).
#
# Gradescope grades each submission in a Docker container with a CPU quota
# and a memory limit (its documented defaults: half a CPU, 768 MB; the
# assignment's settings raise them). Docker sets both through the
# container's cgroup, so the test does the same: a cgroup of our own below
# the one we are in, with a CPU quota and a memory limit with no swap beside
# it. tools/cgroup.py writes them (v1 and v2), as it does for the
# benchmarks: this file only runs the command in them. Where no cgroup can
# be written (not root, or cgroup v2 without the controllers delegated), the
# command runs on one CPU through taskset, without a memory limit, and the
# note says so: a figure measured without the limits must not read as one
# measured with them.
#
# GRADESCOPE_CPU_QUOTA  µs of CPU per 100000 µs (default 100000: 1 CPU;
#                       50000 is Gradescope's own default of half a CPU)
# GRADESCOPE_MEMORY     bytes (default 805306368: 768 MB)

gs_quota=${GRADESCOPE_CPU_QUOTA:-100000}
gs_memory=${GRADESCOPE_MEMORY:-805306368}
gs_period=100000	# tools/cgroup.py's PERIOD
gs_groups=""   # the cgroups of the command running now (for cleanup)
# tools/cgroup.py with the host's own Python, as run.sh runs the other
# tools; $repo is run.sh's repository root.
# shellcheck disable=SC2154
gs_cgroup() {
	/usr/bin/python3 -B "$repo/tools/cgroup.py" "$@"
}

# limit_groups NAME: make the cgroups; sets gs_groups (their folders, empty
# if none could be made) and gs_note (what limits apply).
limit_groups() {
	gs_groups=""
	gs_cpus=$(awk "BEGIN { printf \"%g\", $gs_quota / $gs_period }")
	if gs_made=$(gs_cgroup make "$1" "$gs_quota" "$gs_memory"); then
		gs_groups=${gs_made#* }
		gs_note="$gs_cpus CPU and $((gs_memory / 1048576)) MB (cgroup ${gs_made%% *})"
	else
		gs_note="1 CPU by taskset, NO memory limit (no cgroup could be written: $gs_made)"
	fi
}

# unlimit_groups: remove the cgroups (empty by then: unshare killed the rest).
unlimit_groups() {
	# shellcheck disable=SC2086 # one word per folder
	[ -z "$gs_groups" ] || gs_cgroup remove $gs_groups
	gs_groups=""
}

# limited NAME STATS COMMAND...: run COMMAND (a shell function may be one)
# under the limits, then write "SECONDS PEAK_MB OOM_KILLS NOTE" to STATS.
limited() {
	gs_name=distros-gradescope-$$-$1 gs_stats=$2
	shift 2
	limit_groups "$gs_name"
	gs_start=$(date +%s)
	(
		pid=$(sh -c 'echo $PPID')
		if [ -n "$gs_groups" ]; then
			# shellcheck disable=SC2086 # one word per folder
			gs_cgroup join "$pid" $gs_groups || exit 125
		else
			taskset -p -c "$(taskset -c -p $$ | sed 's/.*: *//; s/[,-].*//')" "$pid" \
				> /dev/null || exit 125
		fi
		"$@"
	)
	gs_status=$?
	gs_seconds=$(($(date +%s) - gs_start))
	gs_figures="? ?"	# PEAK_MB OOM_KILLS
	# shellcheck disable=SC2086 # one word per folder
	[ -z "$gs_groups" ] || gs_figures=$(gs_cgroup report $gs_groups) || gs_figures="? ?"
	echo "$gs_seconds $gs_figures $gs_note" > "$gs_stats"
	unlimit_groups
	return $gs_status
}
