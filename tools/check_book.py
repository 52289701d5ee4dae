#!/usr/bin/env python3
"""Checks that keep the book true to the code.

usage: python3 tools/check_book.py CHECK [HTML_DIR]

CHECK is one of:

api
    Every function declared in a lesson's own headers (lessons/NN-name/*.h,
    static inline ones included) is mentioned in that lesson's chapter
    (lessons/NN-name/README.md) as ``name()``, outside fenced code blocks.
    The plain ``name()`` rule is deliberate: Doxygen turns such a mention into
    a link to the function's documentation, so every function a lesson adds
    gets at least one sentence in the text and one way into the API
    reference. A lesson without a chapter yet is skipped with a "note:" line.

code
    No page carries a pasted copy of source code: no line of a fenced code
    block is also a line of a C, header, assembly or linker script file of the
    repository (whitespace normalised; lines with fewer than two words or no
    letters or digits, such as ``}``, are ignored). Code is shown in a block
    tagged ``<!-- snippet: FILE [NAME] -->``, which tools/snippets.py writes
    from the source and checks (``make snippets``), so it stays true when the
    code changes; such blocks are left to that check. Shell commands and
    program output are fine, since they are not lines of the sources.

links
    Everything a page points at exists: each ``@snippet FILE NAME`` has its
    two ``[NAME]`` markers in FILE (as Doxygen requires), each ``@include``
    and ``@dotfile`` file exists (and each figure is valid Graphviz), each
    ``@image`` exists, each ``@ref``/``@subpage`` names a page, section,
    anchor, header or declared symbol, and each relative markdown link
    ``[text](path)`` leads to a page of the book (and its ``#anchor`` exists).
    A ``#word`` in the text is a link for Doxygen too, so it must name
    something as well (write ``\#PF`` for the text "#PF").
    No page shows Doxygen syntax on a repository browser: no ``@ref``,
    ``\ref``, ``@subpage``, ``@snippet``, ``@image`` or other command and no
    ``{#label}`` outside code. Pages link with markdown links, to a heading by
    the anchor a repository browser gives it (``README.md#the-uefi-path``);
    tools/make_docs.sh turns them into Doxygen references in its copies,
    with the page ids of ``page-id`` below.

glossary
    Every term the chapters (lessons/*/README.md), the preface and the
    primer set in **bold** where they introduce it, and every abbreviation
    they use (a word of two or more capitals and digits, such as MSR, CR3 or
    IRQs), has an entry in book/glossary.md. An entry is a paragraph that
    opens with ``**Term.**`` (or ``<b>Term.</b>``); a title such as
    ``**IRQ, interrupt request.**`` or ``**CR0, CR2, CR3, CR4.**`` names each
    of its comma-separated parts, and a part's words in parentheses are
    left out (``**Port (I/O).**`` is "Port"). Matching ignores case, a
    plural "s", and a number at the end of an abbreviation (IST1 is IST).
    Bold that is no term is left out: a run-in heading ending in ``.``,
    ``:`` or ``?`` (``**Binary numbers.**``) and a lab's title. Capitals
    that are no abbreviation (NULL, the lab markers) are listed in
    NOT_ABBREVIATIONS below, each with its reason.

tests
    A sentence that names a test keeps the test: each file of a lesson's
    tests/ folder that a page names in backticks (``tests/ist_overflow.c``,
    ``firmware_uefi.test``, a path from the root) exists, in the chapter's
    own lesson for a chapter, and each name in backticks right after the word
    "test" or "tests" (the test ``lock_stress``) is the name of such a file
    or of a KTEST(). A chapter names the test behind each claim about
    behaviour (the screen under UEFI, the guard pages, the report path, the
    lock and IF), so renaming or removing that test fails this check until
    the sentence is looked at again.

page-id PAGE
    Prints the Doxygen id of PAGE, made from its path (see page_id()).

html HTML_DIR
    The built book (``make docs``) is whole: every local link, image and
    frame in the generated HTML resolves, and every figure of a page (a line
    ``![caption](../../book/figures/NAME.svg)``) is an image of that page.

The pages are book/*.md and lessons/*/README.md. Each problem is printed as
``file:line: what is wrong``; the exit status is 0 when there is none.
"""

