#!/bin/sh
# The book, built once with Doxygen, checked as HTML, on paper and on a phone.
# - Doxygen builds the book and the API reference with no warning: a missing
#   @snippet marker, a broken @ref or an undocumented public function fails.
# - The HTML (tools/book/built.py): every local link, image and frame
#   resolves, and every figure was rendered.
# - The PDF (make book-pdf), printed by headless Chromium and read with
#   poppler (tools/book/pdf.py): a page of its own for every page of the
#   book, extractable text with every title in reading order, every figure
#   present, every internal link resolved.
# - The HTML at 390 px (a phone) and 1280 px (tools/book/phone.py): every
#   figure at three quarters of its size or more (a wider one scrolls in its
#   box), no line of code wrapped, no page wider than the screen; the
#   screenshots go to BUILD_DIR/book-rendered/screens, to look at.
# Where Chromium or poppler-utils is missing (they are installed only for
# make book-pdf), the PDF and the phone view are skipped with a "SKIP" line
# and the rest still counts (and in the handout's check, where they would
# show the course's own pages again). One script, not one per view, so that make
# test runs Doxygen once per tree: two jobs would each build the book, or
# race on one output folder, since run_tests.py runs jobs side by side.
# usage: tests/book/doxygen.sh BUILD_DIR    (exit 0: passed)
set -eu
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
build=${1:-build/gcc}
out=$build/docs
if ! command -v doxygen > /dev/null || ! command -v dot > /dev/null; then
	echo "doxygen or graphviz is not installed: 'make docs' installs them (as root), or run"
	echo "  sudo apt-get install --no-install-recommends doxygen graphviz"
	exit 1
fi
sh tools/make_docs.sh "$out"
status=0
"$PYTHON" -B tools/book html "$out/html" || status=1
# The handout's check (tests/labs/handout.sh) sets BOOK_VIEWS_CHECKED where
# every file these views are made from is the course's own, byte for byte:
# the course's make test shows them already.
if [ -n "${BOOK_VIEWS_CHECKED:-}" ]; then
	echo "SKIP the PDF and the phone view: $BOOK_VIEWS_CHECKED"
	exit $status
fi
for tool in chromium pdfinfo pdftotext pdfimages; do
	if ! command -v "$tool" > /dev/null; then
		echo "SKIP the PDF and the phone view: $tool is not installed (make book-pdf installs it)"
		exit $status
	fi
done
# After the HTML check: the PDF adds its print file (book-print.html) to the HTML.
"$PYTHON" -B tools/book pdf "$out" "$build/book-rendered/book.pdf" || status=1
"$PYTHON" -B tools/book phone "$out/html" "$build/book-rendered/screens" || status=1
exit $status
