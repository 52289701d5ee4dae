#!/usr/bin/env python3
"""Grade the labs: build what their tests need, run the tests, print the points.

``make grade`` and ``make lesson N grade`` call it::

    python3 tools/grade.py --build build/gcc --cc cc
    python3 tools/grade.py --build build/gcc --cc cc --lesson 03-vga-text
    python3 tools/grade.py --build build/gcc --cc cc --lab 3.1 --lab 4.2
    python3 tools/grade.py --build build/gcc --cc cc --csv marks.csv --student alice

How a lab is graded
-------------------
tests/labs/labs.txt (read through tools/labs.py) names each lab's tests. A
lab scores all its points when every one of its tests passes, and 0
otherwise, with the reason: the first test that did not pass and what it
showed. Its later tests are then not run.

* Building: for each lesson, ``make`` builds the images and host test
  programs its labs' tests need. If that fails, every lab of the lesson
  scores 0 with "does not build" and the compiler's first error; the other
  lessons are still graded.
* Boot tests run through tools/qemu_runner.py, exactly as ``make test`` runs
  them: a kernel that hangs scores 0 with "hang after N s", one that resets
  the CPU "triple fault", one that panics or fails an in-kernel test
  "failed" with the message. A stub that says "lab 3.1 not implemented"
  makes the reason start with "not implemented".
* Host tests run through tools/run_tests.py; a failed case gives its message.

Labs run in parallel (``--jobs``), each on its own kernel, so one lab that
hangs or faults costs only its own points. The exit status is 0 with full
marks, 1 otherwise, 2 for a bad request (an unknown lab, say).
"""

import argparse
import csv
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import labs as lab_registry  # noqa: E402  (found through the line above)
import qemu_runner  # noqa: E402
import run_tests  # noqa: E402

ROOT = lab_registry.ROOT
BUILD_TIMEOUT = 900     # seconds for building one lesson's lab targets
REASON_WIDTH = 200      # a reason is one line, cut to this many characters


@dataclass
class Score:
    """What one lab earned, and why."""
    lab: lab_registry.Lab
    points: int
    reason: str          # "passed", or why the lab scored 0


def one_line(text):
    """A reason as one line of reasonable length."""
    text = " ".join(text.split())
    return text if len(text) <= REASON_WIDTH else text[:REASON_WIDTH - 3] + "..."


def relative(path):
    """A path as make must see it: relative to the repository if inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# Building

def test_target(lab, name, build):
    """(kind, path) of what one test needs: ("host", program) or ("boot", ISO)."""
    if name.startswith("host/"):
        return "host", build / "host" / name[len("host/"):]
    spec = qemu_runner.load_spec(ROOT / "lessons" / lab.lesson / "tests" / f"{name}.test")
    return "boot", build / lab.lesson / f"{spec.image_name()}.iso"


def first_error(output):
    """The line of a failed build that best says what is wrong."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"\berror\b", line, re.IGNORECASE) and not line.startswith("make"):
            return line
    for line in lines:
        if "undefined reference" in line or "No rule to make target" in line:
            return line
    return lines[-1] if lines else "(no output)"


