#!/bin/sh
# The red-team suite: submissions that try to cheat are graded beside a good
# one and earn nothing; the sandbox contains what they run (tests/labs/redteam.py).
# usage: tests/labs/redteam.sh BUILD_DIR    (exit 0: passed)
exec /usr/bin/python3 tests/labs/redteam.py "${1:-build/gcc}"
