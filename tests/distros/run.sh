#!/bin/sh
# The README's promise, tried as a new user would: on a bare Debian root,
# its commands install what they need and pass.
#
# For each release it makes a bare root (debootstrap --variant=minbase with
# make, git and ca-certificates: what the README asks a user to have),
# clones this repository into it and runs, inside it:
#   1. as root, `make lesson 2 run` in a terminal (tmux) until the screen
#      shows "Hello World!", then quits QEMU the way the README says;
#   2. as a user who is not root, `make test`: it must print exactly one
#      `apt-get install` line; that line is then run as root (without sudo);
#   3. as root, `make test` in the root entered with a plain chroot, where
#      the kernel refuses user namespaces (as in Docker or on Gradescope):
#      it must find nothing left to install and end `N passed, 0 failed`,
#      with the labs' sandbox in its setpriv mode (`tools/sandbox.py
#      --check` says so). Then, entered with pivot_root as on a real
#      machine, the sandbox must be bubblewrap: its check and the red-team
#      suite pass in that mode;
#   4. as root, `make CC=clang test`: it passes too. Only on Debian 13 by
#      default (CLANG_RELEASES="12 13" for both), to keep CI short: step 2
#      already installs clang's packages on Debian 12, and its clang 14
#      rarely differs where clang 19 passes.
#   5. the Gradescope bundle (`make gradescope`), in a second bare root
#      laid out as Gradescope lays out its image: the zip extracted into
#      /autograder/source, copies of setup.sh and run_autograder at
#      /autograder, entered with a plain chroot (Gradescope's containers
#      refuse user namespaces). setup.sh runs as root, then, as root and
#      under Gradescope's limits (tests/distros/limits.sh: 1 CPU and 768 MB
#      in a cgroup of our own; GRADESCOPE_CPU_QUOTA=50000 for its default
#      half CPU), run_autograder grades a good submission (`make submit` of
#      this tree: full marks in every lab), a stub (`make submit` of the
#      untouched handout: 0 in every lab, each graded) and a broken one (a
#      tree whose vga.c does not compile: lesson 02's labs keep their
#      marks, every later lab scores 0 because it does not build).
#      tests/distros/gradescope_check.py checks each results.json against
#      the fields Gradescope documents, and that no run was OOM-killed; the
#      step's line gives the scores, seconds and peak memory. Only on
#      Debian 12 by default (GRADESCOPE_RELEASES), where it fits in the
#      time step 4 takes on Debian 13; and on Ubuntu 22.04 when asked
#      (RELEASE 22.04): Gradescope's default base image.
#   6. the course's container (.devcontainer/Dockerfile), built with
#      Debian's podman without any registry: the cached bare root is
#      imported and tagged as the Dockerfile's base image, and the build
#      (--pull=never) reaches only the Debian mirror. In it, under podman's
#      default seccomp profile, where bubblewrap cannot make its namespaces
#      (the profile refuses sethostname; Docker's refuses new user
#      namespaces): as root and as its user, `make lesson 2 run` until
#      "Hello World!" (as in step 1); as root, the whole `make test`, with
#      the labs' sandbox in its setpriv mode. As the user, who has neither
#      root nor bubblewrap: `make lesson 2 test`; the debug path
#      (tests/debug/debug_sessions.sh drives the script behind `make lesson
#      2 debug`, gdb_commands.sh a GDB session); `make lesson 3 grade`
#      grades (the code runs as the user); the sandbox's check says why
#      that holds only one's own code; and the red-team suite, which needs
#      a sandbox that holds someone else's, is skipped with that note
#      instead of failing. Only on Debian 13 by default (CONTAINER_RELEASES),
#      the base the Dockerfile builds on unless told otherwise: 8 to 9
#      minutes, 5 of them root's `make test`, which stays whole because the
#      image is the course's reference machine for macOS and Windows.
# It prints one line per release and step, and exits 1 if any step failed.
#
# usage: tests/distros/run.sh [RELEASE...]    (RELEASE: 12, 13, bookworm, trixie;
#                                              default: 12 13)
#        RELEASE 22.04 (jammy) is Ubuntu 22.04, Gradescope's default image: only
#        step 5 runs there (from UBUNTU_MIRROR, default archive.ubuntu.com).
#        STEPS="1 2 3 4 5 6" (the default) picks the steps to run.
# Needs root, debootstrap and tmux on the host, and for step 6 podman and runc
# (`make test-distros` installs all four), unshare and pivot_root (util-linux),
# and the Debian mirror that apt already uses here. Steps run in the root
# entered with pivot_root unless said otherwise (tests/distros/enter.sh
# explains both ways in).
#
# Caches, under /var/cache/writing-an-os (CACHE=dir to change):
#   bare-CODENAME.tar    the bare root just after debootstrap, remade after a
#                        week. It holds no package of this project's.
#   apt-CODENAME/        the .deb files apt downloaded. They save the
#                        download, not the install: a package that
#                        tools/require.sh forgets is still missing in the root.
# Logs of every step go to LOGS (default build/distros/).
set -u

