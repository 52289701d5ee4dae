"""code: no page carries a pasted copy of source code. No line of a fenced
block is also a line of a C, header, assembly or linker script file of the
repository (whitespace normalised; lines of fewer than two words or without
letters or digits, such as ``}``, are ignored). Code is shown in a block
tagged ``<!-- snippet: FILE [NAME] -->`` instead, which snippets.py keeps
equal to its source. Shell commands and program output are fine: they are
no lines of the sources."""

import re

from handout import source_files

from .pages import ROOT, book_pages, rel, split_blocks
from .snippets import TAG

SOURCE_SUFFIXES = {".c", ".h", ".asm", ".inc", ".S", ".s", ".ld"}


def normalise(line):
    return " ".join(line.split())


def trivial(line):
    return len(line.split()) < 2 or not re.search(r"[A-Za-z0-9]", line)


def source_lines():
    """{normalised line: (file, line number)} over the repository's sources."""
    lines = {}
    # The tree's own files, as the handout takes them: build/, where make
    # test's lab checks write and remove files while this runs, is never
    # entered.
    for path in (ROOT / name for name in source_files(ROOT)):
        if path.suffix not in SOURCE_SUFFIXES:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            key = normalise(line)
            if not trivial(key):
                lines.setdefault(key, (rel(path), number))
    return lines


def check():
    """[problem] for each line of an untagged block that is a line of a source."""
    sources = source_lines()
    problems = []
    for page in book_pages():
        _, blocks = split_blocks(page.read_text(errors="replace"))
        for _, block, tag in blocks:
            if TAG.match(tag):
                continue        # the snippets check compares it with its source
            for number, line in block:
                key = normalise(line)
                if not trivial(key) and key in sources:
                    where, at = sources[key]
                    problems.append(f"{rel(page)}:{number}: a copy of {where}:{at} in a code "
                                    f"block; show source in a block tagged <!-- snippet: FILE "
                                    f"[NAME] --> instead (make snippets writes it): {key}")
    return problems
