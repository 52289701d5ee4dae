#!/bin/sh
# make test's output: a count and colour on a terminal, NO_COLOR honoured,
# plain text into a pipe. See term_output.py.
# usage: tests/debug/term_output.sh BUILD_DIR    (exit 0: passed)
exec "${PYTHON:-/usr/bin/python3}" -B "$(dirname "$0")/term_output.py" "$@"
