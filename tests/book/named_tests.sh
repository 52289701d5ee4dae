#!/bin/sh
# A sentence follows its feature: every test the book's pages name (a
# tests/ file such as `tests/ist_overflow.c` or `firmware_uefi.test`, or a
# name after "test", such as the test `lock_stress`) still exists, so renaming
# or removing a test makes the sentences that cite it fail here.
# usage: tests/book/named_tests.sh BUILD_DIR    (exit 0: passed; BUILD_DIR is not used)
set -u
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
exec "$PYTHON" -B "$(dirname "$0")/../../tools/book" tests
