#!/usr/bin/env python3
"""Run the course's tests: boot tests, in-kernel tests, host tests, debug test.

``make test`` and ``make lesson N test`` call this script::

    python3 tools/run_tests.py --build build/gcc --all
    python3 tools/run_tests.py --build build/gcc --lesson 02-minimal-kernel
    python3 tools/run_tests.py --build build/gcc --host --jobs 1
    python3 tools/run_tests.py --build build/gcc --all --list

What it runs (the images are built by the Makefile beforehand):

* boot tests: ``lessons/<lesson>/tests/*.test``; each boots one image of
  ``BUILD/<lesson>/`` (``kernel``, ``ktest`` or ``<name>``: the ``.elf``
  for a direct boot, the GRUB ``.iso`` otherwise, as the spec's ``boot``
  line says; the Makefile wraps only ``kernel`` in a GRUB image) with the
  runner (the package ``tools/runner/``) and gets one verdict. In-kernel
  test lines
  (``name ... [ok]`` / ``name ... [failed]``) on the serial port count as
  tests of their own, labelled ``<lesson>/<test>/<name>``.
* runner self-tests: ``tests/runner/*.test`` boot kernels that break on
  purpose (``BUILD/runner/<name>.iso``); each passes when the runner's
  verdict is the one its ``verdict`` line names. ``tests/runner/*.sh BUILD``
  check what a verdict cannot show (the runner's output, memory, leftovers).
* host tests: the cmocka programs ``BUILD/host/test_*``; each test case
  counts.
* script tests: ``tests/debug/*.sh BUILD`` (the gdb test), ``tests/book/*.sh BUILD``
  (the book builds without warnings, ...) and ``tests/labs/*.sh BUILD`` (the
  labs: full marks here, none in the handout, batch grading). The lab
  scripts build and grade whole trees: they run one after another, in one
  place of the pool, beside the other tests.

The labs' own tests (``lessons/*/tests/lab_*.test``, ``tests/host/test_lab_*``)
are ordinary tests here; ``--no-lab-tests`` leaves them out, as in a student
tree where they fail until the labs are solved. Their hidden variants
(``lessons/*/tests/*_hidden.test``, instructor-only) are not: tools/grade.py
boots them in place of the public tests (``make grade``, tests/labs/check.sh).

Tests run in parallel, slowest first (by their time in the previous run), a
fixed number at a time (``--jobs``, default: the CPUs this process may use),
the lab scripts' chain taking one place from the start. Each result
is printed as soon as it is known, as one block; the last line is always
``N passed, N failed`` and the exit status is 1 if anything failed. A script
that does not apply here (the book's outputs in a student tree) exits with
77 and prints why: a ``SKIP`` line, counted neither passed nor failed
(verdict "skipped" in the JSON).
``--json FILE`` also writes the results for programs (tools/grade.py and the
lab check read them rather than this text): a list with one record per
counted test, ``{"name", "verdict": "passed"|"failed", "reason", "output"}``.

This file is the command line only; the package ``tools/testrun/`` does the
work (its ``__init__.py`` has the map of its modules).
"""

import argparse
import signal
import sys
import threading
from pathlib import Path

# Import the runner from beside this file, without leaving a __pycache__
# directory in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import runner  # noqa: E402  (the package tools/runner/, found through the line above)
import term_output  # noqa: E402  (colour, count and progress line at a terminal)
# What other tools use from here (tools/grade.py, tools/bench.py, tests/runner/).
from testrun.boot import BootTest, run_boot_test  # noqa: E402,F401
from testrun.collect import HIDDEN_SUFFIX, boot_tests, collect, runner_tests  # noqa: E402,F401
from testrun.host import cmocka_reason, parse_cmocka  # noqa: E402,F401
from testrun.pool import Times, default_jobs, run_pool  # noqa: E402
from testrun.results import Outcome, Report, shown, write_json  # noqa: E402,F401


def _terminate(signum, frame):
    """SIGTERM handler: stop the way Ctrl-C does."""
    raise KeyboardInterrupt()


def main(argv=None):
    """Discover, run and report; exit status 1 if any test failed."""
    parser = argparse.ArgumentParser(
        description="Run the boot, in-kernel, host and debug tests; "
                    "the last line is 'N passed, N failed'.")
    parser.add_argument("--build", required=True, help="build directory, e.g. build/gcc")
    parser.add_argument("--lesson", action="append", metavar="LESSON",
                        help="a lesson directory name, e.g. 02-minimal-kernel (repeatable)")
    parser.add_argument("--host", action="store_true", help="the host unit tests")
    parser.add_argument("--runner", action="store_true", help="the runner's self-tests")
    parser.add_argument("--debug", action="store_true", help="the gdb test")
    parser.add_argument("--book", action="store_true",
                        help="the book's checks (tests/book/*.sh): Doxygen without warnings, ...")
    parser.add_argument("--labs", action="store_true",
                        help="the lab check (tests/labs/*.sh): full marks here, none in the "
                             "handout, batch grading")
    parser.add_argument("--no-lab-tests", action="store_true",
                        help="leave out the labs' own tests (lab_*.test, test_lab_*)")
    parser.add_argument("--firmware", choices=("bios", "uefi"),
                        help="only the lessons' boots under this firmware")
    parser.add_argument("--all", action="store_true",
                        help="everything (the default when nothing is chosen)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(),
                        help="tests run at once (default: the CPUs this process may use)")
    parser.add_argument("--list", action="store_true", help="list the tests, run nothing")
    parser.add_argument("--json", metavar="FILE",
                        help="also write one record per counted test to FILE: a JSON list "
                             "of {name, verdict (passed/failed), reason, output}")
    args = parser.parse_args(argv)

    build = Path(args.build)
    if not build.is_absolute():
        build = Path.cwd() / build
    jobs = collect(args, build)
    if args.list:
        for job in jobs:
            print(f"{job.label}  {job.test.where()}" if job.test else job.label)
        return 0

    # SIGTERM (e.g. from a CI time limit) and SIGHUP (the terminal closed)
    # stop like Ctrl-C: QEMUs are killed, their files removed.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    print_lock = threading.Lock()
    outcomes = []
    progress = term_output.Progress(len(jobs))
    times = Times(build)

    def run_job(job):
        progress.started(job.label)
        # Any bug in a job becomes a failed test, never a crash of the run.
        try:
            report = job.run()
        except runner.Interrupted:
            return
        except Exception as e:  # noqa: BLE001
            report = Report(f"FAIL  {job.label}: runner error — {type(e).__name__}: {e}",
                            [Outcome(job.label, False)])
        with print_lock:      # one block at a time: no interleaving
            # Escaped before the progress display adds its own colour.
            progress.finished(job.label, shown(report.text))
            outcomes.extend(report.outcomes)

    try:
        run_pool(jobs, args.jobs, run_job, times)
    except KeyboardInterrupt:
        progress.close()
        runner.STOP.set()               # every boot kills its QEMU and stops
        print("interrupted", file=sys.stderr)
        return 130
    times.write()

    if args.json:
        write_json(args.json, outcomes)
    passed = sum(1 for o in outcomes if o.passed and not o.skipped)
    failed = [o.label for o in outcomes if not o.passed]
    skipped = [o.label for o in outcomes if o.skipped]
    summary = []
    if skipped:
        summary.append("\nskipped (see the SKIP lines): " + ", ".join(skipped))
    if failed:
        summary.append("\nfailed: " + ", ".join(failed))
    summary.append(f"{passed} passed, {len(failed)} failed")
    progress.summary(shown("\n".join(summary)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