cd "$(dirname "$0")/../.." || exit 2
repo=$(pwd)
cache=${CACHE:-/var/cache/writing-an-os}
logs=${LOGS:-$repo/build/distros}
step_timeout=${STEP_TIMEOUT:-1500}   # seconds for one step, apt included
clang_releases=${CLANG_RELEASES:-13}  # where step 4 runs (numbers)
gradescope_releases=${GRADESCOPE_RELEASES:-12}  # where step 5 runs
container_releases=${CONTAINER_RELEASES:-13}   # where step 6 runs
steps=${STEPS:-1 2 3 4 5 6}

die() {
	echo "error: $*" >&2
	exit 2
}

[ "$(id -u)" = 0 ] || die "the bare-root test needs root (debootstrap, mount namespaces)"
tools="debootstrap tmux unshare pivot_root"
case " $steps " in *" 6 "*) [ -z "$container_releases" ] || tools="$tools podman runc" ;; esac
for tool in $tools; do
	PATH=$PATH:/usr/sbin command -v "$tool" > /dev/null 2>&1 ||
		die "$tool is missing (make test-distros installs it; apt-get install podman runc for step 6)"
done
[ $# -gt 0 ] || set -- 12 13

# The mirror apt uses on this machine, so that nothing names a host here.
mirror() {
	{
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
			sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p'
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\).*/\2/p'
	} | grep -v -e security -e '^$' | head -n 1
}
MIRROR=${MIRROR:-$(mirror)}
UBUNTU_MIRROR=${UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}
[ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources.list*; set MIRROR="

mkdir -p "$cache" "$logs" || die "cannot create $cache or $logs"
# The uid locks of the labs' sandbox on this machine (tools/sandbox_setpriv.py),
# shared with every root and container here (enter.sh says why).
locks=/run/writing-an-os-sandbox
[ -d "$locks" ] || mkdir -m 700 "$locks" || die "cannot create $locks"
failed=0
. "$repo/tests/distros/limits.sh"    # step 5's limited: Gradescope's CPU and memory

# report RELEASE STEP VERDICT SECONDS [DETAIL]
report() {
	printf '%-22s %-38s %-7s %5s s  %s\n' "$1" "$2" "$3" "$4" "${5:-}"
	[ "$3" = ok ] || failed=1
}

# bare_tarball CODENAME: the cached bare root, made with debootstrap if it is
# missing or older than a week.
bare_tarball() {
	tarball=$cache/bare-$1.tar
	if [ -z "$(find "$tarball" -mtime -7 2>/dev/null)" ]; then
		scratch=$(mktemp -d /var/tmp/bare-XXXXXX) || return 1
		mirror=$MIRROR components=main
		# Ubuntu (step 5 only): Gradescope's default image. Its NASM,
		# xorriso, ccache and cmocka are in universe, which Ubuntu's
		# container images enable. Without Debian's ubuntu-keyring,
		# debootstrap cannot check the archive's signature (it says so).
		[ "$1" != jammy ] || mirror=$UBUNTU_MIRROR components=main,universe
		debootstrap --variant=minbase --include=make,git,ca-certificates \
			--components="$components" "$1" "$scratch" "$mirror" \
			> "$logs/debootstrap-$1.log" 2>&1
		status=$?
		# debootstrap mounts /proc in the new root, and left it mounted
		# there once (jammy): neither tar nor rm may walk into a mount.
		grep " $scratch/" /proc/mounts | awk '{ print $2 }' | sort -r |
			while read -r mount; do umount -l "$mount"; done
		if grep -q " $scratch/" /proc/mounts; then
			echo "warning: $scratch still has mounts; left in place" >&2
			return 1
		fi
		[ $status = 0 ] && tar -C "$scratch" --numeric-owner -cf "$tarball.new" . &&
			mv "$tarball.new" "$tarball"
		status=$?
		rm -rf "$scratch"
		[ $status = 0 ] || return 1
	fi
	echo "$tarball"
}

root=""
# Remove the root. The mounts into it live only in the namespaces of
# enter.sh, but never remove a tree that has something mounted below it.
cleanup() {
	unlimit_groups		# step 5's cgroups, if it was stopped in a run
	[ -n "$root" ] || return 0
	i=1
	while [ "$i" -le "${tmux_runs:-0}" ]; do	# run_lesson_2's terminals
		tmux -L "distros-$$-$i" kill-server 2> /dev/null
		i=$((i + 1))
	done
	if grep -q " $root/" /proc/mounts; then
		echo "warning: $root still has mounts; left in place" >&2
	else
		rm -rf "$root"
	fi
	root=""
}
trap 'cleanup; exit 130' INT TERM HUP
trap cleanup EXIT

# in_root USER COMMAND: run COMMAND with sh in the clone /src inside the
# root, as a fresh login there would (tests/distros/enter.sh), time-bounded.
in_root() {
	timeout "$step_timeout" unshare --mount --pid --kill-child \
		sh "$repo/tests/distros/enter.sh" "$root" "$apt_cache" "$@"
}

# in_chroot USER COMMAND: the same, entered with a plain chroot (no user
# namespaces for anything inside).
in_chroot() {
	ENTER=chroot timeout "$step_timeout" unshare --mount --pid --kill-child \
		sh "$repo/tests/distros/enter.sh" "$root" "$apt_cache" "$@"
}

# run_lesson_2 LOG [COMMAND]: `make lesson 2 run` in a 100x30 terminal; wait
# for the screen to show "Hello World!", then Ctrl+A, X (a key at a time).
# COMMAND (a shell command for tmux) runs it elsewhere than as root in the
# bare root; it must print make-exited-with-STATUS when make ends.
run_lesson_2() {
	log=$1
	# A server of its own each time: the last one may still be exiting
	# (kill-server), and a client that reaches it fails ("server exited
	# unexpectedly", seen in CI between the container's two runs).
	tmux_runs=$((${tmux_runs:-0} + 1))
	socket="distros-$$-$tmux_runs"
	# The pane stays open a while after make ends, so its last words can be read.
	tmux -L "$socket" new-session -d -x 100 -y 30 -s run \
		"${2:-unshare --mount --pid --kill-child sh $repo/tests/distros/enter.sh $root $apt_cache root \
		'make lesson 2 run; echo make-exited-with-\$?'}; sleep 60" ||
		{ echo "tmux could not start" > "$log"; return 1; }
	waited=0
	seen=""
	while [ $waited -lt "$step_timeout" ]; do
		screen=$(tmux -L "$socket" capture-pane -p -t run 2> /dev/null) || break
		case $screen in *"Hello World!"*) seen=yes; break ;; esac
		case $screen in *make-exited-with-*) break ;; esac
		sleep 1
		waited=$((waited + 1))
	done
	{
		echo "--- the terminal when the test looked at it ---"
		echo "$screen"
	} > "$log"
	[ -n "$seen" ] || return 1
	# Quit as the README says: Ctrl+A, then X.
	tmux -L "$socket" send-keys -t run C-a
	sleep 0.25
	tmux -L "$socket" send-keys -t run x
	waited=0
	while [ $waited -lt 30 ]; do
		screen=$(tmux -L "$socket" capture-pane -p -t run 2> /dev/null)
		case $screen in *make-exited-with-0*) break ;; esac
		sleep 1
		waited=$((waited + 1))
	done
	{
		echo "--- after Ctrl+A, X ---"
		echo "$screen"
	} >> "$log"
	tmux -L "$socket" kill-server 2> /dev/null
	case $screen in *make-exited-with-0*) return 0 ;; esac
	echo "QEMU did not quit after Ctrl+A, X" >> "$log"
	return 1
}

