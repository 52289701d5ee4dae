#!/bin/sh
# Nothing left behind: a runner stopped by SIGINT, SIGHUP, SIGTERM or
# SIGKILL leaves no QEMU running and no qemu-runner-* directory.
# usage: tests/runner/check_leftovers.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_leftovers.py" "${1:-build/gcc}"
