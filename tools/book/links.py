"""links: everything a page points at exists, and no page shows Doxygen
syntax on a repository browser: each relative link leads to a page (its
``#anchor`` to a heading, as a repository browser names it), each image
exists, a ``#word`` names a heading or a symbol (write ``\\#PF`` for
the text), and no Doxygen command or ``{#label}`` stands outside code:
make_docs.sh writes those into its copies of the pages (doxygen.py).
"""

import re

from .cdecl import declared_symbols
from .pages import book_pages, headings, page_id, rel, split_blocks, without_inline_code

HASH_LINK = re.compile(r"(?<![\w\\&#])#([A-Za-z_]\w*)")
MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# Doxygen's own syntax, which a repository browser shows as it is.
RAW_DOXYGEN = re.compile(r"(?<![\w`])[@\\](ref|subpage|snippet\w*|include\w*|dontinclude|"
                         r"verbinclude|htmlinclude|dotfile|image|anchor|page|section|"
                         r"subsection|subsubsection|mainpage|brief|see|note)\b|\{#[A-Za-z0-9_-]*\}")


def labels_of(page):
    """The anchors a link may name in a page: its headings' anchors."""
    return {slug for _, _, _, slug in headings(page.read_text(errors="replace"))}


def raw_doxygen(line):
    """The first piece of Doxygen syntax in a prose line (code spans and
    HTML comments left out), or None."""
    line = re.sub(r"<!--.*?-->", "", without_inline_code(line))
    match = RAW_DOXYGEN.search(line)
    return match.group(0) if match else None


def link_problem(page, bang, target, page_files, labels):
    """What is wrong with one [text](target) link of a page, or None."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):       # http:, https:, mailto:
        return None
    path_part, _, fragment = target.partition("#")
    if not path_part:
        if fragment not in labels[page.resolve()]:
            return f"link to #{fragment}: no such anchor in this page"
        return None
    path = (page.parent / path_part).resolve()
    if bang:            # an image: the path must work on a repository browser
        if path.is_file():
            return None
        return f"image {target}: no such file (the path is relative to {rel(page)})"
    if not path.exists():
        return f"link to {target}: no such file"
    if path not in page_files:
        return (f"link to {target}: not a page of the book, so the link breaks in the HTML "
                f"book; name the file in `backticks` or link a chapter")
    if fragment and fragment not in labels[path]:
        return f"link to {target}: {rel(path)} has no anchor {fragment}"
    return None


def check():
    """[problem] for each broken link, anchor or raw piece of Doxygen syntax."""
    pages = book_pages()
    page_files = {p.resolve() for p in pages}
    labels = {p.resolve(): labels_of(p) for p in pages}
    names = set().union(*labels.values()) | {page_id(p) for p in pages} | declared_symbols()
    names |= {"index", "mainpage"}
    problems = []
    for page in pages:
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, raw in prose:
            where = f"{rel(page)}:{number}"
            line = without_inline_code(raw)
            tag = raw_doxygen(raw)
            if tag:
                problems.append(f"{where}: {tag} shows as raw text on a repository browser; "
                                f"write a markdown link ([lesson 02](../02-minimal-kernel/"
                                f"README.md), [the UEFI path](README.md#the-uefi-path)): "
                                f"tools/make_docs.sh makes it a Doxygen reference")
            for match in HASH_LINK.finditer(re.sub(r"\{#[^}]*\}|\]\([^)]*\)", "", line)):
                if match.group(1) not in names:
                    problems.append(f"{where}: Doxygen reads #{match.group(1)} as a link and "
                                    f"finds no target; write \\#{match.group(1)} or "
                                    f"`#{match.group(1)}`")
            for match in MD_LINK.finditer(line):
                problem = link_problem(page, match.group(1), match.group(3), page_files, labels)
                if problem:
                    problems.append(f"{where}: {problem}")
    return problems
