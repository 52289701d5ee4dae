#!/bin/sh
# Every function a lesson declares in its own headers (lessons/NN-name/*.h)
# is mentioned as name() in that lesson's chapter, outside code blocks, so
# that the text says what each public function is for (and Doxygen links the
# mention to its documentation). Lessons without a chapter print a "note:".
# usage: tests/book/api_mentions.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" api
