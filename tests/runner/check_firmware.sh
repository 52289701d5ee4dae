#!/bin/sh
# A direct boot starts under qboot unless its spec needs SeaBIOS: a step
# that reads the screen or injects NMIs, or a "bios seabios" line.
# usage: tests/runner/check_firmware.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_firmware.py" "${1:-build/gcc}"
