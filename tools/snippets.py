#!/usr/bin/env python3
"""Keeps the code and the sample outputs shown in the book true.

usage: python3 tools/snippets.py [--check | --check-outputs [--gdb|--no-gdb] | --no-outputs]
                                 [--only TEXT] [PAGE...]
       python3 tools/snippets.py --doxygen PAGE

Without options (``make snippets``) every chapter's "Files of this lesson"
box is written from the build lists (tools/book/changes.py), every block tagged
``<!-- snippet: FILE [NAME] -->`` is written again from its source
(tools/book/snippets.py) and every block tagged ``<!-- output: COMMAND -->``
by running its command (tools/book/outputs.py); --no-outputs leaves the
outputs alone, which is quick; --only TEXT runs only the commands that
contain TEXT.

--check (tests/book/snippets.sh) writes nothing: each snippet block that
differs from its source, each tag whose region is missing, each box of
files that differs from the build lists and each code span Doxygen would
show wrongly is printed as ``page:line: what is wrong``.
--check-outputs (tests/book/outputs.sh, with --gdb gdb_outputs.sh) checks the
output blocks, GDB's source lines and untagged pasted outputs
(tools/book/stale.py), and nothing else. The exit status is 1 if there is a
problem.

--doxygen (tools/make_docs.sh) prints PAGE as Doxygen must read it
(tools/book/doxygen.py).

PAGE defaults to every page of the book: book/*.md and lessons/*/README.md.
"""

import sys
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book import changes, doxygen, stale  # noqa: E402
from book.outputs import Outputs  # noqa: E402
from book.pages import book_pages, rel, report  # noqa: E402
from book.snippets import rewrite  # noqa: E402

FLAGS = ("--check", "--check-outputs", "--no-outputs", "--gdb", "--no-gdb")


def main(argv):
    args = argv[1:]
    if len(args) == 2 and args[0] == "--doxygen":
        sys.stdout.write(doxygen.copy(Path(args[1])))
        return 0
    flags = {a for a in args if a in FLAGS}
    args = [a for a in args if a not in FLAGS]
    only = None
    if args[:1] == ["--only"] and len(args) >= 2:
        only, args = args[1], args[2:]
    if any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    pages = [Path(a).resolve() for a in args] or book_pages()
    missing = [f"{page}: no such page" for page in pages if not page.is_file()]
    pages = [page for page in pages if page.is_file()]
    if "--check-outputs" in flags:
        kind = "gdb" if "--gdb" in flags else "no-gdb" if "--no-gdb" in flags else None
        outputs = Outputs("check", kind)
        outputs.run_ahead(pages)
        problems = missing
        for page in pages:
            problems += rewrite(page, None, outputs)[1]
            if kind != "gdb":
                problems += stale.gdb_problems(page) + stale.untagged_problems(page)
        return report(problems)
    if "--check" in flags:
        problems = missing
        for page in pages:
            problems += rewrite(page, "check", None)[1] + doxygen.span_problems(page)
            problems += changes.rewrite_box(page, page.read_text(errors="replace"), True)[1]
        return report(problems)
    outputs = None if "--no-outputs" in flags else Outputs("write", only=only)
    problems, changed = missing, []
    for page in pages:
        text, found = rewrite(page, "write", outputs)
        text, more = changes.rewrite_box(page, text, False)
        problems += found + more
        if text != page.read_text(errors="replace"):
            page.write_text(text)
            changed.append(rel(page))
    print(f"make snippets: {len(changed)} page{'s' if len(changed) != 1 else ''} rewritten"
          + (f" ({', '.join(changed)})" if changed else ""))
    return report(problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
