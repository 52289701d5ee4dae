#!/usr/bin/env python3
"""The book as one PDF, printed by headless Chromium from the HTML book.

usage: python3 tools/book_pdf.py DOCS OUT.pdf           (make book-pdf)
       python3 tools/book_pdf.py --check DOCS OUT.pdf   (only check OUT.pdf)

DOCS is a book built by tools/make_docs.sh (build/docs). What the PDF holds
and what the check looks at: tools/book/pdf.py.
"""

import sys

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book import pdf  # noqa: E402
from book.pages import report, rel  # noqa: E402


def main(argv):
    args = argv[1:]
    check_only = args[:1] == ["--check"]
    args = args[1:] if check_only else args
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    docs, out = args
    if not check_only:
        if pdf.chromium() is None:
            print("error: chromium is not installed (make book-pdf installs it as root)",
                  file=sys.stderr)
            return 1
        problem = pdf.make_pdf(docs, out)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    status = report(pdf.check(out, docs))
    if status == 0 and not check_only:
        print(f"The book as a PDF: {rel(out)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
