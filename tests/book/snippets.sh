#!/bin/sh
# Every code block of the book is the source region its tag names: a block
# after <!-- snippet: FILE [NAME] --> holds exactly the lines between the two
# [NAME] markers of FILE, and no raw @snippet line is left (a repository
# browser shows it as text). `make snippets` rewrites the blocks.
# usage: tests/book/snippets.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" snippets --check
