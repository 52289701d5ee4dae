"""The code the book shows, kept identical to the sources.

A fenced block tagged ``<!-- snippet: FILE [NAME] -->`` holds the lines of
FILE strictly between its two lines that contain ``[NAME]``, without blank
lines at either end (book/instructor.md, "Writing the book"). rewrite() is
the walk over a page that make snippets and the checks share: it rewrites
or checks each snippet block and hands each output block to outputs.py.
"""

import difflib
import re
from pathlib import Path

from .pages import FENCE, ROOT, closing, rel

TAG = re.compile(r"^<!--\s*snippet:\s*(\S+)\s+\[([^\]]+)\]\s*-->\s*$")
LAB_MARKER = re.compile(r"\bLAB [0-9]+\.[0-9]+ (BEGIN|STUB|END)\b")
# The fence's language, by file name or suffix: what both renderers highlight.
LANGUAGES = {".c": "c", ".h": "c", ".asm": "nasm", ".inc": "nasm", ".ld": "ld",
             ".mk": "make", "Makefile": "make", ".sh": "sh", ".py": "python"}


class Problem(Exception):
    """A snippet that cannot be made: the message says why."""


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
    for number, line in enumerate(lines[at[0] + 1:at[1]], at[0] + 2):
        if LAB_MARKER.search(line):
            raise Problem(f"{name} [{marker}]: the region holds a lab marker ({name}:{number}); "
                          f"the book would show the solution that the handout replaces")
    body = [line.rstrip() for line in lines[at[0] + 1:at[1]]]
    while body and not body[0]:
        body.pop(0)     # blank lines at either end show nothing
    while body and not body[-1]:
        body.pop()
    if not body:
        raise Problem(f"{name} [{marker}]: the region is empty ({name}:{at[0] + 1})")
    return body


def fence_for(body):
    """A fence longer than any run of backquotes in BODY."""
    longest = max([len(m.group(0)) for line in body for m in re.finditer(r"`+", line)] + [2])
    return "`" * max(3, longest + 1)


def fenced(name, marker, indent=""):
    """The tag line and fenced block that show region MARKER of NAME."""
    body = region(name, marker)
    fence = fence_for(body)
    path = Path(name)
    lang = LANGUAGES.get(path.name) or LANGUAGES.get(path.suffix, "")
    return ([f"{indent}<!-- snippet: {name} [{marker}] -->", f"{indent}{fence}{lang}"]
            + [f"{indent}{line}" if line else "" for line in body] + [f"{indent}{fence}"])


def snippet_block(where, tag, old, indent, check):
    """(the lines of one snippet tag and its block, [problems])."""
    try:
        new = fenced(tag.group(1), tag.group(2), indent)
    except Problem as problem:
        return old or [], [f"{where}: {problem}"]
    if check and old is not None and old != new:
        diff = list(difflib.unified_diff(old[2:-1], new[2:-1], "book", "source",
                                         lineterm="", n=1))[2:14]
        return old, [f"{where}: the block differs from {tag.group(1)} [{tag.group(2)}]; "
                     f"run make snippets\n" + "\n".join("    " + d for d in diff)]
    return new, []


def rewrite(page, snippets, outputs):
    """Walk one page; returns (new text, [problems]).

    snippets: None leaves the snippet blocks alone, "write" rewrites them
    from their sources, "check" compares them. outputs: None leaves the
    output blocks alone, otherwise an outputs.Outputs that writes or checks
    them.
    """
    from .outputs import OUTPUT_TAG
    lines = page.read_text(errors="replace").splitlines()
    out, problems = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        where = f"{rel(page)}:{i + 1}"
        match = FENCE.match(line)
        tag = TAG.match(line.strip())
        output = OUTPUT_TAG.match(line.strip())
        if match:               # a block with no tag: left as it is
            end = closing(lines, i, match.group(2))
            if end is None:
                problems.append(f"{where}: this code fence is never closed")
                end = len(lines) - 1
            out += lines[i:end + 1]
            i = end + 1
            continue
        if not (tag and snippets) and not (output and outputs):
            out.append(line)
            i += 1
            continue
        indent = line[:len(line) - len(line.lstrip())]
        fence = FENCE.match(lines[i + 1]) if i + 1 < len(lines) else None
        end, old = i, None
        if not fence:
            problems.append(f"{where}: a tag must be followed at once by a ``` fenced block "
                            f"(run make snippets to write it)")
        else:
            end = closing(lines, i + 1, fence.group(2))
            if end is None:
                problems.append(f"{rel(page)}:{i + 2}: this code fence is never closed")
                out += lines[i:]
                break
            old = lines[i:end + 1]
        if tag:
            new, found = snippet_block(where, tag, old, indent, snippets == "check")
        else:
            new, found = outputs.block(where, output, old, indent)
        problems += found
        out += new or lines[i:end + 1]
        i = end + 1
    return "\n".join(out) + "\n", problems
