"""The batch: grade a folder of submissions into a CSV that an interruption cannot lose.

tools/grade_all.py is its command line. For each submission (a folder, or
a .tar.gz/.tgz/.tar/.zip archive, such as ``make submit`` writes):

1. intake.unpack() (as root: grader.unpacker, as a uid of its own) reads it as data into a private directory (0700: the
   sandbox's user never sees it);
2. tree.build_tree() makes the grading tree: the course's student tree with
   the submission's lab files and nothing else;
3. tools/grade.py grades that tree (``--tree``) in its sandbox, under what
   is left of the submission's time limit, with its temporary folders in
   the submission's (removed after it, even if the grader was killed);
4. its rows, then a ``total`` row, are appended to the CSV and flushed to
   the disk (fsync) at once, and its feedback file is written.

The ``total`` row is written last, so it marks a finished student: a run
started again skips them (``--regrade`` grades everyone again) and drops
the rows of a student it was interrupted in the middle of. Nothing one
submission does stops the batch: whatever goes wrong becomes that
student's 0 with a reason.

Every text a student wrote (names, reasons) goes through printable()
before it reaches the terminal or a file.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import labs as lab_registry
import sandbox
from grader import intake, tree, unpacker
from grader.results import BUILD, COLUMNS, TOTAL, Results  # noqa: F401  (batch.Results)
from runner.printable import capped, printable

ROOT = lab_registry.ROOT


# ---------------------------------------------------------------------------
# One submission

@dataclass
class Graded:
    """What one submission earned, and what the feedback says about it."""
    student: str
    rows: list                                    # CSV rows, one per lab (or one "build")
    details: dict = field(default_factory=dict)   # lab id -> grade.py --json's item
    notes: list = field(default_factory=list)     # what the grading tree ignored or missed
    seconds: float = 0.0

    @property
    def points(self):
        return sum(int(row["points"]) for row in self.rows)

    def refused(self):
        """The reason the submission was not graded at all, or None."""
        if len(self.rows) == 1 and self.rows[0]["exercise"] == BUILD:
            return self.rows[0]["reason"]
        return None


def student_name(entry):
    """alice.tar.gz -> alice, bob/ -> bob; escaped for terminals and files."""
    name = Path(entry).name
    for suffix in intake.ARCHIVES:
        if name.endswith(suffix) and not Path(entry).is_dir():
            name = name[:-len(suffix)]
            break
    return printable(name, keep="")


def run_grader(course, options, seconds, running):
    """Run tools/grade.py over the grading tree; (rows, details). Raises Refused."""
    scores = course.parent / "out" / "scores.csv"     # outside the grading tree, private
    details_file = course.parent / "out" / "scores.json"
    # No student's name on the command line: in the sandbox's setpriv mode
    # every run can read every process's (/proc/PID/cmdline). The rows get
    # the name here (grade_one).
    command = [sys.executable, str(ROOT / "tools" / "grade.py"), "--tree", str(course),
               "--build", options.build, "--cc", options.cc, "--jobs", str(options.jobs),
               "--csv", str(scores), "--sandbox-uid", str(options.sandbox_uid),
               "--json", str(details_file)]     # per-lab reason, serial tail, screen
    for lab in options.lab or ():
        command += ["--lab", lab]
    if options.ccache:
        command += ["--ccache", str(Path(options.ccache).resolve())]
    if getattr(options, "cache", None):     # the course's objects, kept for the batch
        command += ["--cache", str(options.cache)]
    if seconds <= 0:
        raise intake.Refused("the time limit was reached before grading began")
    # Its temporary folders (host-lab stages, hidden test kernels, QEMU's
    # logs) go inside the submission's folder, which grade_one removes
    # whatever happens to the grader: one killed at the time limit (SIGKILL)
    # leaves nothing in /tmp for a later run to find.
    tmp = course.parent / "tmp"
    tmp.mkdir(mode=0o711)
    os.chmod(tmp, 0o711)        # the sandbox's users pass through, never list
    try:
        status, output = run_grade_py(command, course.parent, seconds, running, tmp)
    except subprocess.TimeoutExpired:
        raise intake.Refused(f"the time limit of {options.timeout:g} s was reached while "
                             "building and grading") from None
    if not scores.is_file():
        lines = [line for line in output.decode(errors="replace").splitlines() if line.strip()]
        last = capped(printable(lines[-1], keep=""), 300) if lines else "no output"
        raise intake.Refused(f"the grader stopped (exit status {status}): {last}")
    with open(scores, newline="", encoding="utf-8") as f:
        rows = [{k: row[k] for k in COLUMNS} for row in csv.DictReader(f)]
    for row in rows:
        row["points"], row["possible"] = int(row["points"]), int(row["possible"])
    details = {}
    if details_file.is_file():
        try:
            for item in json.loads(details_file.read_text(encoding="utf-8")):
                details[str(item["lab"])] = item
        except (ValueError, KeyError, TypeError):
            pass
    # The CSV's reason stays one line of grade.py's width; the feedback
    # shows the details' whole reason (feedback.lab_output).
    return rows, details


INTERRUPT_GRACE = 10    # seconds an interrupted grader has to remove its files


def run_grade_py(command, cwd, seconds, running, tmp=None):
    """Run tools/grade.py in a session of its own, listed in running while it
    runs, so that a time-out or an interrupt stops it together with make, the
    compilers and every QEMU it started, with TMPDIR tmp if given. (exit
    status, output); raises subprocess.TimeoutExpired, or whatever
    interrupted the wait, once the grader is gone."""
    env = dict(os.environ, TMPDIR=str(tmp)) if tmp else None
    proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, env=env)
    running.add(proc)
    try:
        output, _ = proc.communicate(timeout=seconds)
    except BaseException as e:
        # Interrupted: the grader cleans up after itself; timed out: it goes.
        stop(proc, grace=INTERRUPT_GRACE if isinstance(e, KeyboardInterrupt) else 0)
        proc.communicate()
        raise
    finally:
        running.discard(proc)
    return proc.returncode, output


def warm_base(base, options, scratch, running):
    """Build the base tree's lab targets once (grade.py --build-only, in the
    sandbox), so that each grading tree, a copy of the base with its build
    directory and time stamps, recompiles only what the student's files
    change: the course's own objects are the same for every submission.

    The build is then given back to us (root) and scratch closed again
    (0700), so no submission's code, as the sandbox's user, can write the
    objects the next submissions start from. None if it worked, else why
    not (then the build is removed: every submission builds from nothing)."""
    # It runs alone, before any submission: every CPU of the batch builds it.
    jobs = options.jobs * max(1, getattr(options, "parallel", 1))
    command = [sys.executable, str(ROOT / "tools" / "grade.py"), "--tree", str(base),
               "--build", options.build, "--cc", options.cc, "--jobs", str(jobs),
               "--sandbox-uid", str(options.sandbox_uid), "--build-only"]
    for lab in options.lab or ():
        command += ["--lab", lab]
    if options.ccache:
        command += ["--ccache", str(Path(options.ccache).resolve())]
    os.chmod(scratch, 0o755)          # the sandbox's user reaches the base while it builds
    try:
        for top, _, files in os.walk(base):
            os.chmod(top, 0o755)
            for name in files:
                path = os.path.join(top, name)
                os.chmod(path, 0o755 if os.lstat(path).st_mode & 0o100 else 0o644)
        status, output = run_grade_py(command, scratch, options.timeout, running)
        lines = output.decode(errors="replace").strip().splitlines()
        why = None if status == 0 else printable(lines[-1] if lines else "", keep="")
    except (OSError, subprocess.TimeoutExpired) as e:
        why = str(e)
    finally:
        if (Path(base) / "build").exists():      # build/gcc and build/font
            sandbox.give(Path(base) / "build", os.geteuid())
        os.chmod(scratch, 0o700)
    if why is not None:     # (host labs alone build nothing: no build/ is fine)
        shutil.rmtree(Path(base) / "build", ignore_errors=True)
    return why


def stop(proc, grace=0):
    """Stop a grader started by run_grade_py, with everything it started.
    With grace, first as Ctrl-C would (SIGINT to its process group), so that
    it removes its own temporary directories, and only after grace seconds
    by SIGKILL."""
    try:
        if grace:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                pass
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


def grade_one(entry, labs, options, base, running=None):
    """Grade one submission entry against the base tree; a Graded. Never raises
    for anything the submission holds or does."""
    start = time.monotonic()
    deadline = start + options.timeout
    student = student_name(entry)
    possible = sum(lab.points for lab in labs)
    graded = Graded(student, [])
    work = Path(tempfile.mkdtemp(prefix="grade-all-"))     # 0700
    try:
        unpacked = work / "submission"   # stays 0700: the sandbox never sees it
        unpacked.mkdir(mode=0o700)
        unpacker.unpack(entry, unpacked, deadline)
        taken = tree.build_tree(base, unpacked, work / "tree")
        graded.notes = taken.notes()
        # Only now may the sandbox's users pass through work (never list it),
        # to the grading tree, which is private (0700) until the grader opens
        # it to its own runs (grader.runs.admit_tree). What grade.py writes
        # for us goes to out/, which stays 0700.
        (work / "out").mkdir(mode=0o700)
        os.chmod(work, 0o711)
        graded.rows, graded.details = run_grader(work / "tree", options,
                                                 deadline - time.monotonic(),
                                                 running if running is not None else set())
    except intake.Refused as e:
        graded.rows = [{"student": student, "exercise": BUILD, "points": 0,
                        "possible": possible, "reason": str(e)}]
    except Exception as e:      # noqa: BLE001  (one submission never stops the batch)
        graded.rows = [{"student": student, "exercise": BUILD, "points": 0,
                        "possible": possible,
                        "reason": f"cannot grade the submission: {type(e).__name__}: {e}"}]
    finally:
        if getattr(options, "keep", False):
            print(f"  (kept in {work})", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
    for row in graded.rows:
        row["student"] = student
        row["reason"] = printable(str(row["reason"]), keep="")
    graded.seconds = time.monotonic() - start
    return graded
