#!/usr/bin/env python3
"""Keeps the code shown in the book identical to the sources.

usage: python3 tools/snippets.py [--check] [PAGE...]
       python3 tools/snippets.py --doxygen PAGE

A chapter shows code as an ordinary fenced block, so that a repository
browser and Doxygen both render it, with a tag line just above the fence
that names where the code comes from:

    <!-- snippet: lessons/03-vga-text/vga.c [bounds] -->
    ```c
    ...the lines of vga.c between its two `[bounds]` marker lines...
    ```

The tag is an HTML comment, so neither renderer shows it. The region is
the lines strictly between the two lines of FILE that contain ``[NAME]``
(usually comments such as ``// [bounds]``), as Doxygen's ``@snippet``
defines it, without blank lines at either end or trailing spaces; FILE is
relative to the repository root.

Without --check (``make snippets``) every tagged block is rewritten from its
source, and each line ``@snippet FILE NAME`` (Doxygen's command, which a
repository browser shows as raw text) becomes such a tagged block.

With --check (``make test``, tests/book/snippets.sh) nothing is written;
each block that differs from its source, each tag whose region is missing
and each ``@snippet`` line left is printed as ``page:line: what is wrong``,
and the exit status is 1 if there is any.

PAGE defaults to every page of the book: book/*.md and lessons/*/README.md.

With --doxygen (tools/make_docs.sh), PAGE is printed as Doxygen must read it:
Doxygen drops a ``%`` before a word inside a `code span` (``%lu`` shows as
"lu"; ``%`` is its "do not link this word" mark), so such a span, say
`` `%lu` ``, is printed as ``<code>\\%lu</code>``. The page itself keeps plain
`` `%lu` ``, which is what a repository browser must see. A span that this
cannot rewrite (it holds ``"``, ``*``, ``<``, ``>`` or ``&`` as well) is
reported by --check, as is a ``%%`` in a span (it shows as "%%" on a
repository browser).

--doxygen also turns a figure, a line that is only a markdown image of
book/figures (``![Caption](../../book/figures/NAME.svg)``, the path relative
to the page so that a repository browser finds it), into
``@image html NAME.svg "Caption"``: Doxygen leaves a markdown image's path as
it is, which breaks in the HTML, but finds an @image in IMAGE_PATH
(book/figures), copies it beside the pages and shows the caption.
"""

import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TAG = re.compile(r"^<!--\s*snippet:\s*(\S+)\s+\[([^\]]+)\]\s*-->\s*$")
SNIPPET_COMMAND = re.compile(r"^[@\\]snippet\s+(\S+)\s+(.+?)\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")

# A lab's solution markers (tools/labs.py): never shown in the book.
LAB_MARKER = re.compile(r"\bLAB [0-9]+\.[0-9]+ (BEGIN|STUB|END)\b")

# The fence's language, by file name or suffix: what both renderers highlight.
LANGUAGES = {".c": "c", ".h": "c", ".asm": "nasm", ".inc": "nasm", ".ld": "ld",
             ".mk": "make", "Makefile": "make", ".sh": "sh", ".py": "python"}


class Problem(Exception):
    """A snippet that cannot be made: the message says why."""


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def book_pages():
    pages = sorted((ROOT / "book").glob("*.md"))
    pages += sorted((ROOT / "lessons").glob("*/README.md"))
    return pages


def language(name):
    path = Path(name)
    return LANGUAGES.get(path.name) or LANGUAGES.get(path.suffix, "")


def region(name, marker):
    """The lines of the repository file NAME between its two [MARKER] lines."""
    path = ROOT / name
    if not path.is_file():
        raise Problem(f"{name}: no such file (paths start at the repository root)")
    lines = path.read_text(errors="replace").splitlines()
    at = [i for i, line in enumerate(lines) if f"[{marker}]" in line]
    if len(at) != 2:
        where = ", ".join(f"{name}:{i + 1}" for i in at) or "nowhere"
        raise Problem(f"{name} [{marker}]: the marker must be on exactly two lines "
                      f"(start and end of the region), found {len(at)} ({where})")
    body = [line.rstrip() for line in lines[at[0] + 1:at[1]]]
    while body and not body[0]:
        body.pop(0)     # blank lines at either end show nothing
    while body and not body[-1]:
        body.pop()
    if not body:
        raise Problem(f"{name} [{marker}]: the region is empty ({name}:{at[0] + 1})")
    for number, line in enumerate(lines[at[0] + 1:at[1]], at[0] + 2):
        if LAB_MARKER.search(line):
            raise Problem(f"{name} [{marker}]: the region holds a lab marker ({name}:{number}); "
                          f"the book would show the solution that the handout replaces")
    return body


def fenced(name, marker, indent=""):
    """The tag line and fenced block that show region MARKER of NAME."""
    body = region(name, marker)
    longest = max([len(m.group(0)) for line in body for m in re.finditer(r"`+", line)] + [2])
    fence = "`" * max(3, longest + 1)
    out = [f"{indent}<!-- snippet: {name} [{marker}] -->", f"{indent}{fence}{language(name)}"]
    out += [f"{indent}{line}" if line else "" for line in body]
    out.append(f"{indent}{fence}")
    return out


