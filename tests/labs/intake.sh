#!/bin/sh
# The intake and the batch's CSV, without grading (tests/labs/intake.py):
# every kind of archive member that is not a plain file or folder is refused;
# and no reason of a failed hidden variant quotes its values (hidden_reasons.py).
# usage: tests/labs/intake.sh [BUILD_DIR]    (exit 0: passed)
/usr/bin/python3 tests/labs/intake.py && exec /usr/bin/python3 tests/labs/hidden_reasons.py
