#!/bin/sh
# No page of the book carries a pasted copy of source code: a line of a
# fenced code block must not also be a line of the C, assembly or linker
# sources. Code is shown in blocks tagged <!-- snippet: FILE [NAME] -->, which
# tests/book/snippets.sh keeps equal to the source.
# usage: tests/book/no_pasted_code.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" code
