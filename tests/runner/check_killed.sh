#!/bin/sh
# A QEMU killed by a signal is named as such ("QEMU killed by signal 9"),
# never as a boot error.
# usage: tests/runner/check_killed.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_killed.py" "${1:-build/gcc}"