# wants STEP: STEP is one of the steps to run (STEPS); on Ubuntu, step 5 only
wants() {
	[ "$codename" != jammy ] || [ "$1" = 5 ] || return 1
	case " $steps " in *" $1 "*) return 0 ;; esac
	return 1
}

# autograde KIND LOG: run_autograder on the submission in the root, as
# root, under Gradescope's limits; its results.json and what the run cost
# become KIND.json and KIND.stats at the root's top. The submission folder
# is emptied for the next one, as each Gradescope container starts afresh.
autograde() {
	limited "$1" "$root/$1.stats" in_chroot root "cd /autograder && ./run_autograder" \
		>> "$2" 2>&1 || return 1
	echo "$1: $(cat "$root/$1.stats")" >> "$2"
	mv "$root/autograder/results/results.json" "$root/$1.json" || return 1
	rm -rf "$root/autograder/submission"
	mkdir "$root/autograder/submission"
}

# gradescope TARBALL LOG: step 5 in a new root made from TARBALL (the
# root becomes $root, so that cleanup removes it).
gradescope() {
	root=$(mktemp -d /var/tmp/distro-root-XXXXXX) || return 1
	tar -C "$root" --numeric-owner -xf "$1" || return 1
	chmod 755 "$root"     # mktemp made it, and the tarball's "." 0700
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null
	# enter.sh starts in /src; the course is in /autograder/source here.
	mkdir -p "$root/src" "$root/autograder/source" "$root/autograder/submission" \
		"$root/autograder/results" || return 1
	/usr/bin/python3 tools/gradescope.py bundle --out "$root/bundle.zip" > "$2" 2>&1 || return 1
	# Extracted with each file's mode, as Gradescope does (the scripts are executable).
	/usr/bin/python3 - "$root/bundle.zip" "$root/autograder/source" <<-'EOF' || return 1
		import os, sys, zipfile
		with zipfile.ZipFile(sys.argv[1]) as bundle:
		    for info in bundle.infolist():
		        path = bundle.extract(info, sys.argv[2])
		        if info.external_attr >> 16 & 0o777:
		            os.chmod(path, info.external_attr >> 16 & 0o777)
	EOF
	rm "$root/bundle.zip"
	cp -p "$root/autograder/source/setup.sh" "$root/autograder/source/run_autograder" \
		"$root/autograder/" || return 1
	in_chroot root "cd /autograder && bash ./setup.sh" >> "$2" 2>&1 || return 1
	# setup.sh checks the labs' sandbox: the fallback, in a chroot.
	grep -q '^sandbox (setpriv): works$' "$2" || return 1
	# Three submissions, each graded by run_autograder as root under
	# Gradescope's limits (limits.sh): the good one, what a student hands
	# in with make submit; the stub, the untouched handout packed the same
	# way; the broken one, an uploaded tree whose vga.c does not compile.
	/usr/bin/python3 tools/submit.py --out "$root/autograder/submission/submission.tar.gz" \
		>> "$2" 2>&1 || return 1
	autograde good "$2" || return 1
	/usr/bin/python3 tools/handout.py --out "$root/handout" >> "$2" 2>&1 &&
		(cd "$root/handout" && /usr/bin/python3 tools/submit.py \
			--out "$root/autograder/submission/submission.tar.gz") >> "$2" 2>&1 || return 1
	rm -rf "$root/handout"
	autograde stub "$2" || return 1
	git archive HEAD | tar -x -C "$root/autograder/submission" || return 1
	echo 'this is not C' >> "$root/autograder/submission/lessons/03-vga-text/vga.c"
	autograde broken "$2" || return 1
	/usr/bin/python3 tests/distros/gradescope_check.py "$root" >> "$2"
	tail -n 1 "$2" | grep -q '^good '
}

