#!/usr/bin/env python3
"""Grade a whole class: every submission in a folder, into one CSV and a feedback file each.

``make grade-all DIR=...`` calls it::

    python3 tools/grade_all.py --dir submissions --out build/grades.csv --build build/gcc

A submission is an entry of the folder: a directory holding a student's
course tree, or an archive of one (.tar.gz, .tgz, .tar or .zip, such as
``make submit`` writes). The student's name is the entry's name without its
extension. Hidden entries (.DS_Store, ...) are skipped.

How one submission is graded is tools/grader/batch.py's business: it is
read as data (tools/grader/intake.py: plain files and folders only, within
fixed caps), only its lab files are put into a fresh copy of the course's
student tree (tools/grader/tree.py), and tools/grade.py grades that in its
sandbox. The CSV has one row per lab, ``student,exercise,points,possible,
reason``, then a ``total`` row; a submission that could not be graded at
all has one ``build`` row (0 points, the reason) before its total.

Each student's rows are on the disk as soon as that student is done. Run
again, it resumes: students with a total row are skipped (``--regrade``
grades them again; ``--student NAME`` picks some). This file is the
command line only.
"""

import argparse
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import labs as lab_registry  # noqa: E402  (found through the line above)
from course import ROOT  # noqa: E402
from grader import batch, feedback, tree  # noqa: E402
from grader.jobs import usable_cpus  # noqa: E402

DEFAULT_TIMEOUT = 900     # seconds to unpack, build and grade one submission


