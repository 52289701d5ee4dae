# Gradescope's limits for one command, for tests/distros/run.sh (sourced).
#
# Gradescope grades each submission in a Docker container with a CPU quota
# and a memory limit (its documented defaults: half a CPU, 768 MB; the
# assignment's settings raise them). Docker sets both through the
# container's cgroup, so the test does the same: a cgroup of our own below
# the one we are in, with a CPU quota (cgroup v1's cpu.cfs_quota_us, v2's
# cpu.max) and a memory limit with no swap beside it. Where no cgroup can be
# written (not root, or cgroup v2 without the controllers delegated), the
# command runs on one CPU through taskset, without a memory limit, and the
# note says so: a figure measured without the limits must not read as one
# measured with them.
#
# GRADESCOPE_CPU_QUOTA  µs of CPU per 100000 µs (default 100000: 1 CPU;
#                       50000 is Gradescope's own default of half a CPU)
# GRADESCOPE_MEMORY     bytes (default 805306368: 768 MB)

gs_quota=${GRADESCOPE_CPU_QUOTA:-100000}
gs_memory=${GRADESCOPE_MEMORY:-805306368}
gs_period=100000
gs_groups=""   # the cgroups of the command running now (for cleanup)

# own_cgroup CONTROLLER: our cgroup's path in that controller's v1
# hierarchy, or with "v2", in the unified one.
own_cgroup() {
	if [ "$1" = v2 ]; then
		awk -F: '$1 == "0" { print $3; exit }' /proc/self/cgroup
	else
		awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++)
			if (a[i] == c) { print $3; exit } }' /proc/self/cgroup
	fi
}

# v1_mount FILE: the v1 hierarchy that has FILE (a controller's file), if any.
v1_mount() {
	for gs_dir in /sys/fs/cgroup/cpu /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/memory; do
		[ -f "$gs_dir/$1" ] && { echo "$gs_dir"; return 0; }
	done
	return 1
}

# limit_groups NAME: make the cgroups; sets gs_groups (their folders, empty
# if none could be made), gs_kind (v1, v2) and gs_note (what limits apply).
limit_groups() {
	gs_groups="" gs_kind=""
	gs_cpu_base=$(v1_mount cpu.cfs_quota_us) && gs_mem_base=$(v1_mount memory.limit_in_bytes) && {
		gs_cpu=$gs_cpu_base$(own_cgroup cpu)/$1 gs_mem=$gs_mem_base$(own_cgroup memory)/$1
		if mkdir "$gs_cpu" 2> /dev/null; then
			gs_groups=$gs_cpu
			if mkdir "$gs_mem" 2> /dev/null; then
				gs_groups="$gs_cpu $gs_mem" gs_kind=v1
				echo "$gs_period" > "$gs_cpu/cpu.cfs_period_us" &&
					echo "$gs_quota" > "$gs_cpu/cpu.cfs_quota_us" &&
					echo "$gs_memory" > "$gs_mem/memory.limit_in_bytes" &&
					{ [ ! -f "$gs_mem/memory.memsw.limit_in_bytes" ] ||
						echo "$gs_memory" > "$gs_mem/memory.memsw.limit_in_bytes"; } ||
					gs_kind=""
			fi
		fi
	}
	if [ -z "$gs_kind" ] && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		unlimit_groups
		gs_group=/sys/fs/cgroup$(own_cgroup v2)
		gs_group=${gs_group%/}/$1
		echo "+cpu +memory" > "$(dirname "$gs_group")/cgroup.subtree_control" 2> /dev/null
		if mkdir "$gs_group" 2> /dev/null; then
			gs_groups=$gs_group gs_kind=v2
			echo "$gs_quota $gs_period" > "$gs_group/cpu.max" &&
				echo "$gs_memory" > "$gs_group/memory.max" || gs_kind=""
			echo 0 > "$gs_group/memory.swap.max" 2> /dev/null
		fi
	fi
	gs_cpus=$(awk "BEGIN { printf \"%g\", $gs_quota / $gs_period }")
	if [ -n "$gs_kind" ]; then
		gs_note="$gs_cpus CPU and $((gs_memory / 1048576)) MB (cgroup $gs_kind)"
	else
		unlimit_groups
		gs_note="1 CPU by taskset, NO memory limit (no cgroup could be written)"
	fi
}

# unlimit_groups: remove the cgroups (empty by then: unshare killed the rest).
unlimit_groups() {
	for gs_group in $gs_groups; do
		gs_tries=0
		while [ -d "$gs_group" ] && ! rmdir "$gs_group" 2> /dev/null && [ $gs_tries -lt 50 ]; do
			sleep 0.1
			gs_tries=$((gs_tries + 1))
		done
	done
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
			for gs_group in $gs_groups; do
				echo "$pid" > "$gs_group/cgroup.procs" || exit 125
			done
		else
			taskset -p -c "$(taskset -c -p $$ | sed 's/.*: *//; s/[,-].*//')" "$pid" \
				> /dev/null || exit 125
		fi
		"$@"
	)
	gs_status=$?
	gs_seconds=$(($(date +%s) - gs_start))
	gs_peak="?" gs_kills="?"
	for gs_group in $gs_groups; do
		if [ -f "$gs_group/memory.max_usage_in_bytes" ]; then
			gs_peak=$(($(cat "$gs_group/memory.max_usage_in_bytes") / 1048576))
			gs_kills=$(awk '$1 == "oom_kill" { print $2 }' "$gs_group/memory.oom_control")
		elif [ -f "$gs_group/memory.events" ]; then
			[ ! -f "$gs_group/memory.peak" ] || gs_peak=$(($(cat "$gs_group/memory.peak") / 1048576))
			gs_kills=$(awk '$1 == "oom_kill" { print $2 }' "$gs_group/memory.events")
		fi
	done
	echo "$gs_seconds $gs_peak ${gs_kills:-?} $gs_note" > "$gs_stats"
	unlimit_groups
	return $gs_status
}