# Step 6's podman. runc, not Debian 12's crun: crun refuses a host whose
# cgroups are in hybrid mode (v1 controllers and a v2 tree), as here.
podman_() {
	podman --runtime runc "$@"
}

# podman_run USER COMMAND...: a container of the course's image, as USER,
# under podman's default seccomp profile, with no network. podman asks for
# more open files than the host's hard limit allows, which a root without
# CAP_SYS_RESOURCE (as in some CI sandboxes) cannot raise: ask for less.
# The labs' sandbox gets this machine's uid locks (enter.sh says why).
podman_run() {
	run_user=$1
	shift
	podman_ run --rm --network=none --ulimit nofile=4096:4096 \
		--ulimit nproc=16384:16384 -v "$locks:$locks" -u "$run_user" "$@"
}

# container NUMBER TARBALL LOG: step 6, in the scratch directory $root.
# Prints the detail for the report.
container() {
	image=localhost/writing-an-os-course:$1
	base=docker.io/library/debian:$1
	{
		echo "--- import $2 as $base, build $image"
		podman_ import "$2" "$base" &&
			podman_ build --pull=never --network=host --build-arg "DEBIAN=$1" \
				-f .devcontainer/Dockerfile -t "$image" "$repo"
	} > "$3" 2>&1 || { echo "the build failed"; return 1; }
	# The course as a student mounts it: a clone owned by the image's user
	# (git refuses a repository of another owner), and one of root's.
	uid=$(podman_run student "$image" id -u) || return 1
	git clone -q "$repo" "$root/user" && git clone -q "$repo" "$root/root" &&
		chown -R "$uid:$uid" "$root/user" || return 1
	as_root="-v $root/root:/course -w /course $image"
	as_user="-v $root/user:/home/student/course -w /home/student/course $image"

	for who in root student; do
		if [ $who = root ]; then where=$as_root; else where=$as_user; fi
		echo "--- make lesson 2 run as $who" >> "$3"
		# shellcheck disable=SC2086  # $where is words
		run_lesson_2 "$root/run.log" "podman --runtime runc run --rm -it --network=none \
			--ulimit nofile=4096:4096 --ulimit nproc=16384:16384 -v $locks:$locks \
			-u $who $where \
			sh -c 'make lesson 2 run; echo make-exited-with-\$?'" ||
			{ cat "$root/run.log" >> "$3"; echo "make lesson 2 run ($who) failed"; return 1; }
		cat "$root/run.log" >> "$3"
	done

	echo "--- make test and the sandbox's check as root" >> "$3"
	# shellcheck disable=SC2086  # $as_root is words
	podman_run root $as_root sh -c 'grep Seccomp: /proc/self/status; make test &&
		python3 tools/sandbox.py --check' >> "$3" 2>&1 ||
		{ echo "make test (root) failed"; return 1; }
	passed=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$3" | tail -n 1)
	tail -n 1 "$3" | grep -q '^sandbox (setpriv): works$' ||
		{ echo "the labs' sandbox was not in setpriv mode"; return 1; }
	grep -q '^Seccomp:[[:space:]]*2$' "$3" || { echo "no seccomp filter"; return 1; }

	# As the user, the labs' sandbox cannot drop to other uids: grading the
	# user's own tree goes on, the sandbox's check says why nothing more
	# (and what to do), and the red-team suite skips (77) with that note.
	echo "--- as student: make lesson 2 test, the debug path (make lesson 2 debug's" \
		"script and GDB), make lesson 3 grade, the sandbox's check, the red-team suite" >> "$3"
	# shellcheck disable=SC2086  # $as_user is words
	podman_run student $as_user sh -c 'make lesson 2 test &&
		sh tests/debug/debug_sessions.sh build/gcc && sh tests/debug/gdb_commands.sh build/gcc 02-minimal-kernel &&
		make lesson 3 grade &&
		python3 tools/sandbox.py --check && { sh tests/labs/redteam.sh build/gcc;
		echo "red-team suite: exit status $?"; }' >> "$3" 2>&1 ||
		{ echo "make lesson 2 test, the debug path, make lesson 3 grade or the sandbox's check (student) failed"
		  return 1; }
	grep -q '^note  not root, and bubblewrap cannot make its namespaces here' "$3" ||
		{ echo "the sandbox's check did not say why it holds only the user's code"; return 1; }
	if ! tail -n 2 "$3" | head -n 1 | grep -q "^skipped: .*someone else's code: not root, and" ||
		! tail -n 1 "$3" | grep -q '^red-team suite: exit status 77$'; then
		echo "the red-team suite (student) did not skip with the sandbox's note"
		return 1
	fi
	grade=$(grep -E '^total +[0-9]+/[0-9]+' "$3" | tail -n 1 | awk '{print $2}')
	echo "root: $passed, setpriv; student: lesson 3 graded $grade, red-team suite skipped"
}

