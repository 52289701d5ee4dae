#!/bin/sh
# Every term the chapters, the preface and the primer set in bold, and every
# abbreviation they use, has an entry in book/glossary.md (see "glossary" in
# tools/book/glossary.py for what counts as a term and an entry).
# usage: tests/book/glossary.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" glossary
