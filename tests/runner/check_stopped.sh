#!/bin/sh
# A kernel that stops for good (halted with interrupts off) while a step is
# still awaited is judged at once, as the time limit would judge it; one
# that an NMI step could still wake is not; and at a limit, what the kernel
# wrote before it counts, even if the runner had not looked since.
# usage: tests/runner/check_stopped.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_stopped.py" "${1:-build/gcc}"
