"""Where the book's pages are, and how a page splits into prose, code
blocks and headings, as both a repository browser and Doxygen read it."""

import re
from pathlib import Path

import course
from course import ROOT, rel  # noqa: F401  (rel: the book tools import it from here)

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
BLOCK_START = re.compile(r"^\s*[@\\](code|verbatim|dot|msc|startuml)\b")
BLOCK_END = {"code": "endcode", "verbatim": "endverbatim", "dot": "enddot",
             "msc": "endmsc", "startuml": "enduml"}
# The "Files of this lesson" box (changes.py): text made from the sources'
# comments, which the checks of the prose leave alone.
BOX_START = "<!-- files of this lesson: make snippets writes this box -->"
BOX_END = "<!-- end of the files -->"
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# A figure: a markdown image of book/figures (caption, file name).
FIGURE = re.compile(r"^!\[([^\]]*)\]\((?:[^()\s]*/)?book/figures/(?:screens/)?([^/()\s]+)\)\s*$")


def book_pages():
    """Every page of the book: the front matter, appendices and chapters."""
    pages = sorted((ROOT / "book").glob("*.md"))
    pages += sorted((ROOT / "lessons").glob("*/README.md"))
    return pages


def lesson_dirs():
    """The lessons' directories (paths; course.lesson_dirs() has their names), in order."""
    return [ROOT / "lessons" / name for name in course.lesson_dirs()]


def lesson_of(number):
    """The directory name of lesson NUMBER (03-vga-text for 3), or None."""
    return next((p.name for p in lesson_dirs() if p.name.startswith(f"{int(number):02d}-")),
                None)


def closing(lines, start, fence):
    """The index of the line that closes the fence opened at lines[start]."""
    for i in range(start + 1, len(lines)):
        match = FENCE.match(lines[i])
        if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) \
                and not match.group(3).strip():
            return i
    return None


def split_blocks(text):
    """Cut a page into prose lines and fenced blocks.

    Returns (prose, blocks): prose is a list of (line number, line) outside
    any code block; blocks is a list of (line number of the opening fence,
    [(line number, line), ...], tag) for each ``` or ~~~ block, where tag is
    the line just above the fence (a snippet tag such as
    ``<!-- snippet: FILE [NAME] -->``, or whatever stands there). Doxygen's
    @code/@verbatim/@dot blocks count as code too, but are not returned.
    """
    prose, blocks = [], []
    previous = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        match = FENCE.match(line)
        if match:
            end = closing(lines, i, match.group(2))
            end = len(lines) if end is None else end
            blocks.append((number, [(k + 1, lines[k]) for k in range(i + 1, min(end, len(lines)))],
                           previous.strip()))
            i = end + 1
            continue
        if line == BOX_START:
            while i < len(lines) and lines[i] != BOX_END:
                i += 1
            i += 1
            continue
        match = BLOCK_START.match(line)
        if match:
            end_command = re.compile(r"[@\\]" + BLOCK_END[match.group(1)] + r"\b")
            i += 1
            while i < len(lines) and not end_command.search(lines[i]):
                i += 1
            i += 1
            continue
        prose.append((number, line))
        previous = line
        i += 1
    return prose, blocks


def without_inline_code(line):
    """A prose line with its `code spans` blanked out (commands in them are text)."""
    return re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)


def page_id(page):
    """The Doxygen id of a book page, made from its path, so that the page
    itself needs no ``{#id}``: lessons/02-minimal-kernel/README.md is
    lesson_02, book/index.md mainpage, book/preface.md and book/setup.md
    their names, any other book/NAME.md (NAME.instructor.md too)
    appendix_NAME. The id names the page's HTML file (lesson_02.html)."""
    path = Path(page).resolve()
    if path.name == "README.md" and path.parent.parent == ROOT / "lessons":
        return "lesson_" + path.parent.name.split("-")[0]
    name = path.name.removesuffix(".md").removesuffix(".instructor")
    if name == "index":
        return "mainpage"
    return name if name in ("preface", "setup") else "appendix_" + name


def heading_slug(text):
    """The anchor a repository browser gives a heading: its text in lower
    case, without markup and punctuation, spaces made hyphens (GitHub's rule)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)     # a link: its text
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def headings(text):
    """[(line number, level, heading text, slug)] of a page's headings outside
    code blocks; a repeated slug gets -1, -2, ... as on a repository browser."""
    prose, _ = split_blocks(text)
    seen, found = {}, []
    for number, line in prose:
        match = HEADING.match(line)
        if not match:
            continue
        slug = heading_slug(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.append((number, len(match.group(1)), match.group(2),
                      f"{slug}-{count}" if count else slug))
    return found


def doxygen_label(page_id_, slug):
    """The Doxygen label of a heading: the page's id and the slug, as one word."""
    return page_id_ + "_" + re.sub(r"[^A-Za-z0-9_]", "_", slug)


def report(problems):
    """Print each problem and a count; the exit status of a check."""
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    return 0
