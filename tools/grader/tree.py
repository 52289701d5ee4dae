"""The grading tree: the course's student tree with the student's lab files, nothing else.

A submission may hold a whole course tree, but the grade may depend only on
what the labs ask a student to change. The files that hold a lab's region
(``LAB ID BEGIN`` markers, listed by tools/labs.py's ``student_files``) are
the student's; every other file of the grading tree is the course's: the
Makefile, the build lists (build.mk), the headers, the tests and the tools.

The base is the course's own handout (tools/handout.py): the stubs in place
of the solutions and no instructor-only file, so a submission that leaves
out a lab file is graded on that lab's stub, never on the instructor's
solution. It is written once per batch (:func:`make_base`) and copied for
each submission (:func:`build_tree`). Each lab file is read from the
unpacked submission without following any link (intake.read_regular) and
written into the fresh copy; whatever else the student changed or added is
listed as ignored, for the feedback.
"""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import handout
import labs as lab_registry
from grader.intake import Refused, read_regular, shown

ROOT = lab_registry.ROOT
LIST_LIMIT = 20      # file names named in a note; the rest are counted


@dataclass
class Taken:
    """What the grading tree took from a submission and what it left."""
    taken: list = field(default_factory=list)     # lab files from the submission
    missing: list = field(default_factory=list)   # lab files it lacked (the stub is graded)
    ignored: list = field(default_factory=list)   # other files it changed or added

    def notes(self):
        """Lines for the feedback: what was ignored or missing, names escaped."""
        lines = []
        for what, names in (("ignored", self.ignored), ("missing", self.missing)):
            if not names:
                continue
            head = (f"{what}: {len(names)} file{'s' if len(names) != 1 else ''} "
                    + ("outside the labs' files (the course's own versions were used)"
                       if what == "ignored" else
                       "of the labs not in the submission (their stubs were graded)"))
            shown_names = [shown(n) for n in names[:LIST_LIMIT]]
            more = f", and {len(names) - LIST_LIMIT} more" if len(names) > LIST_LIMIT else ""
            lines.append(f"{head}: {', '.join(shown_names)}{more}")
        return lines


def make_base(dest):
    """Write the course's student tree (stubs, no instructor-only files) into dest."""
    dest = Path(dest)
    if (ROOT / handout.STAMP).is_file():       # grading from a student tree: it is the base
        dest.mkdir(parents=True)
        for name in handout.source_files(ROOT):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    else:
        handout.write_handout(ROOT, dest)
    return dest


def course_root(unpacked):
    """The folder of an unpacked submission that holds lessons/ (it may be one level down)."""
    unpacked = Path(unpacked)
    if (unpacked / "lessons").is_dir() and not (unpacked / "lessons").is_symlink():
        return unpacked
    entries = [p for p in unpacked.iterdir() if not p.name.startswith(".")]
    if not entries:
        raise Refused("empty submission: no file in it")
    if (len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink()
            and (entries[0] / "lessons").is_dir()):
        return entries[0]
    raise Refused("not a course tree: no lessons/ folder in it")


def _files(root):
    """Every regular file under root, relative, without following links."""
    names = []
    for top, dirs, files in os.walk(root):
        rel = Path(top).relative_to(root)
        names += [str(rel / f) if rel != Path(".") else f for f in files]
    return sorted(names)


def _same(path, data):
    """True if path, a regular file of the base's copy, holds exactly data."""
    try:
        return (not path.is_symlink() and path.is_file()
                and path.stat().st_size == len(data) and path.read_bytes() == data)
    except OSError:
        return False


def _link(source, target):
    """A hard link to the base's file source; a copy on another file system."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def build_tree(base, unpacked, dest, student_files=None):
    """Copy base to dest and put the submission's lab files in it; a Taken.

    unpacked is what intake wrote (a folder of plain files and folders);
    student_files the course's {lab: [files]} (default: read from ROOT).
    """
    if student_files is None:
        student_files = lab_registry.student_files(ROOT)
    course = course_root(unpacked)
    # Private from its creation (0700), never open for a moment: a copytree
    # of base itself would give dest base's mode (0755) until the end, and
    # in the sandbox's setpriv mode another submission's run could read the
    # student's files meanwhile. Only the grading process that grades it
    # opens it, to its own runs (grader.runs.admit_tree).
    # The course's files are hard links to the base's: nothing writes them
    # (root's and 0644, bound read-only; a lab file is replaced below, not
    # written through), and a copy of each for every submission made a new
    # inode apiece, dear where trees are unpacked and removed all the time.
    # build/ is copied: the sandbox's runs own and write what is in it.
    dest = Path(dest)
    os.mkdir(dest, 0o700)
    for entry in os.scandir(base):
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, dest / entry.name, symlinks=True,
                            copy_function=shutil.copy2 if entry.name == "build" else _link)
        else:
            shutil.copy2(entry.path, dest / entry.name, follow_symlinks=False)
    mine = sorted({name for names in student_files.values() for name in names})
    result = Taken()
    for name in mine:
        data = read_regular(course, name)
        if data is None:
            result.missing.append(name)
            continue
        target = Path(dest) / name
        if _same(target, data):
            # The handout's own file (a lab left as its stub): the copy
            # keeps the base's time stamp, so make does not compile again
            # what the batch's first build compiled from it.
            result.taken.append(name)
            continue
        target.unlink(missing_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        result.taken.append(name)
    for name in _files(course):
        if name in mine or name == handout.STAMP:
            continue
        theirs = read_regular(course, name)
        ours = read_regular(base, name) if (Path(base) / name).is_file() else None
        if ours is None or theirs != ours:
            result.ignored.append(name)
    # The sandbox's user reads the tree (it stays ours): open what is inside
    # to others, but not the tree itself (see above).
    for top, dirs, files in os.walk(dest):
        os.chmod(top, 0o700 if top == str(dest) else 0o755)
        for f in files:
            path = os.path.join(top, f)
            os.chmod(path, 0o755 if os.lstat(path).st_mode & 0o100 else 0o644)
    return result
