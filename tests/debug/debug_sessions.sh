#!/bin/sh
# Debug sessions that cannot collide: a second `make lesson N debug` on a
# taken port stops before touching the first one's files or QEMU, and
# Ctrl+C then quit ends a session with status 0 (tests/debug/debug_sessions.py).
# usage: tests/debug/debug_sessions.sh BUILD_DIR    (exit 0: passed)
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/debug_sessions.py" "${1:-build/gcc}"
