#!/usr/bin/env python3
"""What a lesson's kernel changes in the lesson it builds on: the files it
adds, replaces and removes, then the diff of each replaced file against the
earlier lesson's version (tools/book/changes.py says how the lists are made).

usage: python3 tools/changes.py LESSON      (make lesson N changes)
"""

import signal
import sys

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book.changes import report  # noqa: E402


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quietly stop when piped into less
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        print(report(argv[1]))
    except (OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
