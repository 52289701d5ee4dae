#!/bin/sh
# The book as a PDF (make book-pdf): printed by headless Chromium from the
# HTML book, then checked with poppler (tools/book/pdf.py): a page of its own
# for every page of the book, extractable text with every title in reading
# order, every figure present, and every internal link resolved.
# Where Chromium or poppler-utils is missing (they are installed only for
# make book-pdf), the check is skipped with a note and passes.
# usage: tests/book/pdf.sh BUILD_DIR    (exit 0: passed or skipped)
set -eu
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
for tool in chromium pdfinfo pdftotext pdfimages doxygen dot; do
	if ! command -v "$tool" > /dev/null; then
		echo "note: the PDF is not checked: $tool is not installed (make book-pdf installs it)"
		exit 0
	fi
done
out=${1:-build/gcc}/book-pdf
sh tools/make_docs.sh "$out/docs" > /dev/null
"$PYTHON" -B tools/book_pdf.py "$out/docs" "$out/book.pdf"
