#!/usr/bin/env python3
"""Keeps the code shown in the book identical to the sources.

usage: python3 tools/snippets.py [--check | --check-outputs | --no-outputs] [PAGE...]
       python3 tools/snippets.py --only TEXT [PAGE...]
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

Sample outputs work the same way: a block after
``<!-- output: COMMAND -->`` shows ``$ COMMAND`` and what it printed. Without
--check they are rewritten too, by running the commands (--no-outputs
leaves them alone, which is quick; --only TEXT runs only the commands that
contain TEXT); --check-outputs (tests/book/outputs.sh)
checks them, and the source lines of GDB sessions (see gdb_problems()), and
nothing else. What is compared, what is normalised, and
why a test summary is not run again: see OUTPUTS below.

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

--doxygen also gives every heading a Doxygen label, which the page itself
must not carry (a repository browser would show it): the page's id on its
title and ID_SLUG on each other heading, where ID is the page's id and SLUG
the anchor a repository browser makes of the heading (check_book.py
page_id() and headings()); tools/make_docs.sh turns a markdown link to
``README.md#SLUG`` into ``@ref`` to that label.

--doxygen also turns a figure, a line that is only a markdown image of
book/figures (``![Caption](../../book/figures/NAME.svg)``, the path relative
to the page so that a repository browser finds it), into
``@image html NAME.svg "Caption"``: Doxygen leaves a markdown image's path as
it is, which breaks in the HTML, but finds an @image in IMAGE_PATH
(book/figures), copies it beside the pages and shows the caption.
"""

import difflib
import os
from concurrent.futures import ThreadPoolExecutor
import re
import shlex
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ in tools/
from book_files import ROOT, book_pages, rel  # noqa: E402  (beside this file)

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


