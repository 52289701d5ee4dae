#!/bin/sh
# A kernel that exits on the last key or NMI a step sends, before QEMU
# answered the sending, has met that step (made to happen every time).
# usage: tests/runner/check_exit_on_input.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" "$(dirname "$0")/check_exit_on_input.py" "${1:-build/gcc}"
