#!/usr/bin/env python3
"""Grade a whole class: every submission in a folder, each in its own tree.

``make grade-all DIR=...`` calls it::

    python3 tools/grade_all.py --dir submissions --out build/grades.csv --build build/gcc

A submission is an entry of the folder: a directory holding a student's
course tree, or an archive of one (.tar.gz, .tgz, .tar or .zip, such as
``make submit`` writes). The student's name is the entry's name without its
extension. Hidden entries (.DS_Store, ...) are skipped.

Each submission is copied or unpacked into a temporary directory (archives
may not write outside it, or hold links and devices; anything under build/
is thrown away). The submission's own copies of the grading files (the
Makefile, tools/, tests/ and every lesson's tests/) are removed: this
tree's tools/grade.py grades it with ``--tree``, binding this tree's
grading files read-only over it inside its sandbox, where the student's
code builds and runs as an unprivileged user that sees only that
submission (tools/sandbox.py). The grade is decided outside the sandbox,
within a time limit for the whole submission.

The CSV has one row per lab: ``student,exercise,points,possible,reason``.
A submission that could not be graded at all (empty, not a course tree, an
unreadable archive, over its time limit) gets one row with exercise
``build``, 0 points out of the total, and the reason. Nothing a submission
does stops the batch.
"""

import argparse
import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import labs as lab_registry  # noqa: E402  (found through the line above)

ROOT = lab_registry.ROOT
ARCHIVES = (".tar.gz", ".tgz", ".tar", ".zip")
DEFAULT_TIMEOUT = 900     # seconds to build and grade one submission
COLUMNS = ["student", "exercise", "points", "possible", "reason"]


class Ungradable(Exception):
    """The submission cannot be graded at all; the message is the reason."""


def student_name(entry):
    """alice.tar.gz -> alice, bob/ -> bob."""
    name = entry.name
    for suffix in ARCHIVES:
        if name.endswith(suffix) and not entry.is_dir():
            return name[:-len(suffix)]
    return name


# ---------------------------------------------------------------------------
# Unpacking

def _inside(root, path):
    """Whether path (already resolved) is root or lies below it."""
    return path == root or root in path.parents


def safe_tar_members(archive, tree):
    """The members of a tar archive, checked so that none writes outside tree.

    This is what Python's ``extractall(filter="data")`` does, written out
    because that filter first came in Python 3.11.4 and Debian 12 has 3.11.2:
    only regular files, directories and links that stay inside the tree;
    no absolute or ``..`` paths, no devices or FIFOs; permission bits limited
    to rwx for everybody (no set-uid), owned by whoever extracts.
    """
    root = tree.resolve()
    members = []
    for member in archive.getmembers():
        name = member.name
        if name.startswith("/") or not _inside(root, (root / name).resolve()):
            raise Ungradable(f"unsafe path in the archive: {name}")
        if member.issym() or member.islnk():
            base = (root / name).parent if member.issym() else root
            if (member.linkname.startswith("/")
                    or not _inside(root, (base / member.linkname).resolve())):
                raise Ungradable(f"a link out of the tree in the archive: "
                                 f"{name} -> {member.linkname}")
        elif not (member.isfile() or member.isdir()):
            raise Ungradable(f"not a file or directory in the archive: {name}")
        member.mode &= 0o777 if member.isdir() else 0o755
        member.uid, member.gid = os.getuid(), os.getgid()
        member.uname = member.gname = ""
        members.append(member)
    return members


def unpack(entry, tree):
    """Copy or extract a submission into the empty directory tree."""
    if entry.is_dir():
        shutil.copytree(entry, tree, symlinks=True, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("build", ".git"))
    elif entry.name.endswith(".zip"):
        try:
            with zipfile.ZipFile(entry) as archive:
                for info in archive.infolist():
                    target = (tree / info.filename).resolve()
                    if info.filename.startswith("/") or tree.resolve() not in target.parents:
                        raise Ungradable(f"unsafe path in the archive: {info.filename}")
                archive.extractall(tree)
        except (zipfile.BadZipFile, OSError) as e:
            raise Ungradable(f"cannot unpack {entry.name}: {e}")
    elif entry.name.endswith(ARCHIVES):
        try:
            with tarfile.open(entry) as archive:
                archive.extractall(tree, members=safe_tar_members(archive, tree))
        except (tarfile.TarError, OSError) as e:
            raise Ungradable(f"cannot unpack {entry.name}: {e}")
    else:
        raise Ungradable(f"not a submission: expected a directory or a "
                         f"{', '.join(ARCHIVES)} archive")


def course_root(tree):
    """The directory of the unpacked tree that holds lessons/ (it may be one level down)."""
    if (tree / "lessons").is_dir():
        return tree
    entries = [p for p in tree.iterdir() if not p.name.startswith(".")]
    if not entries:
        raise Ungradable("empty submission")
    if len(entries) == 1 and entries[0].is_dir() and (entries[0] / "lessons").is_dir():
        return entries[0]
    raise Ungradable("not a course tree: no lessons/ directory in it")


# What grading takes from this tree, never from the submission.
GRADING_PATHS = ["build", "Makefile", "tools", "tests"]


