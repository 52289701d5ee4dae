#!/bin/sh
# The intake and the batch's CSV, without grading (tests/labs/intake.py):
# every kind of archive member that is not a plain file or folder is refused.
# usage: tests/labs/intake.sh [BUILD_DIR]    (exit 0: passed)
exec /usr/bin/python3 tests/labs/intake.py
