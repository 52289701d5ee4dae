#!/bin/sh
# The runner stays bounded whatever a kernel prints: its memory, the serial
# log QEMU writes, the text it keeps and shows (tests/runner/flood.c).
# usage: tests/runner/check_bounded.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_bounded.py" "${1:-build/gcc}"
