#!/bin/sh
# Everything the book's pages point at exists: @snippet markers, @include and
# @dotfile files (each figure valid Graphviz), @image files, @ref and
# @subpage targets, and relative markdown links with their #anchors.
# usage: tests/book/links.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/check_book.py" links
