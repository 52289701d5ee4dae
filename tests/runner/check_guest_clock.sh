#!/bin/sh
# A time limit in guest seconds (clock guest) stops a halted guest at its
# own limit, lets a working one finish or be typed to, and is refused
# where the guest would wait for its disk (tools/runner/guest_clock.py).
# usage: tests/runner/check_guest_clock.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_guest_clock.py" "${1:-build/gcc}"
