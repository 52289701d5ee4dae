#!/bin/sh
# The book and the API reference build with Doxygen, and no warning is
# allowed: a missing @snippet marker, a broken @ref or an undocumented public
# function fails here.
# usage: tests/book/doxygen.sh BUILD_DIR
set -eu
sh tools/make_docs.sh "${1:-build/gcc}/docs"