def closing(lines, start, fence):
    """The index of the line that closes the fence opened at lines[start]."""
    for i in range(start + 1, len(lines)):
        match = FENCE.match(lines[i])
        if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) \
                and not match.group(3).strip():
            return i
    return None


def process(page, check):
    """Rewrite (or check) one page; returns (new text, [problems])."""
    lines = page.read_text(errors="replace").splitlines()
    out, problems = [], []
    i = 0
    in_fence = None
    while i < len(lines):
        line = lines[i]
        where = f"{rel(page)}:{i + 1}"
        match = FENCE.match(line)
        if in_fence is None and match:
            end = closing(lines, i, match.group(2))
            if end is None:
                problems.append(f"{where}: this code fence is never closed")
                out += lines[i:]
                break
            out += lines[i:end + 1]
            i = end + 1
            continue
        tag = TAG.match(line.strip())
        if tag:
            indent = line[:len(line) - len(line.lstrip())]
            start = i + 1
            fence = FENCE.match(lines[start]) if start < len(lines) else None
            if not fence:
                problems.append(f"{where}: a snippet tag must be followed at once by a "
                                f"``` fenced block (run make snippets to write it)")
                end = i     # keep the tag, write a block after it
                old = None
            else:
                end = closing(lines, start, fence.group(2))
                if end is None:
                    problems.append(f"{rel(page)}:{start + 1}: this code fence is never closed")
                    out += lines[i:]
                    break
                old = lines[i:end + 1]
            try:
                new = fenced(tag.group(1), tag.group(2), indent)
            except Problem as problem:
                problems.append(f"{where}: {problem}")
                out += lines[i:end + 1]
                i = end + 1
                continue
            if old != new and old is not None:
                if check:
                    diff = difflib.unified_diff(old[2:-1], new[2:-1], "book", "source",
                                                lineterm="", n=1)
                    shown = list(diff)[2:14]
                    problems.append(f"{where}: the block differs from {tag.group(1)} "
                                    f"[{tag.group(2)}]; run make snippets\n"
                                    + "\n".join("    " + d for d in shown))
            out += new
            i = end + 1
            continue
        command = SNIPPET_COMMAND.match(line)
        if command:
            if check:
                problems.append(f"{where}: @snippet shows as raw text on a repository "
                                f"browser; run make snippets to make it a fenced block")
                out.append(line)
            else:
                try:
                    out += fenced(command.group(1), command.group(2))
                except Problem as problem:
                    problems.append(f"{where}: {problem}")
                    out.append(line)
            i += 1
            continue
        out.append(line)
        i += 1
    text = "\n".join(out) + "\n"
    return text, problems


CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
PERCENT_WORD = re.compile(r"%[A-Za-z]")


def doxygen_span(match):
    """One `code span` as Doxygen must read it (see --doxygen above)."""
    span = match.group(1)
    if not PERCENT_WORD.search(span) or re.search(r'["*<>&]', span):
        return match.group(0)
    return "<code>" + span.replace("%", "\\%") + "</code>"


def span_problems(page):
    """Code spans that one renderer or the other would show wrongly."""
    problems = []
    in_fence = None
    for number, line in enumerate(page.read_text(errors="replace").splitlines(), 1):
        match = FENCE.match(line)
        if match:
            if in_fence is None:
                in_fence = match.group(2)
            elif match.group(2)[0] == in_fence[0] and len(match.group(2)) >= len(in_fence):
                in_fence = None
            continue
        if in_fence is not None:
            continue
        for span in CODE_SPAN.finditer(line):
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


FIGURE = re.compile(r"^!\[([^\]]*)\]\((?:[^()\s]*/)?book/figures/([^/()\s]+)\)\s*$")


def doxygen_figure(line):
    """A figure line as Doxygen must read it (see --doxygen above)."""
    match = FIGURE.match(line.strip())
    if not match:
        return None
    caption = match.group(1).replace('"', "'")
    return f'@image html {match.group(2)} "{caption}"'


def doxygen_copy(page):
    """The page's text with its %-spans escaped for Doxygen, fenced blocks untouched."""
    out = []
    in_fence = None
    for line in page.read_text(errors="replace").splitlines():
        match = FENCE.match(line)
        if match:
            if in_fence is None:
                in_fence = match.group(2)
            elif match.group(2)[0] == in_fence[0] and len(match.group(2)) >= len(in_fence):
                in_fence = None
            out.append(line)
            continue
        if in_fence is None:
            line = doxygen_figure(line) or CODE_SPAN.sub(doxygen_span, line)
        out.append(line)
    return "\n".join(out) + "\n"


def main(argv):
    args = argv[1:]
    if len(args) == 2 and args[0] == "--doxygen":
        sys.stdout.write(doxygen_copy(Path(args[1])))
        return 0
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    if any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    pages = [Path(a).resolve() for a in args] or book_pages()
    problems, changed = [], []
    for page in pages:
        if not page.is_file():
            problems.append(f"{page}: no such page")
            continue
        text, found = process(page, check)
        problems += found
        if check:
            problems += span_problems(page)
        if not check and text != page.read_text(errors="replace"):
            page.write_text(text)
            changed.append(rel(page))
    for problem in problems:
        print(problem)
    if not check:
        print(f"make snippets: {len(changed)} page{'s' if len(changed) != 1 else ''} "
              f"rewritten" + (f" ({', '.join(changed)})" if changed else ""))
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
