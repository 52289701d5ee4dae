#!/usr/bin/env python3
"""What a lesson's kernel changes in the lesson it builds on: the files it
adds, replaces and removes, then the diff of each replaced file against the
earlier lesson's version (tools/book/changes.py says how the lists are made).

usage: python3 tools/changes.py LESSON      (make lesson N changes)

LESSON is a lesson's folder name (07-hardware-interrupts) or its number (7).
"""

import signal
import sys

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book.changes import report  # noqa: E402
from book.pages import lesson_of  # noqa: E402


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quietly stop when piped into less
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    lesson = lesson_of(argv[1]) if argv[1].isdigit() else argv[1]
    if lesson is None:
        print(f"error: there is no lesson {argv[1]}", file=sys.stderr)
        return 1
    try:
        print(report(lesson))
    except (OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