import fnmatch
import html.parser
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book_files import ROOT, book_pages, rel  # noqa: E402  (beside this file)
SOURCE_SUFFIXES = {".c", ".h", ".asm", ".inc", ".S", ".s", ".ld"}
SKIP_DIRS = {"build", ".git"}


# ---------------------------------------------------------------------------
# The pages and their text

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
BLOCK_START = re.compile(r"^\s*[@\\](code|verbatim|dot|msc|startuml)\b")
BLOCK_END = {"code": "endcode", "verbatim": "endverbatim", "dot": "enddot",
             "msc": "endmsc", "startuml": "enduml"}


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
    fence = None        # the opening fence string of the current ``` block
    command = None      # the end command of the current @code-like block
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        if fence is not None:
            match = FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip()[len(match.group(1)):].strip():
                fence = None
            else:
                current[1].append((number, line))
            continue
        if command is not None:
            if re.search(r"[@\\]" + command + r"\b", line):
                command = None
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group(1)
            current = (number, [], previous.strip())
            blocks.append(current)
            continue
        match = BLOCK_START.match(line)
        if match:
            command = BLOCK_END[match.group(1)]
            continue
        prose.append((number, line))
        previous = line
    return prose, blocks


def without_inline_code(line):
    """A prose line with its `code spans` blanked out (commands in them are text)."""
    return re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)


# ---------------------------------------------------------------------------
# C declarations

def strip_c(text):
    """C text without comments, string literals and preprocessor lines; the
    line structure is kept so that offsets still give line numbers."""
    def blank(match):
        return re.sub(r"[^\n]", " ", match.group(0))
    text = re.sub(r"/\*.*?\*/|//[^\n]*|\"(\\.|[^\"\\\n])*\"|'(\\.|[^'\\\n])*'",
                  blank, text, flags=re.S)
    # Preprocessor lines, with their backslash continuations.
    return re.sub(r"(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", blank, text)


def remove_attributes(statement):
    """Drop __attribute__((...)) groups, which look like calls."""
    while True:
        start = statement.find("__attribute__")
        if start < 0:
            return statement
        depth, i = 0, statement.find("(", start)
        if i < 0:
            return statement[:start]
        for j in range(i, len(statement)):
            depth += {"(": 1, ")": -1}.get(statement[j], 0)
            if depth == 0:
                break
        statement = statement[:start] + " " + statement[j + 1:]


NOT_FUNCTIONS = {"sizeof", "_Static_assert", "static_assert", "__attribute__", "asm",
                 "__asm__", "_Alignas", "alignas", "typeof", "__typeof__"}


def function_name(statement):
    """The function a file-scope declaration or definition head declares, or None."""
    statement = " ".join(remove_attributes(statement).split())
    if statement.startswith("typedef"):
        return None
    match = re.match(r"^(.*?)\b([A-Za-z_]\w*)\s*\(", statement)
    if not match:
        return None
    prefix, name = match.group(1), match.group(2)
    if name in NOT_FUNCTIONS or not re.search(r"[A-Za-z_]", prefix):
        return None     # a macro call, an assertion, a function pointer
    if "=" in prefix:
        return None     # an initialised variable
    return name


def declared_functions(path):
    """[(line, name)] for every function a header declares or defines."""
    text = strip_c(Path(path).read_text(errors="replace"))
    found = []
    depth = parens = 0
    start = 0           # offset where the current statement began
    for i, ch in enumerate(text):
        if depth > 0:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    start = i + 1
            continue
        if ch == "(":
            parens += 1
        elif ch == ")":
            parens -= 1
        elif parens == 0 and ch in ";{":
            statement = text[start:i]
            name = function_name(statement)
            if name:
                offset = start + re.search(r"\b" + name + r"\s*\(", text[start:i]).start()
                found.append((text.count("\n", 0, offset) + 1, name))
            start = i + 1
            if ch == "{":
                depth = 1
    return found


