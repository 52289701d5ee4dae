#!/bin/sh
# Everything the book's pages point at exists: relative markdown links with
# their #anchors (a heading's anchor as a repository browser makes it), and
# no page shows Doxygen syntax (@ref, {#label}, ...) on a repository browser.
# usage: tests/book/links.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" links
