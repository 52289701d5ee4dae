#!/bin/sh
# The intake and the batch's CSV, without grading (tests/labs/intake.py):
# every kind of archive member that is not a plain file or folder is refused;
# and no reason of a failed hidden variant quotes its values (hidden_reasons.py).
# Its scratch goes where the batch checks' goes (lib/tmpdir.sh: /dev/shm),
# in an instructor's tree; a handout has no lib/ and keeps the default.
# usage: tests/labs/intake.sh [BUILD_DIR]    (exit 0: passed)
tmpdir=$(dirname "$0")/lib/tmpdir.sh
[ ! -f "$tmpdir" ] || . "$tmpdir"
/usr/bin/python3 tests/labs/intake.py && exec /usr/bin/python3 tests/labs/hidden_reasons.py