def declared_symbols():
    """Names a @ref may point at besides pages: headers and what they declare."""
    names = set()
    headers = list((ROOT / "common").rglob("*.h")) + list((ROOT / "lessons").glob("*/*.h"))
    for header in headers:
        names.add(header.name)
        text = strip_c(header.read_text(errors="replace"))
        names.update(name for _, name in declared_functions(header))
        names.update(re.findall(r"\b(?:struct|union|enum)\s+([A-Za-z_]\w*)", text))
        names.update(re.findall(r"\b([A-Za-z_]\w*)\s*;", text))          # typedefs, variables
        names.update(re.findall(r"\b([A-Z_][A-Z0-9_]*)\b", text))        # enumerators
        raw = header.read_text(errors="replace")
        names.update(re.findall(r"(?m)^\s*#\s*define\s+([A-Za-z_]\w*)", raw))
    return names


# ---------------------------------------------------------------------------
# api: every public function of a lesson is mentioned in its chapter

def check_api():
    problems = 0
    for lesson in sorted(p for p in (ROOT / "lessons").iterdir() if p.is_dir()):
        headers = sorted(lesson.glob("*.h"))
        functions = [(h, line, name) for h in headers for line, name in declared_functions(h)]
        chapter = lesson / "README.md"
        if not chapter.exists():
            print(f"note: {rel(chapter)} does not exist yet: its {len(functions)} "
                  f"public functions are not checked")
            continue
        prose, _ = split_blocks(chapter.read_text(errors="replace"))
        text = "\n".join(line for _, line in prose)
        for header, line, name in functions:
            if not re.search(r"(?<![\w.>])" + re.escape(name) + r"\(\)", text):
                print(f"{rel(header)}:{line}: {name}() is public but {rel(chapter)} "
                      f"never mentions {name}()")
                problems += 1
    return problems


# ---------------------------------------------------------------------------
# code: no pasted source in fenced blocks

SNIPPET_TAG = re.compile(r"^<!--\s*snippet:\s*\S+\s+\[[^\]]+\]\s*-->$")


def normalise(line):
    return " ".join(line.split())


def trivial(line):
    return len(line.split()) < 2 or not re.search(r"[A-Za-z0-9]", line)


def source_lines():
    """{normalised line: (file, line number)} over the repository's sources."""
    lines = {}
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP_DIRS or path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            key = normalise(line)
            if not trivial(key):
                lines.setdefault(key, (rel(path), number))
    return lines


def check_code():
    sources = source_lines()
    problems = 0
    for page in book_pages():
        _, blocks = split_blocks(page.read_text(errors="replace"))
        for _, block, tag in blocks:
            if SNIPPET_TAG.match(tag):
                continue        # tools/snippets.py checks it against its source
            for number, line in block:
                key = normalise(line)
                if not trivial(key) and key in sources:
                    where, at = sources[key]
                    print(f"{rel(page)}:{number}: a copy of {where}:{at} in a code block; "
                          f"show source in a block tagged <!-- snippet: FILE [NAME] --> "
                          f"instead (see tools/snippets.py): {key}")
                    problems += 1
    return problems


# ---------------------------------------------------------------------------
# Page ids and heading anchors: the pages carry no Doxygen syntax

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


HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


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


# ---------------------------------------------------------------------------
# links: snippets, includes, figures, images, refs and markdown links

COMMAND = re.compile(r"[@\\](snippet|snippetlineno|snippetdoc|include|includelineno|includedoc|"
                     r"dontinclude|verbinclude|htmlinclude|dotfile|image|ref|subpage)\b"
                     r"(\{[^}]*\})?[ \t]*(.*)")
HASH_LINK = re.compile(r"(?<![\w\\&#])#([A-Za-z_]\w*)")
MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def labels_of(page):
    """The anchors a link may name in a page: its headings' anchors, as a
    repository browser makes them (see headings())."""
    return {slug for _, _, _, slug in headings(page.read_text(errors="replace"))}


# Doxygen's own syntax, which a repository browser shows as it is: a command
# (@ref, \ref, @subpage, @snippet, @image, ...) or a {#label} on a heading.
RAW_DOXYGEN = re.compile(r"(?<![\w`])[@\\](ref|subpage|snippet\w*|include\w*|dontinclude|"
                         r"verbinclude|htmlinclude|dotfile|image|anchor|page|section|"
                         r"subsection|subsubsection|mainpage|brief|see|note)\b|\{#[A-Za-z0-9_-]*\}")


