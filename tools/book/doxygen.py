"""A page as Doxygen must read it (``python3 tools/book doxygen PAGE``; for
tools/make_docs.sh, ``doxygen-copies FOLDER PAGE...`` writes them all); the
page itself stays plain markdown. The copy gives every heading a label
(PAGEID_SLUG, the slug a repository browser makes), makes links to pages
and headings @ref to those ids and labels (refs()), turns a figure line (a
markdown image of book/figures) into ``@image html``, and escapes ``%`` in
code spans (Doxygen would drop it; span_problems() reports the spans this
cannot rewrite).
"""

import re
from pathlib import Path

from .pages import FENCE, FIGURE, book_pages, doxygen_label, headings, page_id, rel

CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
PERCENT_WORD = re.compile(r"%[A-Za-z]")
LINK = re.compile(r"\]\(([^()#\s]+\.md)?(?:#([A-Za-z0-9_-]+))?\)")


def doxygen_span(match):
    """One `code span` as Doxygen must read it."""
    span = match.group(1)
    if not PERCENT_WORD.search(span) or re.search(r'["*<>&]', span):
        return match.group(0)
    return "<code>" + span.replace("%", "\\%") + "</code>"


def prose_lines(text):
    """(line number, line, in a fenced block) for each line of TEXT."""
    in_fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if match:
            if in_fence is None:
                in_fence = match.group(2)
            elif match.group(2)[0] == in_fence[0] and len(match.group(2)) >= len(in_fence):
                in_fence = None
            yield number, line, True
            continue
        yield number, line, in_fence is not None


def span_problems(page):
    """Code spans that one renderer or the other would show wrongly."""
    problems = []
    for number, line, code in prose_lines(page.read_text(errors="replace")):
        for span in ([] if code else CODE_SPAN.finditer(line)):
            text = span.group(1)
            if "%%" in text:
                problems.append(f"{rel(page)}:{number}: `{text}`: a repository browser shows "
                                f"%% as it is; write a single % (make_docs.sh escapes it "
                                f"for Doxygen)")
            elif doxygen_span(span) == span.group(0) and \
                    PERCENT_WORD.search(re.sub(r'"[^"]*"', "", text)):
                problems.append(f"{rel(page)}:{number}: `{text}`: Doxygen drops a % before a "
                                f"word in a code span, and this one holds characters that "
                                f"cannot be escaped for it; split the span")
    return problems


def copy(page):
    """The text of PAGE as Doxygen must read it."""
    text = page.read_text(errors="replace")
    pid = page_id(page)
    labels = {number: pid if number == 1 and level == 1 else doxygen_label(pid, slug)
              for number, level, _, slug in headings(text)}
    out = []
    for number, line, code in prose_lines(text):
        if number in labels:
            line = f"{line.rstrip()} {{#{labels[number]}}}"
        if not code:
            figure = FIGURE.match(line.strip())
            if figure:
                line = f'@image html {figure.group(2)} "{figure.group(1).replace(chr(34), chr(39))}"'
            else:
                line = CODE_SPAN.sub(doxygen_span, line)
        out.append(line)
    text = "\n".join(out) + "\n"
    return text if page.name == "index.md" else refs(text, page)     # its lists go


def refs(text, page):
    """TEXT with each link to a page of the book, [lesson 02](../02-minimal-kernel/README.md),
    made @ref to its id (Doxygen 1.9.8 no longer finds a page by its path),
    and a link to a heading (README.md#the-uefi-path, or #the-uefi-path) to
    the heading's label."""
    ids = {p: page_id(p) for p in book_pages() if p.name != "index.md"}
    here = page.resolve()

    def to_ref(m):
        target = (here.parent / m.group(1)).resolve() if m.group(1) else here
        if not (m.group(1) or m.group(2)) or target not in ids:
            return m.group(0)
        return f"](@ref {doxygen_label(ids[target], m.group(2)) if m.group(2) else ids[target]})"
    return LINK.sub(to_ref, text)


def write_copies(folder, pages):
    """Write the copy of each of PAGES (in reading order) to FOLDER/<its
    path>, with a line at its end that links the pages before and after it
    (the first page's previous is the front page, index). One process for
    the whole book: make_docs.sh once spent more on starting Python for
    each page than Doxygen spends on the book."""
    ids = ["index"] + [page_id(page) for page in pages]
    for number, page in enumerate(pages, 1):
        nav = f"**Previous:** @ref {ids[number - 1]}"
        if number < len(pages):
            nav += f" &emsp;|&emsp; **Next:** @ref {ids[number + 1]}"
        out = Path(folder) / page
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(copy(Path(page))
                       + f"\n<hr>\n\n{nav} &emsp;|&emsp; **Contents:** @ref index\n")
