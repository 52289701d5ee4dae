#!/bin/sh
# The book as headless Chromium renders it, on paper and on a phone.
# - The PDF (make book-pdf), checked with poppler (tools/book/pdf.py): a
#   page of its own for every page of the book, extractable text with every
#   title in reading order, every figure present, every internal link
#   resolved.
# - The HTML at 390 px (a phone) and 1280 px (tools/book/phone.py): every
#   figure at three quarters of its size or more (a wider one scrolls in its
#   box), no line of code wrapped, no page wider than the screen; the
#   screenshots go to BUILD_DIR/book-rendered/screens, to look at.
# Where Chromium or poppler-utils is missing (they are installed only for
# make book-pdf), the checks are skipped with a note (exit 77: make test
# counts them neither passed nor failed).
# usage: tests/book/rendered.sh BUILD_DIR    (exit 0: passed; 77: skipped)
set -eu
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
for tool in chromium pdfinfo pdftotext pdfimages doxygen dot; do
	if ! command -v "$tool" > /dev/null; then
		echo "the PDF and the phone view are not checked: $tool is not installed" \
			"(make book-pdf installs it)"
		exit 77
	fi
done
out=${1:-build/gcc}/book-rendered
sh tools/make_docs.sh "$out/docs" > /dev/null
status=0
"$PYTHON" -B tools/book pdf "$out/docs" "$out/book.pdf" || status=1
"$PYTHON" -B tools/book phone "$out/docs/html" "$out/screens" || status=1
exit $status