# ends_passed LOG: the log's last line says "N passed, 0 failed" with N > 0.
ends_passed() {
	tail -n 1 "$1" | grep -Eq '^[1-9][0-9]* passed, 0 failed'
}

for release in "$@"; do
	case $release in
	12 | bookworm) codename=bookworm number=12 name="debian 12 (bookworm)" ;;
	13 | trixie) codename=trixie number=13 name="debian 13 (trixie)" ;;
	22.04 | jammy)
		codename=jammy number=22.04 name="ubuntu 22.04 (jammy)"
		gradescope_releases="$gradescope_releases 22.04"
		;;
	*) die "unknown release '$release': use 12 or 13 (bookworm, trixie), or 22.04 (jammy)" ;;
	esac
	start=$(date +%s)
	failed_before=$failed
	failed=0

	# 0. The bare root.
	t0=$(date +%s)
	if ! tarball=$(bare_tarball "$codename"); then
		report "$name" "bare root (debootstrap)" FAILED $(($(date +%s) - t0)) \
			"see $logs/debootstrap-$codename.log"
		continue
	fi
	root=$(mktemp -d /var/tmp/distro-root-XXXXXX) || die "mktemp failed"
	tar -C "$root" --numeric-owner -xf "$tarball" || die "cannot unpack $tarball"
	chmod 755 "$root"     # a user in the root must pass through its /
	apt_cache=$cache/apt-$codename
	mkdir -p "$apt_cache"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null
	git clone -q "$repo" "$root/src" || die "cannot clone $repo"
	in_root root "useradd --create-home student" || die "cannot add a user to the root"
	report "$name" "bare root, clone of $(git -C "$repo" rev-parse --short HEAD)" ok \
		$(($(date +%s) - t0)) "$(chroot "$root" sh -c '. /etc/os-release; echo $PRETTY_NAME')"

	# 1. make lesson 2 run, as root, on a terminal.
	if wants 1; then
		t0=$(date +%s)
		if run_lesson_2 "$logs/$codename-1-run.log"; then
			report "$name" "make lesson 2 run (root)" ok $(($(date +%s) - t0)) "Hello World! on screen"
		else
			report "$name" "make lesson 2 run (root)" FAILED $(($(date +%s) - t0)) \
				"see $logs/$codename-1-run.log"
		fi
	fi

	# 2. make test as a user: one apt-get line, which root then runs.
	if wants 2; then
		t0=$(date +%s)
		log=$logs/$codename-2-user.log
		in_root student "make test" > "$log" 2>&1
		status=$?
		line=$(grep 'apt-get install' "$log")
		if [ $status = 0 ] || [ "$(printf '%s\n' "$line" | grep -c .)" != 1 ]; then
			report "$name" "make test (user): one apt-get line" FAILED $(($(date +%s) - t0)) "see $log"
		else
			command=$(printf '%s\n' "$line" | sed 's/^[[:space:]]*//; s/^sudo //')
			if in_root root "apt-get update -q && $command -y" >> "$log" 2>&1; then
				report "$name" "make test (user): one apt-get line" ok $(($(date +%s) - t0)) \
					"$(printf '%s' "$line" | wc -w) words"
			else
				report "$name" "make test (user): one apt-get line" FAILED $(($(date +%s) - t0)) \
					"the printed line failed: see $log"
			fi
		fi
	fi

	# 3. make test as root in a plain chroot: nothing left to install, and
	# everything passes with the sandbox's setpriv mode; then bubblewrap's
	# mode where user namespaces work (pivot_root).
	if wants 3; then
		t0=$(date +%s)
		log=$logs/$codename-3-test.log
		in_chroot root "make test && python3 tools/sandbox.py --check" > "$log" 2>&1
		status=$?
		if grep -q 'Installing missing packages' "$log"; then
			report "$name" "make test (root, chroot)" FAILED $(($(date +%s) - t0)) \
				"the user's apt-get line missed: $(grep 'Installing missing' "$log")"
		elif [ $status = 0 ] && grep -q '^sandbox (setpriv): works$' "$log" &&
			grep -Eq '^[1-9][0-9]* passed, 0 failed' "$log"; then
			report "$name" "make test (root, chroot)" ok $(($(date +%s) - t0)) \
				"$(grep -E '^[0-9]+ passed' "$log" | tail -n 1), sandbox: setpriv"
		else
			report "$name" "make test (root, chroot)" FAILED $(($(date +%s) - t0)) \
				"exit $status, $(tail -n 1 "$log"); see $log"
		fi
		t0=$(date +%s)
		log=$logs/$codename-3-bwrap.log
		# The setpriv mode closed /src to others; bwrap's user reads it.
		in_root root "chmod o+rx /src && SANDBOX=bwrap python3 tools/sandbox.py --check &&
			SANDBOX=bwrap sh tests/labs/redteam.sh build/gcc" > "$log" 2>&1
		status=$?
		if [ $status = 0 ] && grep -q '^sandbox (bwrap): works$' "$log"; then
			report "$name" "labs' sandbox: bubblewrap" ok $(($(date +%s) - t0)) \
				"--check and the red-team suite"
		else
			report "$name" "labs' sandbox: bubblewrap" FAILED $(($(date +%s) - t0)) \
				"exit $status; see $log"
		fi
	fi

	# 4. make CC=clang test as root (where CLANG_RELEASES says).
	if wants 4; then
		case " $clang_releases " in
		*" $number "*)
			t0=$(date +%s)
			log=$logs/$codename-4-clang.log
			in_root root "make CC=clang test" > "$log" 2>&1
			status=$?
			if [ $status = 0 ] && ends_passed "$log"; then
				report "$name" "make CC=clang test (root)" ok $(($(date +%s) - t0)) \
					"$(tail -n 1 "$log")"
			else
				report "$name" "make CC=clang test (root)" FAILED $(($(date +%s) - t0)) \
					"exit $status, $(tail -n 1 "$log"); see $log"
			fi
			;;
		esac
	fi

	cleanup

	# 5. The Gradescope bundle, in a bare root of its own (where GRADESCOPE_RELEASES says).
	case " $gradescope_releases " in
	*" $number "*)
		if wants 5; then
			t0=$(date +%s)
			log=$logs/$codename-5-gradescope.log
			if gradescope "$tarball" "$log"; then
				report "$name" "Gradescope bundle: setup.sh, 3 submissions" ok \
					$(($(date +%s) - t0)) "$(tail -n 1 "$log")"
			else
				report "$name" "Gradescope bundle: setup.sh, 3 submissions" FAILED \
					$(($(date +%s) - t0)) "see $log"
			fi
			cleanup
		fi
		;;
	esac
	# 6. The course's container, built offline (where CONTAINER_RELEASES says).
	case " $container_releases " in
	*" $number "*)
		if wants 6; then
			t0=$(date +%s)
			log=$logs/$codename-6-container.log
			root=$(mktemp -d /var/tmp/distro-container-XXXXXX) || die "mktemp failed"
			if detail=$(container "$number" "$tarball" "$log"); then
				report "$name" "container: build, run, test (podman)" ok \
					$(($(date +%s) - t0)) "$detail"
			else
				report "$name" "container: build, run, test (podman)" FAILED \
					$(($(date +%s) - t0)) "$detail; see $log"
			fi
			podman_ rmi "localhost/writing-an-os-course:$number" \
				"docker.io/library/debian:$number" >> "$log" 2>&1
			cleanup
		fi
		;;
	esac
	report "$name" "all steps" "$([ $failed = 0 ] && echo ok || echo FAILED)" \
		$(($(date +%s) - start))
	[ $failed_before = 0 ] || failed=1
done
exit $failed
