#!/usr/bin/env python3
"""Checks that keep the book true to the code.

usage: python3 tools/check_book.py CHECK | page-id PAGE | html HTML_DIR

CHECK is one of api, code, links, glossary, tests: what each checks is the
opening comment of its module in tools/book/ (api.py, pasted.py, links.py,
glossary.py, named_tests.py). ``html HTML_DIR`` checks the built book
(tools/book/built.py); ``page-id PAGE`` prints a page's Doxygen id
(tools/book/pages.py page_id()).

The pages are book/*.md and lessons/*/README.md. Each problem is printed as
``file:line: what is wrong``; the exit status is 0 when there is none.
"""

import signal
import sys

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book import api, built, glossary, links, named_tests, pasted  # noqa: E402
from book.pages import page_id, report  # noqa: E402

CHECKS = {"api": api.check, "code": pasted.check, "links": links.check,
          "glossary": glossary.check, "tests": named_tests.check}


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quietly stop when piped into head
    if len(argv) == 2 and argv[1] in CHECKS:
        return report(CHECKS[argv[1]]())
    if len(argv) == 3 and argv[1] == "page-id":
        print(page_id(argv[2]))
        return 0
    if len(argv) == 3 and argv[1] == "html":
        return report(built.check(argv[2]))
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
