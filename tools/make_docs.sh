#!/bin/sh
# Builds the book and the API reference with Doxygen into OUT/html.
# usage: tools/make_docs.sh OUT
# Warnings are errors: a broken snippet, link or undocumented function fails.
set -eu
out=${1:-build/docs}
pages=$out/pages
mkdir -p "$pages"
rm -rf "$out/html"

# The front page lists the chapters in lesson order, as subpages, so that
# Doxygen puts them in the navigation in that order.
list=$pages/chapters.txt
: > "$list"
for chapter in lessons/*/README.md; do
	[ -e "$chapter" ] || continue
	id=$(sed -n '1s/.*{#\([a-z0-9_]*\)}.*/\1/p' "$chapter")
	[ -n "$id" ] || { echo "error: $chapter: the first line needs a page id like {#lesson_01}" >&2; exit 1; }
	echo "- @subpage $id" >> "$list"
done
sed -e "/<!-- chapters -->/r $list" -e '/<!-- chapters -->/d' book/index.md > "$pages/index.md"
for page in book/*.md; do
	[ "$page" = book/index.md ] || cp "$page" "$pages/"
done

DOCS_OUT=$out DOCS_PAGES=$pages doxygen book/Doxyfile > "$out/doxygen.log" 2>&1 || {
	cat "$out/doxygen.log" >&2
	echo "error: the book has warnings (above); they count as errors" >&2
	exit 1
}
echo "The book: $out/html/index.html"
