#!/bin/sh
# The book and the API reference build with Doxygen, and no warning is
# allowed: a missing @snippet marker, a broken @ref or an undocumented public
# function fails here. Then the built HTML is checked: every local link,
# image and frame resolves, and every @dotfile figure was rendered.
# usage: tests/book/doxygen.sh BUILD_DIR    (exit 0: passed)
set -eu
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
out=${1:-build/gcc}/docs
if ! command -v doxygen > /dev/null || ! command -v dot > /dev/null; then
	echo "doxygen or graphviz is not installed: 'make docs' installs them (as root), or run"
	echo "  sudo apt-get install --no-install-recommends doxygen graphviz"
	exit 1
fi
sh tools/make_docs.sh "$out"
"$PYTHON" -B tools/book html "$out/html"
