#!/bin/sh
# The book's GDB outputs, tagged <!-- output[gdb]: COMMAND --> with COMMAND a
# scripted session (tests/debug/gdb_session.py) against a real lesson
# kernel, are what the session prints now, up to what moves with the
# compiler and from run to run (see tools/book/outputs.py). Sessions
# of kernels not built in build/gcc (a CC=clang tree) are skipped with a
# "note:". make snippets writes the blocks again.
# usage: tests/book/gdb_outputs.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/snippets.py" --check-outputs --gdb
