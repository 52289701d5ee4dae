#!/usr/bin/env python3
"""The lab registry: which labs exist, what each is worth and which tests grade it.

``tests/labs/labs.txt`` holds one lab a line, ``ID POINTS TESTS TITLE``
(its header explains each field): ID is ``LESSON.N``, POINTS a whole
number, TESTS a comma-separated list run in order (``host/NAME`` a host
test, ``NAME`` a boot test of the lab's lesson), TITLE the rest of the
line; ``#`` starts a comment. The graders and the handout read it through
:func:`load`, which names the file and line of a mistake.
:func:`student_files` lists the files that hold a lab's region: those, and
nothing else, are what the grader takes from a submission.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from course import ROOT, lesson_dirs   # noqa: F401  (lesson_dirs: used by its importers)

REGISTRY = Path("tests/labs/labs.txt")           # relative to the tree's root

# A BEGIN marker in a C, NASM, .test, .mk or shell file (tools/handout.py reads all three).
BEGIN_MARKER = re.compile(r"^[ \t]*(?://|;|#) LAB (\d+\.\d+) BEGIN\b", re.MULTILINE)
MARKED_SUFFIXES = (".c", ".h", ".asm", ".test", ".mk", ".sh")
MARKED_DIRS = ("common", "lessons", "tests")   # where lab regions may live
LAB_ID = re.compile(r"^(?P<lesson>[1-9][0-9]?)\.(?P<number>[1-9][0-9]?)$")
TEST_NAME = re.compile(r"^(host/)?[A-Za-z0-9_]+$")


class LabError(Exception):
    """The registry or a request about it is wrong (unknown lab, bad line, ...)."""


@dataclass
class Lab:
    """One exercise."""
    id: str                   # "3.1"
    points: int
    tests: list               # test names as written: "host/test_x" or "lab_cursor"
    title: str
    lesson: str               # the lesson directory, e.g. "03-vga-text"
    line: int = 0             # where it is in the registry
    labels: list = field(default_factory=list)   # run_tests.py labels of its tests

    def sort_key(self):
        """Numeric order: 3.2 before 3.10."""
        major, minor = self.id.split(".")
        return int(major), int(minor)


def lesson_for(number, root=ROOT):
    """The lesson directory whose number is ``number`` (3 -> 03-vga-text), or None."""
    for name in lesson_dirs(root):
        head = name.split("-", 1)[0]
        if head.isdigit() and int(head) == number:
            return name
    return None


def test_label(lab, name):
    """The run_tests.py label of one of a lab's tests."""
    return name if name.startswith("host/") else f"{lab.lesson}/{name}"


def parse(text, root=ROOT, where=str(REGISTRY)):
    """The labs in a registry text, in lab order. Raises LabError on any mistake."""
    labs = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):     # a title may hold a '#': only whole lines
            continue
        words = line.split(None, 3)
        if len(words) < 4:
            raise LabError(f"{where}:{lineno}: expected ID POINTS TESTS TITLE")
        lab_id, points, tests, title = words
        m = LAB_ID.match(lab_id)
        if not m:
            raise LabError(f"{where}:{lineno}: lab id {lab_id!r} is not LESSON.N, like 3.1")
        if lab_id in labs:
            raise LabError(f"{where}:{lineno}: lab {lab_id} is listed twice")
        if not points.isdigit() or int(points) == 0:
            raise LabError(f"{where}:{lineno}: points must be a positive whole number")
        lesson = lesson_for(int(m.group("lesson")), root)
        if lesson is None:
            raise LabError(f"{where}:{lineno}: lab {lab_id}: there is no lesson "
                           f"{m.group('lesson')} in {Path(root) / 'lessons'}")
        names = tests.split(",")
        for name in names:
            if not TEST_NAME.match(name):
                raise LabError(f"{where}:{lineno}: lab {lab_id}: bad test name {name!r} "
                               "(host/NAME or NAME)")
        lab = Lab(lab_id, int(points), names, title.strip(), lesson, lineno)
        lab.labels = [test_label(lab, name) for name in names]
        labs[lab_id] = lab
    return sorted(labs.values(), key=Lab.sort_key)


def load(root=ROOT):
    """The labs of a tree (its tests/labs/labs.txt)."""
    path = Path(root) / REGISTRY
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise LabError(f"cannot read the lab registry: {e}")
    return parse(text, root, str(path))


def select(labs, lesson=None, ids=None):
    """The labs of one lesson and/or with the given ids.

    ``lesson`` is a lesson directory name; ``ids`` a list like ["3.1", "4.2"].
    An id that is not in the registry is an error, not an empty selection.
    """
    known = {lab.id: lab for lab in labs}
    chosen = labs
    if ids:
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise LabError(f"unknown lab {', '.join(unknown)}: the labs are "
                           f"{' '.join(lab.id for lab in labs)}")
        chosen = [known[i] for i in dict.fromkeys(ids)]
    if lesson:
        chosen = [lab for lab in chosen if lab.lesson == lesson]
    return chosen


def student_files(root=ROOT):
    """{lab id: [the files, relative to root, that hold a region of that lab]}.

    Read from the course's own tree (never from a submission): the files a
    student changes to do the labs. Only common/, lessons/ and tests/ are
    looked at, and only the kinds of file that may carry markers.
    """
    root = Path(root)
    found = {}
    for top in MARKED_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in MARKED_SUFFIXES or path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(root)
            text = path.read_text(encoding="utf-8", errors="replace")
            for lab_id in dict.fromkeys(BEGIN_MARKER.findall(text)):
                found.setdefault(lab_id, []).append(str(rel))
    return found
