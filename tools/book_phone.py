#!/usr/bin/env python3
"""The HTML book at a phone's width (390 px) and a laptop's (1280 px):
figures readable, code scrolling instead of wrapping, no page wider than
the screen (tools/book/phone.py says how it is measured).

usage: python3 tools/book_phone.py HTML_DIR SHOTS_DIR

HTML_DIR is a built book with its print file (tools/book_pdf.py writes it);
screenshots of two pages at both widths go to SHOTS_DIR.
"""

import sys

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book import pdf, phone  # noqa: E402
from book.pages import report  # noqa: E402


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if pdf.chromium() is None:
        print("error: chromium is not installed", file=sys.stderr)
        return 1
    return report(phone.check(pdf.chromium(), argv[1], argv[2]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