def process(page, check, outputs=None):
    """Rewrite (or check) one page; returns (new text, [problems]).

    outputs: None leaves the output blocks alone, "write" runs their
    commands and rewrites them, "check" checks them (see OUTPUTS below) and
    nothing else.
    """
    lines = page.read_text(errors="replace").splitlines()
    out, problems = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        where = f"{rel(page)}:{i + 1}"
        match = FENCE.match(line)
        if match:
            end = closing(lines, i, match.group(2))
            if end is None:
                problems.append(f"{where}: this code fence is never closed")
                out += lines[i:]
                break
            out += lines[i:end + 1]
            i = end + 1
            continue
        tag = TAG.match(line.strip())
        output = OUTPUT_TAG.match(line.strip())
        if tag or output:
            indent = line[:len(line) - len(line.lstrip())]
            start = i + 1
            fence = FENCE.match(lines[start]) if start < len(lines) else None
            if not fence:
                problems.append(f"{where}: a tag must be followed at once by a "
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
            if output:
                if outputs is None or (outputs == "check" and not wanted(output)):
                    out += lines[i:end + 1]
                else:
                    new, found = output_block(where, output, old, indent, outputs == "check")
                    problems += found
                    out += new
                i = end + 1
                continue
            if outputs == "check":      # only the outputs are checked
                out += lines[i:end + 1]
                i = end + 1
                continue
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
        if command and outputs != "check":
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


# ---------------------------------------------------------------------------
# OUTPUTS: sample outputs of commands, produced by running them
#
# A block after <!-- output: COMMAND --> shows "$ COMMAND" and what COMMAND
# printed (stdout and stderr), run with sh in the repository root. Options in
# brackets, <!-- output[addresses]: COMMAND -->, name what may differ:
#
#   addresses  hexadecimal numbers (link addresses move with the compiler,
#              and short ones too: alignments, QEMU's error codes)
#   indices    that, and ranges of page-table indices ("L1[256-259]"), which
#              move with the addresses
#   gdb        a GDB transcript (tests/debug/gdb_session.py): the addresses,
#              and what else moves with the compiler: offsets into symbols
#              (<kernel_main+70>), numbers among a frame's arguments (how deep
#              a recursion got depends on the frame size) and whether the
#              compiler kept an argument's value (<optimized out>), GDB's "@entry"
#              values, and the status flags (CF PF AF ZF SF OF) that the
#              compiler's last arithmetic left in a saved RFLAGS, the
#              numbers of frames in a backtrace (bt -3 of a recursion), the
#              sizes of ptdump's ranges, and the spaces that pad columns; and from
#              one run to the next, the PICs' IRR (the IRQs raised and not yet
#              taken at the instant GDB asked); and between QEMU and GRUB
#              versions, the resume flag in a fault's saved RFLAGS and the size
#              of GRUB's name tag
#
# Always normalised, on both sides of a comparison and nothing else: times
# ("(0.6 s)"), the versions of GRUB, QEMU, SeaBIOS and gcc, the group name
# that newer cmocka prints in its banners, and the path of the repository. A block is rewritten only when it differs after normalising,
# so make snippets does not churn on a different timing.
#
# A test summary (COMMAND is "make lesson N test") boots QEMU dozens of
# times. make snippets runs it; the check does not, because make test runs
# exactly these tests anyway and running them twice would double its time on
# two cores. The check verifies instead what goes stale: the block's boot
# tests are the lesson's tests (run_tests.py --list), each in-kernel test it
# names is still named in the sources, every line is a PASS, and the total
# line counts the lines.

OUTPUT_TAG = re.compile(r"^<!--\s*output(?:\[([a-z, ]*)\])?:\s*(.+?)\s*-->$")
OPTIONS = {"addresses", "indices", "gdb"}
INDICES = re.compile(r"\[[0-9]+-[0-9]+\]")
TEST_SUMMARY = re.compile(r"^make lesson ([0-9]+) test$")
COMMAND_TIMEOUT = 600   # seconds for one command under make snippets
CHECK_TIMEOUT = 60      # seconds for one command under the check
TIMES = re.compile(r"\b[0-9]+(\.[0-9]+)? ?(s|ms|min)\b")
VERSIONS = [
    (re.compile(r"\b(GRUB|QEMU|SeaBIOS|gcc|clang|NASM)( version)? \(?[0-9][0-9.~+a-z-]*\)?", re.I),
     r"\1 VERSION"),
    (re.compile(r"/(gcc|gcc-cross)/x86_64-linux-gnu/[0-9]+/"), r"/\1/x86_64-linux-gnu/N/"),
    # cmocka 1.1.7 (Debian 13) names the group in its banner lines, 1.1.5 does not.
    (re.compile(r"^\[==========\] [A-Za-z0-9_]+: "), "[==========] "),
]
ADDRESSES = re.compile(r"\b(0x)?[0-9a-f]{4,16}\b")
GDB_MOVES = [
    (re.compile(r"<([\w.]+)\+[0-9]+>"), r"<\1+N>"),
    (re.compile(r"\b(\w+)=\1@entry="), r"\1="),
    (re.compile(r"([(,] ?\w+)=(0x[0-9a-f]+|[0-9]+\b|<optimized out>)"), r"\1=N"),
    (re.compile(r"^(RFLAGS +)0x[0-9a-f]+ (.*)$"), r"\1 \2"),
    (re.compile(r"(?<=[\[ ])(CF|PF|AF|ZF|SF|OF) "), ""),
    (re.compile(r"\bPDBR=[0-9]+"), "PDBR=N"),
    (re.compile(r"^#[0-9]+(?= )"), "#N"),
    (re.compile(r"(?<= )[0-9]+[KMG](?= -> )"), "N"),
    # QEMU 10 sets the resume flag in the RFLAGS a fault pushes, QEMU 7.2 not.
    (re.compile(r"(?<=[\[ ])RF "), ""),
    # GRUB's name is its version: its tag is as long as the version string.
    (re.compile(r"\bboot loader name +[0-9]+ +bytes"), "boot loader name N bytes"),
    (re.compile(r"\bIRR [-0-9, ]+?(?= +ISR\b)"), "IRR ?"),
    (re.compile(r" {2,}"), " "),
]
# Under "addresses", short hexadecimal numbers too: a segment's alignment
# (gcc 14 aligns code to 64 bytes, gcc 12 to 16) and the error code QEMU 7.2
# and 10 compute for the same fault differ.
SHORT_HEX = re.compile(r"\b0x[0-9a-f]{1,3}\b")


def normalise_output(lines, options):
    out = []
    for line in lines:
        line = line.replace(str(ROOT) + "/", "")
        line = TIMES.sub("T s", line)
        for pattern, replacement in VERSIONS:
            line = pattern.sub(replacement, line)
        if "gdb" in options:
            for pattern, replacement in GDB_MOVES:
                line = pattern.sub(replacement, line)
        if "indices" in options:
            line = INDICES.sub("[N-N]", line)
        if options & {"addresses", "indices", "gdb"}:
            line = ADDRESSES.sub(lambda m: (m.group(1) or "") + "ADDR", line)
        if "addresses" in options:
            line = SHORT_HEX.sub("0xN", line)
        out.append(line.rstrip())
    return out


ONLY = None             # --only TEXT: rewrite only the outputs whose command has TEXT
# --check-outputs checks every output tag; with --gdb only the GDB sessions
# (output[gdb]), with --no-gdb all the others: make test runs them as two
# tests (tests/book/outputs.sh and gdb_outputs.sh), each within its time limit.
KIND = None             # None, "gdb" or "no-gdb"


def wanted(tag):
    """Whether the check of this run covers output TAG (see KIND)."""
    gdb = "gdb" in (tag.group(1) or "")
    return KIND is None or (KIND == "gdb") == gdb
RESULTS = {}            # command: (lines, problem), run ahead by run_ahead()
STATUS = {}             # command: its exit status


def run_ahead(pages, timeout, workers=3):
    """Run the checked commands of PAGES a few at a time, before the check
    reads their results: most of them boot QEMU, one by one too slow for the
    time limit make test gives the book's checks on a loaded machine."""
    commands = set()
    for page in pages:
        for line in page.read_text(errors="replace").splitlines():
            tag = OUTPUT_TAG.match(line.strip())
            if not tag or not wanted(tag):
                continue
            summary = TEST_SUMMARY.match(tag.group(2))
            if summary and lesson_of(summary.group(1)):
                commands.add(list_command(lesson_of(summary.group(1))))
            elif not summary and not missing_build(tag.group(2)):
                commands.add(tag.group(2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for command, result in zip(commands, pool.map(
                lambda c: run_command(c, timeout), commands)):
            RESULTS[command] = result


def run_command(command, timeout):
    """(printed lines, problem or None) of one shell command in the repository root."""
    if command in RESULTS:
        return RESULTS[command]
    # python3 in a command is Debian's, as everywhere in the tools.
    env = dict(os.environ, LC_ALL="C.UTF-8", TERM="dumb", PYTHON=sys.executable,
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    try:
        result = subprocess.run(["sh", "-c", command], cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, f"`{command}` ran longer than {timeout} s (the time limit); stopped"
    text = result.stdout.decode(errors="replace").replace(str(ROOT) + "/", "")
    STATUS[command] = result.returncode
    return [line.rstrip() for line in text.splitlines()], None


def missing_build(command):
    """A build/... file the command reads that is not built, or None."""
    for word in re.findall(r"build/[\w./-]+", command):
        if "/" in word[6:] and not (ROOT / word).exists() and not word.startswith("build/docs"):
            return word
    return None


def lesson_of(number):
    """The directory name of lesson NUMBER (03-vga-text for 3), or None."""
    names = sorted(p.name for p in (ROOT / "lessons").iterdir() if p.is_dir())
    return next((n for n in names if n.startswith(f"{int(number):02d}-")), None)


def list_command(lesson_dir):
    return (f"{shlex.quote(sys.executable)} -B tools/run_tests.py --build build/gcc "
            f"--lesson {lesson_dir} --firmware bios --list")


def test_summary_problems(where, lesson, body):
    """What is stale in the block of `make lesson N test` (see above)."""
    problems = []
    lesson_dir = lesson_of(lesson)
    if lesson_dir is None:
        return [f"{where}: there is no lesson {lesson}"]
    listed, problem = run_command(list_command(lesson_dir), CHECK_TIMEOUT)
    if problem:
        return [f"{where}: {problem}"]
    expected = {line.split()[0] for line in listed if line.startswith(lesson_dir + "/")}
    results = [line.split() for line in body if re.match(r"^(PASS|FAIL)\s", line)]
    shown = {words[1] for words in results if words[1].count("/") == 1}
    for name in sorted(expected - shown):
        problems.append(f"{where}: the lesson has the test {name}, the block does not show it")
    for name in sorted(shown - expected):
        problems.append(f"{where}: the block shows {name}, which is no test of the lesson")
    # An in-kernel test is a KTEST(name), or a test kernel that prints its
    # own "name ... [ok]" line (lessons/*/tests/*.c, matched by a .test).
    words_in_sources = set()
    for path in list((ROOT / "lessons").rglob("*.c")) + list((ROOT / "common").rglob("*.c")) \
            + list((ROOT / "lessons").glob("*/tests/*.test")):
        words_in_sources.update(re.findall(r"\w+", path.read_text(errors="replace")))
    for words in results:
        if words[1].count("/") == 2 and words[1].split("/")[2] not in words_in_sources:
            problems.append(f"{where}: the block shows {words[1]}, but no test of that "
                            f"name is left in the sources")
        if words[0] != "PASS":
            problems.append(f"{where}: the block shows a failing test: {' '.join(words)}")
    total = [line for line in body if re.match(r"^[0-9]+ passed, [0-9]+ failed$", line)]
    passed = sum(1 for words in results if words[0] == "PASS")
    failed = len(results) - passed
    if total != [f"{passed} passed, {failed} failed"]:
        problems.append(f"{where}: the total line should say {passed} passed, {failed} failed "
                        f"(the lines above it), it says {total[0] if total else 'nothing'}")
    return problems


# GDB's file:line stops in any block of a page, checked without running GDB:
# after GDB names a place (``at lessons/02-minimal-kernel/main.c:94``,
# ``file lessons/02-minimal-kernel/main.c, line 94.``), the source lines it
# echoes (``94<TAB>const void *info = ...``, also after ``next``) must be
# those lines of that file today, and a named line must exist.
GDB_PLACE = re.compile(r"(?:\bat |\bfile |\()((?:lessons|common|tools|tests)/[\w./-]+\.(?:c|h|asm|S|ld))"
                       r"(?::|, line )([0-9]+)\b")
GDB_ECHO = re.compile(r"^([0-9]+)\t(.*)$")


def gdb_problems(page):
    problems = []
    lines = page.read_text(errors="replace").splitlines()
    in_fence, current, cache = None, None, {}
    for number, line in enumerate(lines, 1):
        match = FENCE.match(line)
        if match and (in_fence is None or (match.group(2)[0] == in_fence[0]
                                           and not match.group(3).strip())):
            in_fence = match.group(2) if in_fence is None else None
            current = None
            continue
        if in_fence is None:
            continue
        where = f"{rel(page)}:{number}"
        for place in GDB_PLACE.finditer(line):
            path = ROOT / place.group(1)
            if not path.is_file():
                problems.append(f"{where}: GDB names {place.group(1)}, which does not exist")
                current = None
                continue
            cache.setdefault(path, path.read_text(errors="replace").splitlines())
            if int(place.group(2)) > len(cache[path]):
                problems.append(f"{where}: {place.group(1)} has no line {place.group(2)} "
                                f"(it has {len(cache[path])})")
            current = path
        echo = GDB_ECHO.match(line)
        if echo and current is not None:
            at = int(echo.group(1))
            source = cache[current]
            real = " ".join(source[at - 1].split()) if at <= len(source) else None
            if real != " ".join(echo.group(2).split()):
                problems.append(f"{where}: GDB shows line {at} of {rel(current)} as "
                                f"\"{echo.group(2).strip()}\", but that line is now "
                                f"\"{real}\"; run the session again and paste it")
    return problems


# A pasted output that no tag keeps true: a fenced block with a GDB prompt
# line, or a shell prompt line ("$ ") followed by what the command printed.
# Each must follow an output tag, or an <!-- unchecked-output: WHY --> tag
# that says why it cannot be produced by running a command (an interactive
# screen, a run that differs every time); a block of commands alone is fine.
UNCHECKED_TAG = re.compile(r"^<!--\s*unchecked-output:\s*(.*?)\s*-->$")


def untagged_output_problems(page):
    problems = []
    lines = page.read_text(errors="replace").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        end = closing(lines, i, match.group(2))
        if end is None:
            break
        body = [line.strip() for line in lines[i + 1:end]]
        before = lines[i - 1].strip() if i > 0 else ""
        gdb = any(line.startswith("(gdb) ") for line in body)
        shell = any(line.startswith("$ ") and k + 1 < len(body) and body[k + 1]
                    and not body[k + 1].startswith("$ ") for k, line in enumerate(body))
        unchecked = UNCHECKED_TAG.match(before)
        if unchecked and not unchecked.group(1):
            problems.append(f"{rel(page)}:{i}: unchecked-output needs a reason: "
                            f"<!-- unchecked-output: WHY -->")
        elif (gdb or shell) and not (OUTPUT_TAG.match(before) or TAG.match(before) or unchecked):
            problems.append(f"{rel(page)}:{i + 1}: this block shows a command's output "
                            f"({'a (gdb) prompt' if gdb else 'a $ prompt line and what follows it'})"
                            f" but no <!-- output: COMMAND --> tag re-runs it; tag it, or say why "
                            f"it cannot be checked with <!-- unchecked-output: WHY -->")
        i = end + 1
    return problems


def output_block(where, tag, old, indent, check):
    """(the lines of the tag and its block, [problems]) for one output tag."""
    options = {o.strip() for o in (tag.group(1) or "").split(",") if o.strip()}
    command = tag.group(2)
    unknown = options - OPTIONS
    keep = old if old is not None else [f"{indent}{tag.group(0)}"]
    if unknown:
        return keep, [f"{where}: unknown option {', '.join(sorted(unknown))} "
                      f"(known: {', '.join(sorted(OPTIONS))})"]
    body = [line[len(indent):] if line.startswith(indent) else line
            for line in (old[2:-1] if old else [])]
    if old is not None and (not body or body[0] != f"$ {command}"):
        problem = f"{where}: the block must start with the line `$ {command}`"
        if check:
            return keep, [problem]
    if not check and ONLY is not None and ONLY not in command:
        return keep, []
    summary = TEST_SUMMARY.match(command)
    if check and summary:
        return keep, test_summary_problems(where, summary.group(1), body)
    if check and missing_build(command):
        print(f"note: {where}: not checked: {missing_build(command)} is not built "
              f"(make all builds it)")
        return keep, []
    printed, problem = run_command(command, CHECK_TIMEOUT if check else COMMAND_TIMEOUT)
    if problem:
        return keep, [f"{where}: {problem}"]
    new_body = [f"$ {command}"] + printed
    if summary and any(line.startswith("FAIL") for line in printed):
        return keep, [f"{where}: `{command}` had a failure, so the block is left as it was "
                      f"(a timing test may fail on a loaded machine: run make snippets again)\n"
                      + "\n".join("    " + line for line in printed if line.startswith("FAIL"))]
    same = normalise_output(body, options) == normalise_output(new_body, options)
    if summary and not same:    # tests finish in any order
        same = sorted(normalise_output(body, options)) == \
            sorted(normalise_output(new_body, options))
    if same:
        return keep, []
    if check:
        diff = difflib.unified_diff(normalise_output(body, options),
                                    normalise_output(new_body, options),
                                    "book", "now", lineterm="", n=1)
        shown = list(diff)[2:16]
        status = STATUS.get(command, 0)
        why = (f" (it exited with status {status}: if it boots QEMU, a loaded machine may "
               f"have made it hit the runner's time limit; try again)") if status else ""
        return keep, [f"{where}: `{command}` prints something else now{why}; run make snippets\n"
                      + "\n".join("    " + d for d in shown)]
    longest = max([len(m.group(0)) for line in new_body for m in re.finditer(r"`+", line)]
                  + [2])
    fence = "`" * max(3, longest + 1)
    info = FENCE.match(old[1]).group(3).strip() if old else ""     # ```text stays
    return ([f"{indent}{tag.group(0)}", f"{indent}{fence}{info}"]
            + [f"{indent}{line}" if line else "" for line in new_body]
            + [f"{indent}{fence}"]), []


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


FIGURE = re.compile(r"^!\[([^\]]*)\]\((?:[^()\s]*/)?book/figures/(?:screens/)?([^/()\s]+)\)\s*$")


def doxygen_figure(line):
    """A figure line as Doxygen must read it (see --doxygen above)."""
    match = FIGURE.match(line.strip())
    if not match:
        return None
    caption = match.group(1).replace('"', "'")
    return f'@image html {match.group(2)} "{caption}"'


def doxygen_copy(page):
    """The page's text with its %-spans escaped for Doxygen, fenced blocks
    untouched, and a label on each heading: the page's id on its title, and
    on every other heading the label that tools/make_docs.sh turns a link to
    the heading's anchor into (check_book.py doxygen_label())."""
    from check_book import doxygen_label, headings, page_id
    out = []
    in_fence = None
    text = page.read_text(errors="replace")
    pid = page_id(page)
    labels = {number: pid if number == 1 and level == 1 else doxygen_label(pid, slug)
              for number, level, _, slug in headings(text)}
    for number, line in enumerate(text.splitlines(), 1):
        if number in labels:
            line = f"{line.rstrip()} {{#{labels[number]}}}"
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
    check_outputs = "--check-outputs" in args
    no_outputs = "--no-outputs" in args
    global KIND
    KIND = "gdb" if "--gdb" in args else "no-gdb" if "--no-gdb" in args else None
    args = [a for a in args if a not in ("--check", "--check-outputs", "--no-outputs", "--gdb",
                                         "--no-gdb")]
    global ONLY
    if args[:1] == ["--only"] and len(args) >= 2:
        ONLY, args = args[1], args[2:]
    if any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    pages = [Path(a).resolve() for a in args] or book_pages()
    problems, changed = [], []
    if check_outputs:
        run_ahead(pages, CHECK_TIMEOUT)
    for page in pages:
        if not page.is_file():
            problems.append(f"{page}: no such page")
            continue
        if check_outputs:
            problems += process(page, True, "check")[1]
            if KIND != "gdb":
                problems += gdb_problems(page)
                problems += untagged_output_problems(page)
            continue
        text, found = process(page, check, None if (check or no_outputs) else "write")
        problems += found
        if check:
            problems += span_problems(page)
        if not check and text != page.read_text(errors="replace"):
            page.write_text(text)
            changed.append(rel(page))
    for problem in problems:
        print(problem)
    if not check and not check_outputs:
        print(f"make snippets: {len(changed)} page{'s' if len(changed) != 1 else ''} "
              f"rewritten" + (f" ({', '.join(changed)})" if changed else ""))
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