def strip_grading_files(course):
    """Remove the submission's copies of the grading files, and open its
    tree for reading by the sandbox's user (it stays owned by us)."""
    names = GRADING_PATHS + [f"lessons/{p.name}/tests" for p in (course / "lessons").iterdir()
                             if p.is_dir() and not p.is_symlink()]
    for name in names:
        target = course / name
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
    for top, dirs, files in os.walk(course):
        os.chmod(top, 0o755)
        for name in files:
            path = os.path.join(top, name)
            if not os.path.islink(path):
                mode = os.lstat(path).st_mode
                os.chmod(path, 0o755 if mode & 0o100 else 0o644)


# ---------------------------------------------------------------------------
# Grading one submission

def run_grader(course, build, cc, jobs, timeout, student, sandbox_uid, only=(), ccache=None):
    """Run this tree's tools/grade.py over the submission's tree; its CSV rows."""
    scores = course.parent / "scores.csv"      # outside the submission's tree
    command = [sys.executable, str(ROOT / "tools" / "grade.py"), "--tree", str(course),
               "--build", build, "--cc", cc, "--jobs", str(jobs), "--csv", str(scores),
               "--student", student, "--sandbox-uid", str(sandbox_uid)]
    for lab in only:
        command += ["--lab", lab]
    if ccache:
        command += ["--ccache", str(Path(ccache).resolve())]
    # A session of its own: on time-out the grader, make and every QEMU go.
    proc = subprocess.Popen(command, cwd=course.parent, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise Ungradable(f"time limit of {timeout:g} s reached while building and grading")
    output = output.decode(errors="replace")
    if not scores.is_file():
        lines = [line for line in output.splitlines() if line.strip()]
        raise Ungradable(f"the grader stopped (exit status {proc.returncode}): "
                         f"{lines[-1] if lines else 'no output'}")
    with open(scores, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows, output


def grade_submission(entry, labs, args):
    """The CSV rows of one submission; never raises for a bad submission."""
    student = student_name(entry)
    possible = sum(lab.points for lab in labs)
    work = Path(tempfile.mkdtemp(prefix="grade-all-"))
    os.chmod(work, 0o755)        # the sandbox's user reaches the tree through it
    try:
        tree = work / "tree"
        tree.mkdir()
        unpack(entry, tree)
        course = course_root(tree)
        strip_grading_files(course)
        rows, _ = run_grader(course, args.build, args.cc, args.jobs, args.timeout, student,
                             args.sandbox_uid, args.lab or (), args.ccache)
        return [{k: row[k] for k in COLUMNS} for row in rows]
    except Ungradable as e:
        return [{"student": student, "exercise": "build", "points": 0, "possible": possible,
                 "reason": str(e)}]
    except OSError as e:
        return [{"student": student, "exercise": "build", "points": 0, "possible": possible,
                 "reason": f"cannot prepare the submission: {e}"}]
    finally:
        if args.keep:
            print(f"  (kept in {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    """Grade every submission of a folder and write the CSV."""
    parser = argparse.ArgumentParser(
        description="Grade every submission in a folder into one CSV file.")
    parser.add_argument("--dir", required=True, help="the folder of submissions")
    parser.add_argument("--out", default="build/grades.csv", help="the CSV file to write")
    parser.add_argument("--build", default="build/gcc",
                        help="build directory inside each tree, e.g. build/gcc")
    parser.add_argument("--cc", default="cc", help="the compiler (default cc)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds for one submission (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="labs graded at once within a submission")
    parser.add_argument("--ccache", metavar="DIR",
                        help="a ccache directory filled by the course's own builds, read "
                             "(never written) by the sandboxed builds")
    parser.add_argument("--parallel", type=int, default=1, metavar="N",
                        help="submissions graded at once (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep each temporary tree")
    parser.add_argument("--lab", action="append", metavar="ID",
                        help="grade only this lab, e.g. 3.1 (repeatable)")
    parser.add_argument("--sandbox-uid", type=int, default=65534,
                        help="the user submissions' code runs as when we are root "
                             "(default 65534, nobody)")
    args = parser.parse_args(argv)

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"grade-all: error: {folder} is not a directory of submissions", file=sys.stderr)
        return 2
    try:
        labs = lab_registry.load(ROOT)
    except lab_registry.LabError as e:
        print(f"grade-all: error: {e}", file=sys.stderr)
        return 2
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    if not entries:
        print(f"grade-all: error: {folder} holds no submissions", file=sys.stderr)
        return 2

    if args.lab:
        try:
            labs = lab_registry.select(labs, None, args.lab)
        except lab_registry.LabError as e:
            print(f"grade-all: error: {e}", file=sys.stderr)
            return 2
    possible = sum(lab.points for lab in labs)

    def one(entry):
        start = time.monotonic()
        student_rows = grade_submission(entry, labs, args)
        earned = sum(int(row["points"]) for row in student_rows)
        note = ""
        if len(student_rows) == 1 and student_rows[0]["exercise"] == "build":
            note = f"  {student_rows[0]['reason']}"
        print(f"grade-all: {student_name(entry)} ({entry.name})\n"
              f"  {earned}/{possible} points  ({time.monotonic() - start:.0f} s){note}",
              flush=True)
        return student_rows

    rows = []
    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        for student_rows in pool.map(one, entries):
            rows += student_rows

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(text.getvalue(), encoding="utf-8")
    print(f"grade-all: {len(entries)} submissions, {len(rows)} rows in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
