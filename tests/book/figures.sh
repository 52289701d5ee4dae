#!/bin/sh
# Every figure the book shows was drawn from its source as it is now: each
# book/figures/NAME.dot has a committed NAME.svg whose "figure source"
# comment records the sha256 of that .dot (`make figures` draws them again),
# and no page has a raw @dotfile line left.
# usage: tests/book/figures.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/figures.py" --check
