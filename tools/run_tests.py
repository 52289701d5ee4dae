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
  line says) with the runner (the package ``tools/runner/``) and gets one
  verdict. In-kernel test lines
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
  labs: full marks here, none in the handout, batch grading). The lab check
  boots many kernels itself, so it runs alone, after everything else.

The labs' own tests (``lessons/*/tests/lab_*.test``, ``tests/host/test_lab_*``)
are ordinary tests here; ``--no-lab-tests`` leaves them out, as in a student
tree where they fail until the labs are solved. Their hidden variants
(``lessons/*/tests/*_hidden.test``, instructor-only) are not: tools/grade.py
boots them in place of the public tests (``make grade``, tests/labs/check.sh).

Tests run in parallel, slowest first (by their time in the previous run), a
fixed number at a time (``--jobs``, default: the CPUs this process may use);
the lab scripts run last, one at a time. Each result
is printed as soon as it is known, as one block; the last line is always
``N passed, N failed`` and the exit status is 1 if anything failed. A script
that does not apply here (the book's outputs in a student tree) exits with
77 and prints why: a ``SKIP`` line, counted neither passed nor failed
(verdict "skipped" in the JSON).
``--json FILE`` also writes the results for programs (tools/grade.py and the
lab check read them rather than this text): a list with one record per
counted test, ``{"name", "verdict": "passed"|"failed", "reason", "output"}``.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# Import the runner from beside this file, without leaving a __pycache__
# directory in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import runner  # noqa: E402  (the package tools/runner/, found through the line above)
import term_output  # noqa: E402  (colour, count and progress line at a terminal)
from course import ROOT, lesson_dirs  # noqa: E402

HOST_TIMEOUT = 60      # seconds for one cmocka program
DEBUG_TIMEOUT = 120    # seconds for the gdb test script and the book's checks
LABS_TIMEOUT = 900     # seconds for each lab script (they build and grade whole trees)
LAB_TEST_PREFIXES = ("lab_", "test_lab_")   # the labs' own tests are named so
HIDDEN_SUFFIX = "_hidden"    # instructor-only variants of the labs' boot tests
TAIL = 15              # output lines shown under a failure


# ---------------------------------------------------------------------------
# Results

@dataclass
class Outcome:
    """The result of one counted test, as ``--json`` writes it."""
    label: str
    passed: bool
    reason: str = ""      # why it failed or was skipped (one line), "" when it passed
    output: str = ""      # what it printed that explains the result
    skipped: bool = False  # it did not apply here (passed is True: nothing failed)

    def record(self):
        """The JSON record: name, verdict, reason, output, with what the
        kernels wrote escaped (runner.printable), for whoever shows it."""
        verdict = "skipped" if self.skipped else "passed" if self.passed else "failed"
        return {"name": runner.printable(self.label, keep=""), "verdict": verdict,
                "reason": runner.printable(self.reason, keep=""),
                "output": runner.printable(self.output)}


@dataclass
class Report:
    """What one job prints (a block of lines) and what it counts."""
    text: str
    outcomes: list = field(default_factory=list)


def shown(text):
    """A report as it is printed: what kernels and test programs wrote is
    data, shown with every control character escaped (runner.printable)."""
    return runner.printable(text)


def indent(lines, prefix="    "):
    """Indent each line for the details under a result line."""
    return [prefix + line for line in lines]


def output_tail(text, n=TAIL):
    """The last n non-empty lines of a program's output."""
    return runner.tail(text.splitlines(), n)


# ---------------------------------------------------------------------------
# Jobs: each returns a Report

@dataclass
class BootTest:
    """A .test spec and where its image is."""
    label: str        # e.g. 02-minimal-kernel/hello or runner/hang
    spec_path: Path
    build: Path
    lesson: str       # lesson directory name, or "" for runner self-tests
    firmware: str = ""  # boot under this firmware, not the spec's first

    def image(self, spec):
        """The ISO this spec boots."""
        if not self.lesson:
            return self.build / "runner" / f"{spec.kernel or self.spec_path.stem}.iso"
        return self.build / self.lesson / f"{spec.image_name()}.iso"

    def weight(self):
        """How long the test takes, to start the slow ones first: its time
        in the previous run (BUILD/test-times.json), else a guess.

        A test expected to hang always runs to its time limit; others
        usually end long before it.
        """
        if self.label in PREVIOUS_TIMES:
            return PREVIOUS_TIMES[self.label]
        try:
            spec = runner.load_spec(self.spec_path)
        except (OSError, runner.SpecError):
            return 0
        return spec.timeout if spec.verdict == "hang" else spec.timeout / 10


def run_boot_test(test):
    """Boot one spec's image and report the verdict (and in-kernel tests)."""
    try:
        spec = runner.load_spec(test.spec_path)
    except (OSError, runner.SpecError) as e:
        return Report(f"FAIL  {test.label}: bad spec — {e}", [Outcome(test.label, False)])
    if test.firmware:
        spec.firmware = test.firmware
    iso = test.image(spec)
    image = runner.qemu.boot_file(iso, spec.boot_path())   # the ELF for a direct boot
    if not image.is_file():
        return Report(f"FAIL  {test.label}: image not built: {image}",
                      [Outcome(test.label, False)])
    result = runner.run(iso, spec)
    BOOT_TIMES[test.label] = round(result.duration, 2)

    if spec.verdict or not test.lesson:
        return _verdict_report(test, spec, result)

    lines = [runner.report(result, test.label, tail_lines=TAIL)]
    outcomes = [Outcome(test.label, result.verdict == "passed",
                        "" if result.verdict == "passed" else f"{result.verdict}: {result.reason}",
                        "\n".join(result.serial_tail(TAIL)))]
    # In-kernel tests: one result line each, after the kernel's own line.
    for name, ok, context in result.ktests:
        label = f"{test.label}/{name}"
        context = [line for line in context if line.strip()]
        outcomes.append(Outcome(label, ok, "" if ok else (context[-1].strip() if context
                                                           else "failed"), "\n".join(context)))
        if ok:
            lines.append(f"PASS  {label}")
        else:
            lines.append(f"FAIL  {label}")
            lines += indent([line for line in context if line.strip()])
    return Report("\n".join(lines), outcomes)


def _verdict_report(test, spec, result):
    """A runner self-test passes when the verdict is the expected one."""
    wanted = spec.verdict or "passed"
    ok = result.verdict == wanted
    if ok:
        text = f"PASS  {test.label}  (verdict {wanted} as expected, {result.duration:.1f} s)"
    else:
        # The runner's own report (minus its result line) shows what it saw.
        seen = runner.report(result, test.label, tail_lines=TAIL).splitlines()[1:]
        reason = f" ({result.reason})" if result.reason and result.verdict != "passed" else ""
        text = "\n".join(
            [f"FAIL  {test.label}: the runner said {result.verdict}{reason}, the spec "
             f"expects {wanted}  ({result.duration:.1f} s)"] + seen)
    return Report(text, [Outcome(test.label, ok, "" if ok else
                                 f"verdict {result.verdict}, expected {wanted}")])


# cmocka prints "[ RUN      ] name" before a test and "[       OK ] name" or
# "[  FAILED  ] name" (also ERROR, SKIPPED) after it. Failure messages come
# in between. The summary repeats failed names; those lines are ignored
# because no test is running then.
CMOCKA_LINE = re.compile(r"\[\s*(?P<tag>RUN|OK|FAILED|ERROR|SKIPPED)\s*\] (?P<name>\S.*?)\s*$")


def parse_cmocka(output):
    """Test cases from cmocka output: list of (name, passed, message lines).

    A test that started but never finished (the program crashed inside it)
    counts as failed. Skipped tests are not counted.
    """
    cases = []
    current = None
    messages = []
    for line in output.splitlines():
        m = CMOCKA_LINE.search(line)
        if m and m.group("tag") == "RUN":
            current, messages = m.group("name"), []
            continue
        if m and current is not None and m.group("name") == current:
            tag = m.group("tag")
            if tag != "SKIPPED":
                cases.append((current, tag == "OK", messages))
            current = None
            continue
        if current is not None:
            messages.append(line)
    if current is not None:
        cases.append((current, False, messages + ["(the program stopped inside this test)"]))
    return cases


def cmocka_reason(messages):
    """One line from a failed case's messages: 'MESSAGE at FILE:LINE' from
    cmocka's '[ ERROR ] --- MESSAGE' and '[ LINE ] --- FILE:LINE: error: ...'
    lines, else its first message line."""
    message = where = ""
    for line in messages:
        m = re.match(r"\s*\[\s*(ERROR|LINE)\s*\] --- (.*)$", line)
        if m and m.group(1) == "ERROR" and not message:
            message = m.group(2).strip()
        elif m and m.group(1) == "LINE" and not where:
            where = m.group(2).split(": error")[0].strip()
    if not message:
        lines = [line.strip() for line in messages if line.strip()]
        # A sanitizer's report: its "ERROR: AddressSanitizer: ..." or
        # "FILE:LINE: runtime error: ..." line says what went wrong.
        for line in lines:
            if "Sanitizer:" in line or "runtime error:" in line:
                return re.sub(r"^==\d+==", "", line)
        return lines[0] if lines else "failed"
    return message + (f" at {where}" if where else "")


def run_host_test(binary):
    """Run one cmocka program; each test case is one result."""
    name = binary.name
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="stdout")
    start = time.monotonic()
    try:
        proc = subprocess.run([str(binary)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=HOST_TIMEOUT)
        output = proc.stdout.decode(errors="replace")
        status = proc.returncode
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode(errors="replace")
        status = None
    except OSError as e:
        return Report(f"FAIL  host/{name}: cannot run — {e}", [Outcome(f"host/{name}", False)])
    duration = time.monotonic() - start

    lines, outcomes = [], []
    for case, ok, messages in parse_cmocka(output):
        label = f"host/{name}/{case}"
        outcomes.append(Outcome(label, ok, "" if ok else cmocka_reason(messages),
                                "\n".join(messages)))
        lines.append(f"{'PASS' if ok else 'FAIL'}  {label}")
        if not ok:
            lines += indent(runner.tail(messages, TAIL))
    # A crash, a sanitizer report or a time-out outside the parsed cases
    # fails the program as a whole.
    problem = None
    if status is None:
        problem = f"time limit of {HOST_TIMEOUT} s reached"
    elif status < 0:
        problem = f"killed by signal {-status}"
    elif status != 0 and all(outcome.passed for outcome in outcomes):
        problem = f"exit status {status}" + ("" if outcomes else " and no test results")
    elif not outcomes:
        problem = "no test results in its output"
    if problem:
        outcomes.append(Outcome(f"host/{name}", False, problem,
                                "\n".join(output_tail(output))))
        lines.append(f"FAIL  host/{name}: {problem}  ({duration:.1f} s)")
        lines += indent(output_tail(output))
    return Report("\n".join(lines), outcomes)


SKIP_STATUS = 77       # a script's exit status for "does not apply here" (as in automake)


def run_script_test(label, script, build, limit=DEBUG_TIMEOUT):
    """Run a test script (the gdb test, the book's checks, the lab check)
    with BUILD as its argument; exit status 0 = passed, SKIP_STATUS =
    skipped (its last line says why), anything else failed."""
    start = time.monotonic()
    try:
        proc = subprocess.run(["sh", str(script), str(build)], cwd=ROOT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=limit)
        output, status = proc.stdout.decode(errors="replace"), proc.returncode
    except subprocess.TimeoutExpired as e:
        output, status = (e.stdout or b"").decode(errors="replace"), None
    duration = time.monotonic() - start
    BOOT_TIMES[label] = round(duration, 2)
    if status == 0:
        # A part the script skipped (a "SKIP ..." line) is shown, with its reason.
        notes = indent([line.strip() for line in output.splitlines()
                        if line.strip().startswith("SKIP ")])
        return Report("\n".join([f"PASS  {label}  ({duration:.1f} s)"] + notes),
                      [Outcome(label, True)])
    if status == SKIP_STATUS:
        why = (output_tail(output, 1) or ["no reason given"])[0].strip()
        return Report(f"SKIP  {label}: {why}", [Outcome(label, True, why, output, skipped=True)])
    why = f"time limit of {limit} s reached" if status is None else f"exit status {status}"
    text = "\n".join([f"FAIL  {label}: {why}  ({duration:.1f} s)"] + indent(output_tail(output)))
    return Report(text, [Outcome(label, False, why, "\n".join(output_tail(output)))])


# ---------------------------------------------------------------------------
# Discovery

def is_lab_test(name):
    """Is this (a spec's or a host program's name) one of the labs' own tests?"""
    return name.startswith(LAB_TEST_PREFIXES)


def boot_tests(lesson, build, labs=True, firmware=None):
    """The .test specs of one lesson (none if it has no tests/ directory).

    A spec that names several firmwares (``firmware bios uefi``) is one test
    per firmware; the first keeps the plain label, the others get @FIRMWARE.
    With ``firmware``, only the boots under that firmware.
    """
    tests = []
    for p in sorted((ROOT / "lessons" / lesson / "tests").glob("*.test")):
        if not labs and is_lab_test(p.stem):
            continue
        if p.stem.endswith(HIDDEN_SUFFIX):
            continue        # the grader's alone (tools/grade.py boots it)
        try:
            firmwares = runner.load_spec(p).firmwares
        except (OSError, runner.SpecError):
            firmwares = [None]      # run_boot_test reports the bad spec
        if firmware in (None, firmwares[0]) or firmwares[0] is None:
            tests.append(BootTest(f"{lesson}/{p.stem}", p, build, lesson))
        tests += [BootTest(f"{lesson}/{p.stem}@{f}", p, build, lesson, f)
                  for f in firmwares[1:] if firmware in (None, f)]
    return tests


def runner_tests(build):
    """The runner self-tests."""
    return [BootTest(f"runner/{p.stem}", p, build, "")
            for p in sorted((ROOT / "tests" / "runner").glob("*.test"))]


def host_binaries(build):
    """The host test programs: executable files BUILD/host/test_*."""
    host = build / "host"
    if not host.is_dir():
        return []
    return [p for p in sorted(host.glob("test_*"))
            if p.is_file() and os.access(p, os.X_OK) and p.suffix not in (".d", ".o")]


def collect(args, build):
    """The jobs to run, in discovery order.

    A list of (label, function, arguments, weight, alone): weight is the
    expected duration, used to start the slowest jobs first; alone says the
    job runs after all others, by itself (the lab scripts).
    """
    jobs = []
    want_all = args.all or not (args.lesson or args.host or args.runner or args.debug
                                or args.book or args.labs)
    with_labs = not args.no_lab_tests
    lessons = lesson_dirs() if want_all else []
    for name in args.lesson or []:
        name = Path(name.rstrip("/")).name      # accept lessons/02-x/ too
        if name not in lesson_dirs():
            raise SystemExit(f"run_tests.py: no lesson {name!r} in {ROOT / 'lessons'}")
        lessons.append(name)
    boot = []
    for lesson in dict.fromkeys(lessons):       # in order, without duplicates
        boot += boot_tests(lesson, build, with_labs, args.firmware)
    if want_all or args.runner:
        boot += runner_tests(build)
    for test in boot:
        jobs.append((test.label, run_boot_test, (test,), test.weight(), False))
    if want_all or args.runner:
        # The runner's checks that a verdict cannot show: its output, memory, leftovers.
        for script in script_tests("runner"):
            label = f"runner/{script.stem}"
            jobs.append((label, run_script_test, (label, script, build),
                         script_weight(label, 5), False))

    if want_all or args.host:
        binaries = [b for b in host_binaries(build) if with_labs or not is_lab_test(b.name)]
        if not binaries:
            jobs.append(("host", lambda: Report(
                f"FAIL  host: no host test programs in {build / 'host'} (not built?)",
                [Outcome("host", False)]), (), 0, False))
        for binary in binaries:
            jobs.append((f"host/{binary.name}", run_host_test, (binary,), 1, False))

    if want_all or args.debug:
        for script in script_tests("debug"):
            label = f"debug/{script.stem}"
            jobs.append((label, run_script_test, (label, script, build),
                         script_weight(label, 5), False))
    if want_all or args.book:
        for script in script_tests("book"):
            label = f"book/{script.stem}"
            jobs.append((label, run_script_test, (label, script, build),
                         script_weight(label, 5), False))
    if want_all:
        # The bounded fuzz pass: tests/fuzz/run.sh runs every harness.
        label = "fuzz"
        jobs.append((label, run_script_test, (label, ROOT / "tests" / "fuzz" / "run.sh", build),
                     script_weight(label, 5), False))
    if want_all or args.labs:
        # The handout's check first: its build fills the lab ccache that
        # the sandboxed builds of the other two read.
        scripts = sorted(script_tests("labs"), key=lambda p: p.stem != "handout")
        for script in scripts:
            label = f"labs/{script.stem}"
            # The lab scripts build and grade whole trees, two processes at
            # a time of their own: they run one at a time, after all other
            # tests, so that the machine is never loaded more than twice
            # over. Beside the other tests they starved the timer tests'
            # guests of whole ticks (lesson 07's timer_rate counted 15 ticks
            # of 25 on a loaded CI machine).
            jobs.append((label, run_script_test, (label, script, build, LABS_TIMEOUT),
                         0, True))
    return jobs


def script_tests(kind):
    """The test scripts tests/KIND/*.sh (KIND: runner, debug, book or labs)."""
    return sorted((ROOT / "tests" / kind).glob("*.sh"))


# ---------------------------------------------------------------------------
# Scheduling: the boot tests' times, kept from one run to the next

TIMES_FILE = "test-times.json"
PREVIOUS_TIMES = {}    # label -> seconds, read before a run
BOOT_TIMES = {}        # label -> seconds, measured in this run (boots and scripts)


def script_weight(label, guess):
    """A script job's weight: its time in the previous run, else guess."""
    return PREVIOUS_TIMES.get(label, guess)


def read_times(build):
    """Load the previous run's test times (none if there is no file)."""
    try:
        kept = json.loads((build / TIMES_FILE).read_text(encoding="utf-8"))
        PREVIOUS_TIMES.update({k: float(v) for k, v in kept["seconds"].items()})
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        pass


def write_times(build):
    """Keep this run's test times (merged with older ones) for the next run."""
    if not BOOT_TIMES or not build.is_dir():
        return
    kept = {"seconds": dict(PREVIOUS_TIMES, **BOOT_TIMES)}
    try:
        (build / TIMES_FILE).write_text(json.dumps(kept, indent=0, sort_keys=True) + "\n",
                                        encoding="utf-8")
    except OSError:
        pass


def default_jobs():
    """How many tests run at once by default: the CPUs this process may use
    (in a container, os.cpu_count() reports the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_pool(jobs, count, run_job):
    """Run jobs, slowest first, count at a time; then the ones marked
    alone, one by one, in order. A boot costs about as much as QEMU's own
    start (the kernel is loaded directly, with no boot loader), so a
    plain pool fills the CPUs: a test that mostly waits (a timer, a hang
    to its time limit) leaves a CPU idle for a while, and starting the
    slowest first puts that wait beside the quick tests, not after them."""
    pool = sorted((job for job in jobs if not job[4]), key=lambda job: -job[3])
    executor = ThreadPoolExecutor(max_workers=max(1, count))
    try:
        for future in [executor.submit(run_job, job[1], job[2]) for job in pool]:
            future.result()
    except KeyboardInterrupt:
        runner.STOP.set()       # every running boot kills its QEMU and stops
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    for job in jobs:
        if job[4]:
            run_job(job[1], job[2])


# ---------------------------------------------------------------------------
# Main

def write_json(path, outcomes):
    """Write the records of outcomes to path (a JSON list, in the order run)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([o.record() for o in outcomes], indent=1) + "\n",
                    encoding="utf-8")


def job_label(job_args):
    """The name a job's results go by, for the progress line."""
    first = job_args[0] if job_args else "host"
    if isinstance(first, Path):
        return f"host/{first.name}"
    return getattr(first, "label", str(first))


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
    read_times(build)
    jobs = collect(args, build)

    if args.list:
        for label, function, job_args, _, _ in jobs:
            if function is run_boot_test:
                test = job_args[0]
                try:
                    spec = runner.load_spec(test.spec_path)
                    if test.firmware:
                        spec.firmware = test.firmware
                    image = runner.qemu.boot_file(test.image(spec), spec.boot_path())
                    where = str(image) + ("" if image.is_file() else "  (not built)")
                except (OSError, runner.SpecError) as e:
                    where = f"bad spec: {e}"
                print(f"{label}  {where}")
            else:
                print(label)
        return 0

    # SIGTERM (e.g. from a CI time limit) and SIGHUP (the terminal closed)
    # stop like Ctrl-C: QEMUs are killed, their files removed.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    print_lock = threading.Lock()
    outcomes = []
    progress = term_output.Progress(len(jobs))

    def run_job(function, job_args):
        progress.started(job_label(job_args))
        # Any bug in a job becomes a failed test, never a crash of the run.
        try:
            report = function(*job_args)
        except runner.Interrupted:
            return None
        except Exception as e:  # noqa: BLE001
            label = getattr(job_args[0], "label", str(job_args[0])) if job_args else "?"
            report = Report(f"FAIL  {label}: runner error — {type(e).__name__}: {e}",
                            [Outcome(str(label), False)])
        with print_lock:      # one block at a time: no interleaving
            # Escaped before the progress display adds its own colour.
            progress.finished(job_label(job_args), shown(report.text))
            outcomes.extend(report.outcomes)
        return report

    try:
        run_pool(jobs, args.jobs, run_job)
    except KeyboardInterrupt:
        progress.close()
        runner.STOP.set()               # every boot kills its QEMU and stops
        print("interrupted", file=sys.stderr)
        return 130
    write_times(build)

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