def raw_doxygen(line):
    """The first piece of Doxygen syntax in a prose line (code spans and
    HTML comments left out), or None."""
    line = re.sub(r"<!--.*?-->", "", without_inline_code(line))
    match = RAW_DOXYGEN.search(line)
    return match.group(0) if match else None


def first_word(text):
    """The first argument of a command: a word, or a "quoted string"."""
    text = text.strip()
    if text.startswith('"'):
        end = text.find('"', 1)
        return text[1:end] if end > 0 else text[1:]
    return text.split()[0] if text.split() else ""


def check_snippet(page, number, argument):
    parts = argument.split(None, 1)
    if len(parts) < 2:
        return [f"@snippet needs a file and a block name: {argument}"]
    name, block = parts[0], parts[1].strip()
    path = ROOT / name
    if not path.is_file():
        return [f"@snippet {name}: no such file (paths start at the repository root)"]
    count = path.read_text(errors="replace").count(f"[{block}]")
    if count != 2:
        return [f"@snippet {name} {block}: the marker [{block}] appears {count} times in "
                f"{name}; Doxygen needs it exactly twice (start and end)"]
    return []


def dot_problem(path):
    """Why Graphviz cannot render a figure, or None."""
    if shutil.which("dot") is None:
        return None     # doxygen.sh renders every figure anyway
    result = subprocess.run(["dot", "-Tsvg", "-o", "/dev/null", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.stdout.strip() or f"dot exited with {result.returncode}" \
        if result.returncode else None


def check_links():
    pages = book_pages()
    page_files = {p.resolve() for p in pages}
    labels = {p.resolve(): labels_of(p) for p in pages}
    page_ids = {page_id(page) for page in pages} | {"index", "mainpage"}
    all_labels = set().union(*labels.values()) | page_ids
    symbols = declared_symbols()
    checked_figures = {}
    problems = []

    for page in pages:
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, raw in prose:
            line = without_inline_code(raw)
            tag = raw_doxygen(raw)
            if tag:
                problems.append(f"{rel(page)}:{number}: {tag} shows as raw text on a repository "
                                f"browser; write a markdown link ([lesson 02](../02-minimal-kernel/"
                                f"README.md), [the UEFI path](README.md#the-uefi-path)): "
                                f"tools/make_docs.sh makes it a Doxygen reference")
            for match in COMMAND.finditer(line):
                command, argument = match.group(1), match.group(3).strip()
                where = f"{rel(page)}:{number}"
                if command.startswith("snippet"):
                    problems += [f"{where}: {p}" for p in check_snippet(page, number, argument)]
                elif command in ("include", "includelineno", "includedoc", "dontinclude",
                                 "verbinclude", "htmlinclude"):
                    name = first_word(argument)
                    if not (ROOT / name).is_file():
                        problems.append(f"{where}: @{command} {name}: no such file")
                elif command == "dotfile":
                    name = first_word(argument)
                    path = ROOT / name
                    if not path.is_file():
                        problems.append(f"{where}: @dotfile {name}: no such figure")
                    else:
                        if path not in checked_figures:
                            checked_figures[path] = dot_problem(path)
                        if checked_figures[path]:
                            problems.append(f"{where}: @dotfile {name} does not render: "
                                            f"{checked_figures[path]}")
                elif command == "image":
                    words = argument.split()
                    name = first_word(" ".join(words[1:])) if len(words) > 1 else ""
                    if not name or not ((ROOT / "book/figures" / name).is_file()
                                        or (page.parent / name).is_file()):
                        problems.append(f"{where}: @image {argument}: no such image in "
                                        f"book/figures")
                else:           # ref, subpage
                    name = first_word(argument).rstrip(".,;:)")
                    if command == "subpage":
                        if name not in page_ids:
                            problems.append(f"{where}: @subpage {name}: no page has this id")
                    elif name not in all_labels and name.split("::")[0].removesuffix("()") \
                            not in symbols:
                        problems.append(f"{where}: @ref {name}: no page, section, anchor or "
                                        f"declared symbol has this name")
            for match in HASH_LINK.finditer(re.sub(r"\{#[^}]*\}|\]\([^)]*\)", "", line)):
                name = match.group(1)
                if name not in all_labels and name not in symbols:
                    problems.append(f"{rel(page)}:{number}: Doxygen reads #{name} as a link "
                                    f"and finds no target; write \\#{name} or `#{name}`")
            for match in MD_LINK.finditer(line):
                problem = markdown_link_problem(page, match.group(1), match.group(3),
                                                page_files, labels)
                if problem:
                    problems.append(f"{rel(page)}:{number}: {problem}")
    for problem in problems:
        print(problem)
    return len(problems)


def markdown_link_problem(page, bang, target, page_files, labels):
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


# ---------------------------------------------------------------------------
# tests: a test the text names still exists

# A test named in the text: a file of a lesson's tests/ folder (`usb.test`,
# `tests/ist_overflow.c`, `lessons/02-minimal-kernel/tests/usb.test`), or a
# name in backticks just after the word "test" or "tests" (the test
# `lock_stress`, the in-kernel tests `spinlock_turns_interrupts_off_while_held`
# and `...`).
TEST_FILE = re.compile(r"^(?:(?:lessons/[0-9]{2}-[a-z0-9-]+/)?tests/)?([a-z0-9_]+)\.(test|c)$")
AFTER_TEST = re.compile(r"\btests?\s+((?:`[a-z][a-z0-9_]*`(?:,\s*|\s+and\s+|\s+or\s+)?)+)")
KTEST_NAME = re.compile(r"\bKTEST(?:_[A-Z_]+)?\(\s*([a-z0-9_]+)")


def withheld(path):
    """Whether a student tree (written by make handout, which leaves a file
    .handout at the top) lacks PATH on purpose: it matches a pattern of
    tests/labs/instructor-only.txt, such as the NMI storm test."""
    listing = ROOT / "tests" / "labs" / "instructor-only.txt"
    if not (ROOT / ".handout").exists() or not listing.is_file():
        return False
    patterns = [line.strip() for line in listing.read_text(errors="replace").splitlines()
                if line.strip() and not line.startswith("#")]
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)


def test_names():
    """(files, names): every lessons/*/tests/ file, relative to the root, and
    every test's name: the stems of those files and each KTEST() in the C
    sources. In a student tree, the tests it lacks on purpose count too."""
    files = {str(p.relative_to(ROOT)) for p in (ROOT / "lessons").glob("*/tests/*")
             if p.suffix in (".c", ".test")}
    names = {Path(f).stem for f in files}
    for path in list((ROOT / "lessons").rglob("*.c")) + list((ROOT / "common").rglob("*.c")):
        names |= set(KTEST_NAME.findall(path.read_text(errors="replace")))
    return files, names


def check_tests():
    """A sentence that names a test fails the check when the test is renamed
    or removed: each tests/ file a page names exists (a chapter's
    ``tests/NAME.c`` and ``NAME.test`` in its own lesson; another page's in
    some lesson), and each name after "test" is a test or a KTEST."""
    files, names = test_names()
    problems = []
    for page in book_pages():
        lesson = page.parent if page.parent.parent == ROOT / "lessons" else None
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, line in prose:
            where = f"{rel(page)}:{number}"
            for span in re.findall(r"`([^`]+)`", line):
                match = TEST_FILE.match(span)
                if not match or not (span.startswith(("lessons/", "tests/"))
                                     or span.endswith(".test")):
                    continue
                if span.startswith("lessons/"):
                    found = span in files or withheld(span)
                elif lesson is not None and (lesson / "tests").is_dir():
                    path = str((lesson / "tests" / Path(span).name).relative_to(ROOT))
                    found = path in files or withheld(path)
                else:
                    found = any(f.endswith("/tests/" + Path(span).name) for f in files) \
                        or withheld("lessons/*/tests/" + Path(span).name)
                if not found:
                    problems.append(f"{where}: the text names the test `{span}`, which does not "
                                    f"exist{' in ' + rel(lesson) if lesson and not span.startswith('lessons/') else ''}: it was "
                                    f"renamed or removed, so say what now proves this sentence")

        # Names after "test" may run on to the next line: search the prose whole.
        text = "\n".join(line for _, line in prose)
        for match in AFTER_TEST.finditer(text):
            number = prose[text.count("\n", 0, match.start())][0]
            for name in re.findall(r"`([^`]+)`", match.group(1)):
                if name not in names and not withheld(f"lessons/*/tests/{name}.c"):
                    problems.append(f"{rel(page)}:{number}: the text names the test `{name}`, "
                                    f"but no tests/ file or KTEST() has this name")
    for problem in problems:
        print(problem)
    return len(problems)


# ---------------------------------------------------------------------------
# glossary: every bold term and abbreviation has an entry

# Words in capitals that the glossary need not explain, and why.
NOT_ABBREVIATIONS = {
    "NULL": "C's null pointer constant, not an abbreviation",
    "KTEST": "a macro of lesson 04, explained there and in its header",
    "KTESTs": "the same macro, in the plural",
    "BEGIN": "a lab marker word (LAB 3.1 BEGIN)",
    "STUB": "a lab marker word",
    "END": "a lab marker word",
    "NULLs": "NULL in the plural",
    "AT": "the first half of AT&T, the company (AT&T syntax has its entry)",
}
GLOSSARY_PAGES = ["book/preface.md", "book/primer.md"]     # besides the chapters
ENTRY = re.compile(r"^(?:\*\*(.+?)\.\*\*|<b>(.+?)\.</b>)", re.M)
ABBREVIATION = re.compile(r"(?<![\w./+-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?)(?![\w/+-]|\.\w)")


def term_key(term):
    """A term as the glossary check compares it."""
    term = re.sub(r"\([^)]*\)", "", term.replace("\\", ""))
    term = " ".join(term.lower().replace("-", " ").split())
    return term[:-1] if term.endswith("s") and len(term) > 3 else term


def glossary_terms():
    """The keys of every entry of book/glossary.md."""
    keys = set()
    for match in ENTRY.finditer((ROOT / "book/glossary.md").read_text(errors="replace")):
        title = match.group(1) or match.group(2)
        for part in re.sub(r"\([^)]*\)", "", title).split(","):
            if part.strip():
                keys.add(term_key(part))
    return keys


def check_glossary():
    known = glossary_terms()
    pages = sorted((ROOT / "lessons").glob("*/README.md"))
    pages += [ROOT / name for name in GLOSSARY_PAGES if (ROOT / name).is_file()]
    missing = {}        # key: (term as written, where first used)
    for page in pages:
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, raw in prose:
            if raw.lstrip().startswith("<!--"):
                continue
            line = without_inline_code(raw)
            for match in re.finditer(r"\*\*([^*]+?)\*\*|<b>(.+?)</b>", line):
                term = (match.group(1) or match.group(2)).strip()
                if term.endswith((".", ":", "?")) or term.startswith("Lab ") \
                        or re.match(r"^(Previous|Next|Contents|Start reading)\b", term):
                    continue
                # CR4.PAE: the PAE bit of CR4; each part needs its entry.
                for part in term.split(".") if re.match(r"^\w+(\.\w+)+$", term) else [term]:
                    if term_key(part) not in known:
                        missing.setdefault(term_key(part), (part, f"{rel(page)}:{number}"))
            text = re.sub(r"\]\([^)]*\)|<[^>]*>|[@\\](ref|subpage)\s+\S+|\{#[^}]*\}", " ",
                          line)
            for match in ABBREVIATION.finditer(text):
                word = match.group(1)
                if word in NOT_ABBREVIATIONS:
                    continue
                forms = {term_key(word), term_key(re.sub(r"[0-9]+$", "", word)),
                         term_key(word.rstrip("s"))}
                if not forms & known:
                    missing.setdefault(term_key(word), (word, f"{rel(page)}:{number}"))
    for key, (term, where) in sorted(missing.items(), key=lambda item: item[1][1]):
        print(f"{where}: {term} has no entry in book/glossary.md (add **{term}.** and "
              f"what it means)")
    return len(missing)


# ---------------------------------------------------------------------------
# html: the built book's links and figures

# A figure: a line that is only a markdown image of book/figures.
FIGURE_LINE = re.compile(r"^!\[[^\]]*\]\((?:[^()\s]*/)?book/figures/(?:screens/)?([^/()\s]+)\)$")


class LinkCollector(html.parser.HTMLParser):
    """Collects local link targets and anchor names of one HTML file."""

    def __init__(self):
        super().__init__()
        self.targets = []       # (line, attribute value)
        self.anchors = set()
        self.dotgraphs = 0
        self.images = []        # src of every <img>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.anchors.add(attrs[key])
        if tag == "div" and "dotgraph" in (attrs.get("class") or "").split():
            self.dotgraphs += 1
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "object" and attrs.get("data"):      # should make_docs.sh miss one
            self.images.append(attrs["data"])
        for key in ("href", "src", "data"):
            value = attrs.get(key)
            if value and not re.match(r"^([a-z][a-z0-9+.-]*:|#$)", value):
                self.targets.append((self.getpos()[0], value))


def parse_html(path, cache):
    if path not in cache:
        collector = LinkCollector()
        collector.feed(path.read_text(errors="replace"))
        cache[path] = collector
    return cache[path]


def check_html(html_dir):
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").is_file():
        print(f"{html_dir}/index.html: missing; build the book first (make docs)")
        return 1
    cache, problems = {}, []
    for path in sorted(html_dir.glob("*.html")):
        collector = parse_html(path, cache)
        for line, target in collector.targets:
            file_part, _, fragment = target.partition("#")
            file_part = file_part.split("?")[0]
            destination = (path.parent / file_part) if file_part else path
            if not destination.is_file():
                problems.append(f"{rel(path)}:{line}: {target}: no such file")
            elif fragment and destination.suffix == ".html" \
                    and fragment not in parse_html(destination, cache).anchors:
                problems.append(f"{rel(path)}:{line}: {target}: no anchor {fragment}")
    # Every figure of a page was rendered into that page.
    for page in book_pages():
        text = page.read_text(errors="replace")
        pid = page_id(page)
        prose, _ = split_blocks(text)
        figures = sum(1 for _, line in prose
                      if re.search(r"[@\\]dotfile\b", without_inline_code(line)))
        drawn = [FIGURE_LINE.match(line.strip()) for _, line in prose]
        drawn = [(number, match.group(1)) for (number, _), match in zip(prose, drawn) if match]
        name = "index" if pid == "mainpage" else pid
        out = html_dir / f"{name}.html"
        if not out.is_file():
            problems.append(f"{rel(page)}:1: the book has no page {out.name}")
            continue
        rendered = parse_html(out, cache)
        for number, name in drawn:
            if name not in rendered.images:
                problems.append(f"{rel(page)}:{number}: the figure {name} is not an image "
                                f"of {out.name}")
        if rendered.dotgraphs != figures:
            problems.append(f"{rel(page)}:1: {figures} @dotfile figures, but {out.name} "
                            f"shows {rendered.dotgraphs}")
        for line, target in rendered.targets:
            if target.endswith(".svg"):
                svg = out.parent / target.split("#")[0]
                if svg.is_file() and "<svg" not in svg.read_text(errors="replace"):
                    problems.append(f"{rel(out)}:{line}: {target} is not an SVG image")
    for problem in problems:
        print(problem)
    return len(problems)


# ---------------------------------------------------------------------------

def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quietly stop when piped into head
    checks = {"api": check_api, "code": check_code, "links": check_links,
              "glossary": check_glossary, "tests": check_tests}
    if len(argv) == 2 and argv[1] in checks:
        problems = checks[argv[1]]()
    elif len(argv) == 3 and argv[1] == "page-id":
        print(page_id(argv[2]))
        return 0
    elif len(argv) == 3 and argv[1] == "html":
        problems = check_html(argv[2])
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if problems:
        print(f"{problems} problem{'s' if problems != 1 else ''} found")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
