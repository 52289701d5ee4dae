"""The book tools' command line: ``python3 tools/book COMMAND ...``.

usage: python3 tools/book api|code|links|glossary|tests   a check of the pages
       python3 tools/book html HTML_DIR                   the built book is whole
       python3 tools/book page-id PAGE... | doxygen PAGE  a page as Doxygen sees it
       python3 tools/book doxygen-copies FOLDER PAGE...   (tools/make_docs.sh)
       python3 tools/book snippets [--check | --check-outputs [--gdb|--no-gdb]] [PAGE...]
       python3 tools/book changes LESSON                  (make lesson N changes)
       python3 tools/book pdf DOCS OUT.pdf                (make book-pdf)
       python3 tools/book phone HTML_DIR SHOTS_DIR        the book at phone width

Each problem is printed as ``file:line: what is wrong``; exit status 1 if
there is one, 2 for a wrong command line. What each command does: the map
in __init__.py and the opening comment of its module.
"""

import os
import signal
import sys
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ in tools/
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # tools/
from book import api, built, changes, doxygen, glossary, links, named_tests  # noqa: E402
from book import pasted, pdf, phone, stale  # noqa: E402
from book.outputs import Outputs  # noqa: E402
from book.pages import book_pages, lesson_of, page_id, rel, report  # noqa: E402
from book.snippets import rewrite  # noqa: E402

CHECKS = {"api": api.check, "code": pasted.check, "links": links.check,
          "glossary": glossary.check, "tests": named_tests.check}
FLAGS = ("--check", "--check-outputs", "--gdb", "--no-gdb")


def snippets(args):
    """``make snippets`` (write the boxes, snippets and outputs), or with
    --check / --check-outputs only say what differs."""
    flags = {a for a in args if a in FLAGS}
    args = [a for a in args if a not in FLAGS]
    if any(a.startswith("-") for a in args):
        return None
    pages = [Path(a).resolve() for a in args] or book_pages()
    problems = [f"{page}: no such page" for page in pages if not page.is_file()]
    pages = [page for page in pages if page.is_file()]
    if "--check-outputs" in flags:
        kind = "gdb" if "--gdb" in flags else "no-gdb" if "--no-gdb" in flags else None
        outputs = Outputs("check", kind)
        outputs.run_ahead(pages)
        for page in pages:
            problems += rewrite(page, None, outputs)[1]
            if kind != "gdb":
                problems += stale.gdb_problems(page) + stale.untagged_problems(page)
        return report(problems)
    if "--check" in flags:
        for page in pages:
            problems += rewrite(page, "check", None)[1] + doxygen.span_problems(page)
            problems += changes.rewrite_box(page, page.read_text(errors="replace"), True)[1]
        return report(problems)
    outputs = Outputs("write")
    changed = []
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


def lesson_changes(lesson):
    """What a lesson (folder name or number) changes in the one it builds on."""
    name = lesson_of(lesson) if lesson.isdigit() else lesson
    if name is None:
        print(f"error: there is no lesson {lesson}", file=sys.stderr)
        return 1
    try:
        print(changes.report(name))
    except (OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def book_pdf(args):
    """``make book-pdf``: print the built book to a PDF, then check it."""
    if len(args) != 2:
        return None
    docs, out = args
    if pdf.chromium() is None:
        print("error: chromium is not installed (make book-pdf installs it as root)",
              file=sys.stderr)
        return 1
    problem = pdf.make_pdf(docs, out)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    status = report(pdf.check(out, docs))
    if status == 0:
        print(f"The book as a PDF: {rel(out)}")
    return status


def main(args):
    """Dispatch; None for a command line that fits no command."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quietly stop when piped into head
    command, rest = (args[0], args[1:]) if args else ("", [])
    if command in CHECKS and not rest:
        return report(CHECKS[command]())
    if command == "html" and len(rest) == 1:
        return report(built.check(rest[0]))
    if command == "page-id" and rest:
        print("\n".join(page_id(page) for page in rest))
        return 0
    if command == "doxygen" and len(rest) == 1:
        sys.stdout.write(doxygen.copy(Path(rest[0])))
        return 0
    if command == "doxygen-copies" and len(rest) >= 2:
        doxygen.write_copies(rest[0], rest[1:])
        return 0
    if command == "snippets":
        return snippets(rest)
    if command == "changes" and len(rest) == 1:
        return lesson_changes(rest[0])
    if command == "pdf":
        return book_pdf(rest)
    if command == "phone" and len(rest) == 2:
        if pdf.chromium() is None:
            print("error: chromium is not installed", file=sys.stderr)
            return 1
        return report(phone.check(pdf.chromium(), *rest))
    return None


if __name__ == "__main__":
    status = main(sys.argv[1:])
    if status is None:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        status = 2
    sys.exit(status)
