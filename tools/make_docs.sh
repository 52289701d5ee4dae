#!/bin/sh
# Builds the book and the API reference with Doxygen into OUT/html.
# usage: tools/make_docs.sh OUT
# Warnings are errors: a broken snippet, link or undocumented function fails.
#
# The book is read in this order: the front page, the front matter (preface,
# setup), the chapters (lessons/NN-name/README.md, in lesson order), then the
# appendices. Doxygen does not read the pages where they are kept: this
# script copies each one to OUT/pages/<the same path>, appends a line with
# links to the previous and next page, and Doxygen reads the copies. The
# copies keep their relative places, so a link such as
# [lesson 01](../01-freestanding/README.md) resolves in the copy too.
set -eu
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's Python, as the Makefile picks it
out=${1:-build/docs}
pages=$out/pages
rm -rf "$pages" "$out/html"
mkdir -p "$pages"

# Pages before and after the chapters, in reading order. Every page in
# book/ must be listed here (or be the front page), so none is left out.
front="book/preface.md book/setup.md"
back="book/next.md book/fuzzing.md book/primer.md book/gdb.md book/troubleshooting.md book/glossary.md book/references.md book/instructor.md"
# Instructor-only pages come last; `make handout` leaves them out of a
# student tree, so they are read only where they exist.
for page in book/*.instructor.md; do
	[ -f "$page" ] && back="$back $page"
done
chapters=""
for chapter in lessons/*/README.md; do
	[ -e "$chapter" ] && chapters="$chapters $chapter"
done
for page in book/*.md; do
	case " book/index.md $front $back " in
	*" $page "*) ;;
	*) echo "error: $page is not in the reading order: add it to front or back in $0" >&2; exit 1 ;;
	esac
done
for page in $front $back; do
	[ -f "$page" ] || { echo "error: $page is in the reading order ($0) but does not exist" >&2; exit 1; }
done

# The front page: each marker line becomes a list of subpages, which also
# orders Doxygen's navigation tree. A page's Doxygen id is made from its
# path (lesson_02, appendix_primer, ...; tools/book/pages.py page_id()), so
# that a page carries no Doxygen syntax a repository browser would show.
subpages() {
	list=$pages/$1.txt
	shift
	ids=$("$PYTHON" -B tools/book page-id "$@")
	printf '%s\n' "$ids" | sed 's/^/- @subpage /' > "$list"
}
# shellcheck disable=SC2086
subpages front $front
# shellcheck disable=SC2086
subpages chapters $chapters
# shellcheck disable=SC2086
subpages back $back
# book/index.md lists the pages as markdown links too, under the same
# markers, for a repository browser (instructor-only pages left out, as a
# student tree has none); the copy has the generated lists instead.
# shellcheck disable=SC2086
for page in $front $chapters $back; do
	case $page in *.instructor.md) continue ;; esac
	grep -q "^- \[.*\]($(realpath --relative-to=book "$page"))\$" book/index.md ||
		{ echo "error: book/index.md does not list $page: add it under its marker" >&2; exit 1; }
done
# The front page goes through `tools/book doxygen` too, for its figures
# and its title's id (mainpage).
"$PYTHON" -B tools/book doxygen book/index.md |
sed -e '/^- \[.*\](.*\.md)$/d' \
	-e "/<!-- front matter -->/r $pages/front.txt" -e '/<!-- front matter -->/d' \
	-e "/<!-- chapters -->/r $pages/chapters.txt" -e '/<!-- chapters -->/d' \
	-e "/<!-- appendices -->/r $pages/back.txt" -e '/<!-- appendices -->/d' > "$pages/index.md"

# Copy every page in reading order, with a line at its end linking the
# previous and next pages (one Python process for them all: one for each
# page cost more than Doxygen). `exclude` collects the originals, which
# Doxygen must not read as well.
# shellcheck disable=SC2086
"$PYTHON" -B tools/book doxygen-copies "$pages" $front $chapters $back
exclude=$chapters
# shellcheck disable=SC2086
set -- $front
first=$("$PYTHON" -B tools/book page-id "$1")
printf '\n<hr>\n\n**Start reading:** @ref %s\n' "$first" >> "$pages/index.md"

DOCS_OUT=$out DOCS_PAGES=$pages DOCS_EXCLUDE=$exclude doxygen book/Doxyfile > "$out/doxygen.log" 2>&1 || {
	# Name the pages a student edits, not the copies: the line numbers
	# agree, since the navigation line is appended at the end.
	sed -e "s|$PWD/$pages/||g" -e "s|$pages/||g" "$out/doxygen.log" >&2
	echo "error: the book has warnings (above); they count as errors" >&2
	exit 1
}

# Doxygen shows an SVG figure (@image html, see tools/book/doxygen.py) as
# an <object> of the figure's natural size, which cuts off the right side of
# a wide figure on a narrow window. An <img> of the same SVG (Graphviz gives
# it a viewBox) can shrink; its alternative text is the caption below it,
# and a link around it opens the figure at full size.
# Every figure (SVG or screenshot) may shrink to the column, but not below
# three quarters of its natural size, where its text would be too small to
# read (a wide figure on a phone): there its box (div.image, book.css)
# scrolls sideways instead. tests/book/doxygen.sh measures it at 390 px.
"$PYTHON" - "$out"/html/*.html <<'EOF_PY'
import html, os, re, struct, sys
figure = re.compile(r'<object type="image/svg\+xml" data="([^"]*\.svg)"[^>]*></object>'
                    r'(\s*<div class="caption">\s*)(.*?)(</div>)', re.S)
image = re.compile(r'(<div class="image">\s*(?:<a [^>]*>)?<img src=")([^"]+)"([^>]*?)(/?>)')
def img(m):
    caption = re.sub(r"<[^>]*>", "", m.group(3)).strip()
    alt = html.escape(html.unescape(caption), quote=True) or "figure"
    return (f'<a href="{m.group(1)}" title="open the figure at full size">'
            f'<img src="{m.group(1)}" alt="{alt}"/></a>'
            + m.group(2) + m.group(3) + m.group(4))
def natural_width(path):
    """A figure's width in CSS pixels: an SVG's width (pt), a PNG's header."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head.startswith(b"\x89PNG"):
        return struct.unpack(">I", head[16:20])[0]
    match = re.search(rb'<svg[^>]*\swidth="([0-9.]+)(pt|px)?"', head)
    if not match:
        return None
    return float(match.group(1)) * (4 / 3 if match.group(2) == b"pt" else 1)
def sized(m, folder):
    width = natural_width(os.path.join(folder, m.group(2)))
    style = (f' style="width: {width:.0f}px; max-width: 100%; min-width: {0.75 * width:.0f}px;'
             f' height: auto;"') if width else ""
    return m.group(1) + m.group(2) + '"' + re.sub(r'\s*style="[^"]*"', "", m.group(3)) \
        + style + m.group(4)
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if '<div class="image">' not in text:
        continue
    text = figure.sub(img, text)
    text = image.sub(lambda m: sized(m, os.path.dirname(path)), text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
EOF_PY
echo "The book: $out/html/index.html"