def build_lesson(targets, cc, jobs):
    """Build targets with make; None if it worked, else the reason for 0 points."""
    command = ["make", "-s", "--no-print-directory", f"-j{jobs}", f"CC={cc}",
               *sorted({relative(t) for t in targets})]
    try:
        proc = subprocess.run(command, cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"does not build: the build took more than {BUILD_TIMEOUT} s"
    except OSError as e:
        return f"does not build: cannot run make: {e}"
    if proc.returncode != 0:
        return "does not build: " + first_error(proc.stdout.decode(errors="replace"))
    return None


# ---------------------------------------------------------------------------
# Running one lab's tests

def not_implemented(lab, text):
    """The line in which a stub says this lab is not done, or None."""
    needle = f"lab {lab.id} not implemented"
    for line in text.splitlines():
        if needle in line:
            return line.strip()
    return None


def failure_message(lab, context):
    """The line that explains a failed in-kernel test: its panic, else the
    first check that failed (FILE:LINE: ... or "lab ID: ..."), else the last
    line before its result."""
    lines = [line.strip() for line in context if line.strip()]
    for line in lines:
        if line.startswith("panic: "):
            return line
    for line in lines:
        if re.match(r"^\S+\.c:\d+: ", line) or line.startswith(f"lab {lab.id}"):
            return line
    return lines[-1] if lines else "failed"


def boot_reason(lab, label, spec, result):
    """Why a boot test did not pass, in words a student can act on."""
    if result.verdict == "hang":
        why = f"hang after {spec.timeout:g} s: {result.reason}"
    elif result.verdict == "triple-fault":
        why = f"triple fault: {result.reason}"
    elif result.verdict == "boot-error":
        why = f"boot error: {result.reason}"
    else:
        failed = [(name, context) for name, ok, context in result.ktests if not ok]
        if failed:
            name, context = failed[0]
            why = f"failed: {name}: {failure_message(lab, context)}"
        else:
            why = f"{result.verdict.replace('-', ' ')}: {result.reason}"
    stub = not_implemented(lab, result.serial)
    if stub:
        why = f"not implemented ({stub})"
    return f"{label}: {why}"


def run_boot(lab, name, label, build):
    """Boot one of the lab's tests; None if it passed, else the reason."""
    spec = qemu_runner.load_spec(ROOT / "lessons" / lab.lesson / "tests" / f"{name}.test")
    iso = build / lab.lesson / f"{spec.image_name()}.iso"
    result = qemu_runner.run(iso, spec)
    if result.verdict == (spec.verdict or "passed"):
        return None
    return boot_reason(lab, label, spec, result)


def run_host(lab, name, label, build):
    """Run one of the lab's host test programs; None if every case passed.

    The verdict comes from run_tests.py's records (one per case, and one for
    the program when it crashed or said nothing), not from its text.
    """
    report = run_tests.run_host_test(build / "host" / name[len("host/"):])
    failed = [o for o in report.outcomes if not o.passed]
    if report.outcomes and not failed:
        return None
    stub = not_implemented(lab, "\n".join(o.output for o in report.outcomes))
    if stub:
        return f"{label}: not implemented ({stub})"
    if not failed:
        return f"{label}: failed: no test results"
    first = failed[0]
    case = first.label[len(label) + 1:] if first.label.startswith(label + "/") else ""
    return f"failed: {first.label}: {first.reason}" if case else f"{label}: {first.reason}"


def grade_lab(lab, build):
    """Run a lab's tests in order until one fails; the lab's Score."""
    for name, label in zip(lab.tests, lab.labels):
        try:
            if name.startswith("host/"):
                why = run_host(lab, name, label, build)
            else:
                why = run_boot(lab, name, label, build)
        except (OSError, qemu_runner.SpecError) as e:
            why = f"{label}: cannot run the test: {e}"
        if why:
            return Score(lab, 0, one_line(why))
    return Score(lab, lab.points, "passed")


# ---------------------------------------------------------------------------
# The whole run

def grade(labs, build, cc, jobs, progress=print):
    """Build and grade labs; a list of Scores in lab order."""
    scores = {}
    by_lesson = {}
    for lab in labs:
        by_lesson.setdefault(lab.lesson, []).append(lab)
    runnable = []
    for lesson, lesson_labs in by_lesson.items():
        targets = []
        for lab in lesson_labs:
            try:
                targets += [path for _, path in (test_target(lab, n, build) for n in lab.tests)]
            except (OSError, qemu_runner.SpecError) as e:
                scores[lab.id] = Score(lab, 0, one_line(f"bad test spec: {e}"))
        progress(f"grade: building {lesson} ({len(lesson_labs)} labs)")
        problem = build_lesson(targets, cc, jobs)
        for lab in lesson_labs:
            if lab.id in scores:
                continue
            if problem:
                scores[lab.id] = Score(lab, 0, one_line(problem))
            else:
                runnable.append(lab)

    progress(f"grade: running the tests of {len(runnable)} labs, {jobs} at a time")
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for score in pool.map(lambda lab: grade_lab(lab, build), runnable):
            scores[score.lab.id] = score
    return [scores[lab.id] for lab in labs]


def print_table(scores, out=sys.stdout):
    """The result: one line per lab (and the reason under a lab that scored 0), a total."""
    earned = sum(s.points for s in scores)
    possible = sum(s.lab.points for s in scores)
    print(f"\n{'lab':<6}{'points':>7}  title", file=out)
    for s in scores:
        print(f"{s.lab.id:<6}{s.points:>3}/{s.lab.points:<3}  {s.lab.title}", file=out)
        if s.reason != "passed":
            print(f"{'':<15}{s.reason}", file=out)
    print(f"{'total':<6}{earned:>3}/{possible:<3}  "
          f"{'full marks' if earned == possible else 'not full marks'}", file=out)


def write_csv(path, student, scores):
    """Append one row per lab: student, exercise, points, possible, reason."""
    path = Path(path)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(["student", "exercise", "points", "possible", "reason"])
        for s in scores:
            writer.writerow([student, s.lab.id, s.points, s.lab.points, s.reason])


def main(argv=None):
    """Grade, print the table, exit 0 only with full marks."""
    parser = argparse.ArgumentParser(
        description="Grade the labs: build, run each lab's tests, print points and a total.")
    parser.add_argument("--build", required=True, help="build directory, e.g. build/gcc")
    parser.add_argument("--cc", default="cc", help="the compiler make should use (default cc)")
    parser.add_argument("--lesson", help="only the labs of this lesson (2, 02 or 02-name)")
    parser.add_argument("--lab", action="append", metavar="ID",
                        help="only this lab, e.g. 3.1 (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="labs graded at once (default: number of CPUs)")
    parser.add_argument("--csv", metavar="FILE", help="also append the scores to this CSV file")
    parser.add_argument("--student", default="", help="the student's name for --csv")
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

    build = Path(args.build)
    build = build if build.is_absolute() else Path.cwd() / build
    signal.signal(signal.SIGTERM, lambda *_: qemu_runner.STOP.set())
    start = time.monotonic()
    try:
        scores = grade(chosen, build, args.cc, args.jobs)
    except (KeyboardInterrupt, qemu_runner.Interrupted):
        qemu_runner.STOP.set()
        print("grade: interrupted", file=sys.stderr)
        return 130
    print_table(scores)
    print(f"({time.monotonic() - start:.0f} s)")
    if args.csv:
        write_csv(args.csv, args.student, scores)
    return 0 if all(s.points == s.lab.points for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
