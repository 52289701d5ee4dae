#!/usr/bin/env python3
"""Grade the labs: build what their tests need, run the tests, print the points.

``make grade`` and ``make lesson N grade`` call it::

    python3 tools/grade.py --build build/gcc --cc cc
    python3 tools/grade.py --build build/gcc --cc cc --lesson 03-vga-text
    python3 tools/grade.py --build build/gcc --cc cc --lab 3.1 --lab 4.2
    python3 tools/grade.py --build build/gcc --cc cc --csv marks.csv --student alice
    python3 tools/grade.py --build build/gcc --cc cc --json details.json

tests/labs/labs.txt (read through tools/labs.py) names each lab's tests. A
lab scores all its points when every one of its tests passes, and 0
otherwise, with the reason: the first test that did not pass and what it
showed. book/instructor.md ("How a lab is graded") tells how each kind of
test is built, run and judged (tools/grader/ does it; its __init__ maps
the modules). Labs run in parallel (``--jobs``), each on its own kernel,
so one lab that hangs or faults costs only its own points. The exit status
is 0 with full marks, 1 otherwise, 2 for a bad request (an unknown lab, say).
"""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import labs as lab_registry  # noqa: E402  (found through the line above)
import runner  # noqa: E402  (the package tools/runner)
import sandbox  # noqa: E402
from grader import hidden  # noqa: E402
from grader.boot_labs import run_boot, test_target  # noqa: E402
from grader.cache import Cache, CacheError  # noqa: E402
from grader.host_labs import run_host  # noqa: E402
from grader.jobs import usable_cpus  # noqa: E402
from grader.report import Score, one_line, print_table, write_csv, write_json  # noqa: E402
from grader.runs import (ROOT, Refused, Setup, admit_tree, build_lesson,  # noqa: E402
                         check_build_lists, own_uid, qemu_sandbox)
from runner.printable import printable  # noqa: E402


BUILT = "built, not graded (--build-only)"


def grade_lab(lab, setup):
    """Run a lab's tests in order until one fails; the lab's Score."""
    if lab.lesson in setup.refused_lists:
        return Score(lab, 0, one_line(setup.refused_lists[lab.lesson]))
    for name, label in zip(lab.tests, lab.labels):
        evidence = {}
        try:
            if setup.record and not name.startswith("host/"):
                continue
            if name.startswith("host/"):
                why = run_host(lab, name, label, setup, setup.record)
            else:
                why = run_boot(lab, name, label, setup, evidence)
        except Refused as e:
            why = str(e)
        except (OSError, runner.SpecError) as e:
            why = f"{label}: cannot run the test: {e}"
        if why:
            return Score(lab, 0, printable(why, keep="\n"), evidence)
    return Score(lab, lab.points, "passed")


def grade(labs, setup, progress=print):
    """Build and grade labs; a list of Scores in lab order."""
    scores = {}
    by_lesson = {}
    for lab in labs:
        by_lesson.setdefault(lab.lesson, []).append(lab)
    setup.refused_lists = check_build_lists(setup, lab_registry.lesson_dirs(setup.tree))
    public = Path(tempfile.mkdtemp(prefix="grade-public-"))
    try:
        os.chmod(public, 0o755)
        setup.public = hidden.public_tests(ROOT, lab_registry.lesson_dirs(ROOT), public)
        return _grade(by_lesson, labs, scores, setup, progress)
    finally:
        shutil.rmtree(public, ignore_errors=True)


def _grade(by_lesson, labs, scores, setup, progress):
    """grade() once the public tests are laid out."""
    runnable = []
    for lesson, lesson_labs in by_lesson.items():
        targets = []
        for lab in lesson_labs:
            try:
                targets += [path for kind, path in (test_target(lab, n, setup.build)
                                                    for n in lab.tests) if kind == "boot"]
            except (OSError, runner.SpecError) as e:
                scores[lab.id] = Score(lab, 0, one_line(f"bad test spec: {e}"))
        problem = setup.refused_lists.get(lesson)
        if targets and not problem:
            progress(f"grade: building {lesson} ({len(lesson_labs)} labs)")
            problem = build_lesson(setup, targets)
        for lab in lesson_labs:
            if lab.id in scores:
                continue
            if problem:
                scores[lab.id] = Score(lab, 0, one_line(problem))
            else:
                runnable.append(lab)

    if setup.build_only:
        return [scores.get(lab.id, Score(lab, 0, BUILT)) for lab in labs]
    progress(f"grade: running the tests of {len(runnable)} labs, {setup.jobs} at a time")
    with ThreadPoolExecutor(max_workers=max(1, setup.jobs)) as pool:
        for score in pool.map(lambda lab: grade_lab(lab, setup), runnable):
            scores[score.lab.id] = score
    return [scores[lab.id] for lab in labs]


