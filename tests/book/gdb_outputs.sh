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
# A student tree (made by make handout: a .handout file at its top) has
# stubs where the book's kernels have solutions, so their output differs
# until the labs are solved: skipped (exit status 77), never rewritten.
if [ -f "$(dirname "$0")/../../.handout" ]; then
	echo "skipped in a student tree: the book's GDB sessions are those of the solved labs"
	exit 77
fi
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" snippets --check-outputs --gdb