def minutes(seconds):
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Grade every submission in a folder into one CSV file, with a feedback "
                    "file per student; run again to resume.")
    parser.add_argument("--dir", required=True, help="the folder of submissions")
    parser.add_argument("--out", default="build/grades.csv", help="the CSV file to write")
    parser.add_argument("--feedback", metavar="DIR",
                        help="where the feedback files go (default: feedback/ beside --out)")
    parser.add_argument("--build", default="build/gcc",
                        help="build directory inside each tree, e.g. build/gcc")
    parser.add_argument("--cc", default="cc", help="the compiler (default cc)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds for one submission (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--parallel", type=int, metavar="N",
                        help="submissions graded at once (default: one per CPU this "
                             "process may use)")
    parser.add_argument("--jobs", "-j", type=int,
                        help="labs graded at once within a submission (default: the CPUs "
                             "this process may use, shared among --parallel)")
    parser.add_argument("--ccache", metavar="DIR",
                        help="a ccache directory filled by the course's own builds, read "
                             "(never written) by the sandboxed builds")
    parser.add_argument("--regrade", action="store_true",
                        help="grade again the students the CSV already has")
    parser.add_argument("--student", action="append", metavar="NAME",
                        help="grade only this student's entry (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep each temporary tree")
    parser.add_argument("--cold", action="store_true",
                        help="build each submission from nothing (by default the handout "
                             "is built once and each build starts from its objects)")
    parser.add_argument("--lab", action="append", metavar="ID",
                        help="grade only this lab, e.g. 3.1 (repeatable)")
    parser.add_argument("--sandbox-uid", type=int, default=65534,
                        help="the user submissions' code runs as when we are root "
                             "(default 65534, nobody)")
    args = parser.parse_args(argv)
    # One submission per CPU: a submission alone leaves a CPU idle most of
    # the time (its steps -- unpack, copy, make, link, each boot -- mostly
    # use one), and two keep both busy; verdicts do not depend on the load
    # (every boot's time limit counts guest seconds).
    args.parallel = max(1, usable_cpus() if args.parallel is None else args.parallel)
    if args.jobs is None:
        args.jobs = max(1, usable_cpus() // args.parallel)
    return args


def main(argv=None):
    """Grade every submission of a folder, appending to the CSV as each is done."""
    args = parse_args(argv)
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"grade-all: error: {folder} is not a directory of submissions", file=sys.stderr)
        return 2
    try:
        labs = lab_registry.load(ROOT)
        if args.lab:
            labs = lab_registry.select(labs, None, args.lab)
    except lab_registry.LabError as e:
        print(f"grade-all: error: {e}", file=sys.stderr)
        return 2
    if not lab_registry.student_files(ROOT):
        print("grade-all: error: this tree has no lab markers (it is a student tree): grade "
              "from the instructor's tree, which knows the labs' files", file=sys.stderr)
        return 2
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    if args.student:
        entries = [e for e in entries if batch.student_name(e) in args.student]
    if not entries:
        print(f"grade-all: error: {folder} holds no submissions to grade", file=sys.stderr)
        return 2
    names = [batch.student_name(e) for e in entries]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        print(f"grade-all: error: more than one submission for {', '.join(twice)} in "
              f"{folder}: keep one entry per student", file=sys.stderr)
        return 2
    possible = sum(lab.points for lab in labs)
    try:
        results = batch.Results(args.out, args.student or (), everyone=args.regrade)
    except (OSError, ValueError) as e:
        print(f"grade-all: error: {e}", file=sys.stderr)
        return 2
    todo = [e for e in entries if batch.student_name(e) not in results.finished]
    if len(todo) < len(entries):
        print(f"grade-all: {len(entries) - len(todo)} of {len(entries)} already in {args.out}, "
              "skipped (--regrade grades them again)")
    feedback_dir = Path(args.feedback) if args.feedback else Path(args.out).parent / "feedback"
    print(f"grade-all: {len(todo)} to grade, {args.parallel} at once, {args.jobs} "
          f"lab{'s' if args.jobs != 1 else ''} at once in each", flush=True)

    # kill(1) stops the batch as Ctrl+C does: what is on the disk stays.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    start = time.monotonic()
    running = set()
    scratch = Path(tempfile.mkdtemp(prefix="grade-all-base-"))
    done = 0
    pool = ThreadPoolExecutor(max_workers=args.parallel)
    try:
        base = tree.make_base(scratch / "base")
        if not args.cold:
            print("grade-all: building the handout once: its objects start each "
                  "submission's build", flush=True)
            why = batch.warm_base(base, args, scratch, running)
            if why:
                print(f"grade-all: the handout did not build ({why}): each submission builds "
                      "from nothing", flush=True)
        # Private (0700, in the 0700 scratch folder): only our graders
        # read and fill it (tools/grader/cache.py).
        args.cache = scratch / "cache"
        args.cache.mkdir(mode=0o700)
        futures = [pool.submit(batch.grade_one, e, labs, args, base, running)
                   for e in todo]
        for future in as_completed(futures):
            graded = future.result()
            results.append(graded, possible)
            feedback.write(feedback_dir, graded, labs)
            done += 1
            left = (time.monotonic() - start) / done * (len(todo) - done)
            why = graded.refused()
            print(f"grade-all: {done}/{len(todo)} {graded.student} {graded.points}/"
                  f"{possible} points ({graded.seconds:.0f} s)"
                  + (f", ~{minutes(left)} left" if done < len(todo) else "")
                  + (f"\n  {why}" if why else ""), flush=True)
        pool.shutdown()
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        print(f"grade-all: interrupted; the {done} graded in this run are in {args.out}: "
              "run the same command again to go on", file=sys.stderr)
        return 130
    finally:
        # Every grader stopped before the handout's build is removed, on
        # every way out: an interrupt must leave nothing in TMPDIR.
        for proc in list(running):
            batch.stop(proc, grace=batch.INTERRUPT_GRACE)
        remove_scratch(scratch)
    print(f"grade-all: {len(todo)} graded in {minutes(time.monotonic() - start)}; "
          f"{args.out} and {feedback_dir}/")
    return 0


def remove_scratch(scratch):
    """Remove the handout's build, waiting a moment for processes that a
    stopped grader left to exit (a sandbox's last writes)."""
    for _ in range(50):
        shutil.rmtree(scratch, ignore_errors=True)
        if not scratch.exists():
            return
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