def main(argv=None):
    """Grade, print the table, exit 0 only with full marks."""
    parser = argparse.ArgumentParser(
        description="Grade the labs: build, run each lab's tests, print points and a total.")
    parser.add_argument("--build", required=True, help="build directory, e.g. build/gcc")
    parser.add_argument("--cc", default="cc", help="the compiler make should use (default cc)")
    parser.add_argument("--lesson", help="only the labs of this lesson (2, 02 or 02-name)")
    parser.add_argument("--lab", action="append", metavar="ID",
                        help="only this lab, e.g. 3.1 (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=usable_cpus(),
                        help="labs graded at once (default: the CPUs this process may "
                             "use, from its affinity and its cgroup's quota)")
    parser.add_argument("--csv", metavar="FILE", help="also append the scores to this CSV file")
    parser.add_argument("--tree", default=str(ROOT),
                        help="the submission's tree to grade (default: this one); the tests, "
                             "tools and Makefile always come from this tree")
    parser.add_argument("--sandbox-uid", type=int, default=sandbox.SANDBOX_UID,
                        help="the user the submission's code runs as when we are root "
                             f"(default {sandbox.SANDBOX_UID}, nobody; in the setpriv mode "
                             "each run, and this grader's QEMUs, get a uid of their own)")
    parser.add_argument("--ccache", metavar="DIR",
                        help="a ccache directory filled by the course's own builds, which "
                             "the sandboxed builds read (never write) to go faster")
    parser.add_argument("--cache", metavar="DIR",
                        help="a private folder (0700) where a batch keeps the objects the "
                             "course's own files compile to, for its next submissions "
                             "(tools/grader/cache.py)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run the build and tests as they are, without bwrap (your own "
                             "code only: never to grade someone else's)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write each lab's whole reason, and a failed boot's serial "
                             "tail and final screen, to this JSON file (the batch's feedback)")
    parser.add_argument("--student", default="", help="the student's name for --csv")
    parser.add_argument("--full", action="store_true",
                        help="show each reason whole, not cut to one line of 200 characters")
    parser.add_argument("--build-only", action="store_true",
                        help="build what the labs' tests need, grade nothing (the batch "
                             "builds the handout once so: its objects are every "
                             "submission's starting point)")
    parser.add_argument("--record-expected", action="store_true",
                        help="course maintainers: run the host labs' tests on this tree's own "
                             "solutions and write the observations the grader expects "
                             "(tests/labs/expected/, tests/labs/hidden/*.expected)")
    args = parser.parse_args(argv)

    try:
        labs = lab_registry.load(ROOT)
        lesson = None
        if args.lesson:
            word = args.lesson.rstrip("/").split("/")[-1]
            number = word.split("-", 1)[0]
            lesson = lab_registry.lesson_for(int(number), ROOT) if number.isdigit() else None
            if lesson is None or (("-" in word) and word != lesson):
                raise lab_registry.LabError(
                    f"unknown lesson {args.lesson!r}: the lessons are "
                    f"{' '.join(lab_registry.lesson_dirs(ROOT))}")
        chosen = lab_registry.select(labs, lesson, args.lab)
    except lab_registry.LabError as e:
        print(f"grade: error: {e}", file=sys.stderr)
        return 2
    if not chosen:
        print(f"grade: lesson {lesson} has no labs", file=sys.stderr)
        return 2

    tree = Path(args.tree).resolve()
    build = Path(args.build)
    if build.is_absolute() and tree in build.resolve().parents:
        build = build.resolve().relative_to(tree)
    if build.is_absolute() or ".." in build.parts:
        print(f"grade: error: --build {args.build}: give a directory inside the tree, "
              "e.g. build/gcc", file=sys.stderr)
        return 2
    setup = Setup(tree, tree / build, args.cc, args.jobs, not args.no_sandbox,
                  args.sandbox_uid)
    setup.build_only = args.build_only
    if args.record_expected:
        if tree != ROOT.resolve():
            print("grade: error: --record-expected records the course's own tree only",
                  file=sys.stderr)
            return 2
        setup.record = True
        chosen = [lab for lab in chosen if any(t.startswith("host/") for t in lab.tests)]
    if args.ccache:
        if not Path(args.ccache).is_dir() or shutil.which("ccache") is None:
            print(f"grade: error: --ccache {args.ccache}: not a directory, or ccache is "
                  "not installed", file=sys.stderr)
            return 2
        setup.ccache = Path(args.ccache).resolve()
    if args.cache:
        try:
            setup.cache = Cache(args.cache)
        except (OSError, CacheError) as e:
            print(f"grade: error: --cache {args.cache}: {e}", file=sys.stderr)
            return 2
    if setup.isolate:
        problem = sandbox.available()
        if problem:
            print(f"grade: error: the sandbox cannot run: {problem} "
                  "(--no-sandbox grades your own tree without it)", file=sys.stderr)
            return 2
        own_uid(setup)
        # A batch's grading tree is private until opened to our runs alone.
        closed = sandbox.closed_parent(tree.parent if admit_tree(setup) else tree, setup.uid)
        if closed:
            print(f"grade: error: the sandbox's user (uid {setup.uid}) cannot reach the tree: "
                  f"{closed} is not open to others (chmod o+x it, or grade a copy elsewhere)",
                  file=sys.stderr)
            return 2
        setup.confine = qemu_sandbox(setup)
    signal.signal(signal.SIGTERM, lambda *_: runner.STOP.set())
    start = time.monotonic()
    try:
        scores = grade(chosen, setup)
    except (KeyboardInterrupt, runner.Interrupted):
        runner.STOP.set()
        print("grade: interrupted", file=sys.stderr)
        return 130
    if setup.build_only:
        failed = [s for s in scores if s.reason != BUILT]
        for s in failed:
            print(f"grade: {s.lab.id}: {s.reason}")
        return 1 if failed else 0
    print_table(scores, full=args.full)
    print(f"({time.monotonic() - start:.0f} s)")
    if args.json:
        write_json(args.json, scores)
    if args.csv:
        write_csv(args.csv, args.student, scores)
    return 0 if all(s.points == s.lab.points for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
