"""A page as Doxygen must read it (``python3 tools/book doxygen PAGE``, for
tools/make_docs.sh); the page itself stays plain markdown. The copy gives
every heading a label (PAGEID_SLUG, the slug a repository browser makes),
turns a figure line (a markdown image of book/figures) into ``@image html``,
and escapes ``%`` in code spans (Doxygen would drop it; span_problems()
reports the spans this cannot rewrite).
"""

import re

from .pages import FENCE, doxygen_label, headings, page_id, rel

CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
PERCENT_WORD = re.compile(r"%[A-Za-z]")
FIGURE = re.compile(r"^!\[([^\]]*)\]\((?:[^()\s]*/)?book/figures/(?:screens/)?([^/()\s]+)\)\s*$")


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
    return "\n".join(out) + "\n"
