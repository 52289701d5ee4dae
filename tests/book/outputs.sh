#!/bin/sh
# Every sample output in the book tagged <!-- output: COMMAND --> is what
# COMMAND prints now, up to what honestly differs between machines and
# toolchains (times, versions, and addresses where the tag says so). A
# `make lesson N test` summary is checked against the lesson's tests instead
# of run again (see tools/book/outputs.py). `make snippets` rewrites
# the blocks. Commands reading build/gcc files that are not built (a
# CC=clang tree) are skipped with a "note:". And in every block, a source line
# GDB echoes after naming a place (file.c:NN) must be line NN of that file.
# A block that looks like a pasted output (a "(gdb) " line, or a "$ " line
# and what followed it) needs an output tag, or an unchecked-output tag that
# says why it cannot be checked. The GDB sessions (output[gdb] tags) are
# checked by gdb_outputs.sh beside this file.
# usage: tests/book/outputs.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
# A student tree (made by make handout: a .handout file at its top) has
# stubs where the book's kernels have solutions, so their output differs
# until the labs are solved: skipped (exit status 77), never rewritten.
if [ -f "$(dirname "$0")/../../.handout" ]; then
	echo "skipped in a student tree: the book's sample outputs are those of the solved labs"
	exit 77
fi
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" snippets --check-outputs --no-gdb
