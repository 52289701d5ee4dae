#!/bin/sh
# The red-team suite: submissions that try to cheat are graded beside a good
# one and earn nothing; the sandbox contains what they run (tests/labs/redteam.py).
# It runs once in each mode of the labs' sandbox (tools/sandbox.py) that can
# hold a submission here, each after `tools/sandbox.py --check`:
#   bwrap    where user namespaces are allowed;
#   setpriv  as root (it needs another uid to drop to): always, so that the
#            fallback of a chroot, Docker or Gradescope is tried on every
#            machine. Where bwrap works too, it runs in a copy of the tree,
#            because the setpriv mode closes the course tree to others
#            (chmod o-rwx), which bwrap's user needs to read.
# Where neither can (not root, and user namespaces refused: a container's
# user), it is skipped with the sandbox's note on why and what to do.
# usage: tests/labs/redteam.sh BUILD_DIR    (exit 0: passed; 77: skipped)
set -u
. "$(dirname "$0")/lib/tmpdir.sh"
PYTHON=/usr/bin/python3
build=${1:-build/gcc}
failed=0
modes=""
if SANDBOX=bwrap $PYTHON tools/sandbox.py --check > /dev/null 2>&1; then
	modes=bwrap
fi
[ "$(id -u)" = 0 ] && modes="$modes setpriv"
# Not root where user namespaces are refused (a container as its user): the
# sandbox runs code as you, which cannot hold a hostile submission. Not a
# failure of the course: skip (77), with the sandbox's note on what to do.
note=""
[ -n "$modes" ] || note=$($PYTHON -c 'import sys; sys.path.insert(0, "tools")
import sandbox; print(sandbox.own_code_only() or "")' 2> /dev/null)
if [ -n "$note" ]; then
	echo "skipped: the red-team suite needs a sandbox that holds someone else's code: $note"
	exit 77
fi
if [ -z "$modes" ]; then
	echo "FAIL: no sandbox mode here can hold a submission: bwrap cannot run and we are not root"
	SANDBOX=bwrap $PYTHON tools/sandbox.py --check
	exit 1
fi

copy=""
trap '[ -z "$copy" ] || rm -rf "$copy"' EXIT
for mode in $modes; do
	echo "== the red-team suite, sandbox mode $mode ($(date +%T))"
	tree=.
	if [ "$mode" = setpriv ] && [ "$modes" != " setpriv" ]; then
		copy=$(mktemp -d) && chmod 755 "$copy" &&
			tar -C . --exclude=./build --exclude=./.git -cf - . | tar -C "$copy" -xf - ||
			{ echo "FAIL: cannot copy the tree for the setpriv mode"; exit 1; }
		# The lab ccache too, where the tree's own grading finds it (as
		# where setpriv is the only mode): without it every build of this
		# pass compiled from nothing, twice the CPU of the bwrap pass.
		if [ -d build/labs-ccache ]; then
			mkdir "$copy/build" && cp -a build/labs-ccache "$copy/build/" ||
				{ echo "FAIL: cannot copy the lab ccache for the setpriv mode"; exit 1; }
		fi
		tree=$copy
	fi
	if ! (cd "$tree" && SANDBOX=$mode $PYTHON tools/sandbox.py --check &&
		SANDBOX=$mode $PYTHON tests/labs/redteam.py "$build"); then
		echo "FAIL: the red-team suite in the sandbox's $mode mode"
		failed=1
	fi
	# The setpriv mode closes the course tree while it grades; once every
	# grader has exited it must be open again, or the next `make grade` there
	# stops ("chmod o+x"). Also after a grader killed by SIGKILL, once the
	# next one starts (tests/labs/redteam_procs.py).
	if [ "$mode" = setpriv ] && [ -z "$(find "$tree" -maxdepth 0 -perm -o=x)" ]; then
		echo "FAIL: the setpriv mode left $tree closed to others: $(ls -ld "$tree")"
		failed=1
	elif [ "$mode" = setpriv ] &&
		! (cd "$tree" && SANDBOX=setpriv $PYTHON tests/labs/redteam_procs.py); then
		failed=1
	fi
done
exit $failed
