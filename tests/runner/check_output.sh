#!/bin/sh
# Everything a kernel prints is data: the runner's paths show the hostile
# kernel's terminal escapes (tests/runner/hostile.c) escaped, never raw.
# usage: tests/runner/check_output.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_output.py" "${1:-build/gcc}"
