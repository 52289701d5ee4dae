"""tests: a sentence that names a test keeps the test. A file of a lesson's
tests/ folder named in backticks exists (in the chapter's own lesson), and
a name in backticks right after "test" or "tests" is such a file or a
KTEST(); renaming or removing the test fails this check until the sentence
is looked at again."""

import fnmatch
import re
from pathlib import Path

from .pages import ROOT, book_pages, rel, split_blocks

TEST_FILE = re.compile(r"^(?:(?:lessons/[0-9]{2}-[a-z0-9-]+/)?tests/)?([a-z0-9_]+)\.(test|c)$")
AFTER_TEST = re.compile(r"\btests?\s+((?:`[a-z][a-z0-9_]*`(?:,\s*|\s+and\s+|\s+or\s+)?)+)")
KTEST_NAME = re.compile(r"\bKTEST(?:_[A-Z_]+)?\(\s*([a-z0-9_]+)")


def withheld_patterns():
    """The patterns of tests/labs/instructor-only.txt when this is a student
    tree (make handout leaves a file .handout at its top): the tests such a
    tree lacks on purpose, such as the NMI storm test. Empty otherwise."""
    listing = ROOT / "tests" / "labs" / "instructor-only.txt"
    if not (ROOT / ".handout").exists() or not listing.is_file():
        return []
    return [line.strip() for line in listing.read_text(errors="replace").splitlines()
            if line.strip() and not line.startswith("#")]


def test_names():
    """(files, names): every lessons/*/tests/ file, relative to the root, and
    every test's name: the stems of those files and each KTEST() in the C
    sources."""
    files = {str(p.relative_to(ROOT)) for p in (ROOT / "lessons").glob("*/tests/*")
             if p.suffix in (".c", ".test")}
    names = {Path(f).stem for f in files}
    for path in list((ROOT / "lessons").rglob("*.c")) + list((ROOT / "common").rglob("*.c")):
        names |= set(KTEST_NAME.findall(path.read_text(errors="replace")))
    return files, names


def check():
    """[problem] for each test a page names that does not exist."""
    files, names = test_names()
    patterns = withheld_patterns()

    def withheld(path):
        return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)

    problems = []
    for page in book_pages():
        lesson = page.parent if page.parent.parent == ROOT / "lessons" else None
        prose, _ = split_blocks(page.read_text(errors="replace"))
        for number, line in prose:
            for span in re.findall(r"`([^`]+)`", line):
                if not TEST_FILE.match(span) or not (span.startswith(("lessons/", "tests/"))
                                                     or span.endswith(".test")):
                    continue
                where = ""
                if span.startswith("lessons/"):
                    found = span in files or withheld(span)
                elif lesson is not None and (lesson / "tests").is_dir():
                    path = str((lesson / "tests" / Path(span).name).relative_to(ROOT))
                    found = path in files or withheld(path)
                    where = " in " + rel(lesson)
                else:
                    found = any(f.endswith("/tests/" + Path(span).name) for f in files) \
                        or withheld("lessons/*/tests/" + Path(span).name)
                if not found:
                    problems.append(f"{rel(page)}:{number}: the text names the test `{span}`, "
                                    f"which does not exist{where}: it was renamed or removed, "
                                    f"so say what now proves this sentence")
        # Names after "test" may run on to the next line: search the prose whole.
        text = "\n".join(line for _, line in prose)
        for match in AFTER_TEST.finditer(text):
            number = prose[text.count("\n", 0, match.start())][0]
            for name in re.findall(r"`([^`]+)`", match.group(1)):
                if name not in names and not withheld(f"lessons/*/tests/{name}.c"):
                    problems.append(f"{rel(page)}:{number}: the text names the test `{name}`, "
                                    f"but no tests/ file or KTEST() has this name")
    return problems
