# Shared by the lab checks (tests/labs/handout.sh, tests/labs/check.sh):
# the compiler of BUILD_DIR, a private work directory removed on exit, and
# the lab ccache (build/labs-ccache): the handout's build fills it, the
# sandboxed builds of grade-all only read it.
# usage: . tests/labs/lib/common.sh BUILD_DIR
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
# A shell killed by a signal runs no EXIT trap: exit instead, so it does
# (Ctrl-C, a closed terminal or a kill leave no tree in TMPDIR).
trap 'exit 130' INT
trap 'exit 129' HUP
trap 'exit 143' TERM
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

