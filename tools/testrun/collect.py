"""Which jobs a command line of tools/run_tests.py asks for.

A job is one thing the pool runs and one block of output: a boot test, a
host program (each of its cases counted) or a test script. Its label names
it in the progress line and in the times kept between runs.
"""

import os
from dataclasses import dataclass
from functools import partial

import runner
from course import ROOT, lesson_dirs

from .boot import BootTest, run_boot_test
from .host import run_host_test
from .results import failed, skipped
from .scripts import SCRIPT_TIMEOUT, run_script_test

LABS_TIMEOUT = 900     # seconds for each lab script (they build and grade whole trees)
LAB_TEST_PREFIXES = ("lab_", "test_lab_")   # the labs' own tests are named so
HIDDEN_SUFFIX = "_hidden"    # instructor-only variants of the labs' boot tests
SCRIPT_GUESS = 5       # seconds a script is expected to take before it was timed


@dataclass
class Job:
    """One job: run() returns a results.Report."""
    label: str
    run: object             # a function of no arguments
    guess: float = 1        # its expected seconds, until a run measured it
    chained: bool = False   # one of the lab scripts: they run one after another
    test: BootTest = None   # the boot test it runs, if it is one (for --list)


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


def script_jobs(kind, build, limit=SCRIPT_TIMEOUT, chained=False):
    """A job for each test script tests/KIND/*.sh (KIND: runner, debug, book, labs)."""
    return [Job(f"{kind}/{p.stem}", partial(run_script_test, f"{kind}/{p.stem}", p, build, limit),
                SCRIPT_GUESS, chained) for p in sorted((ROOT / "tests" / kind).glob("*.sh"))]


def collect(args, build):
    """The jobs the parsed command line asks for, in discovery order."""
    want_all = args.all or not (args.lesson or args.host or args.runner or args.debug
                                or args.book or args.labs)
    with_labs = not args.no_lab_tests
    lessons = lesson_dirs() if want_all else []
    for name in args.lesson or []:
        name = os.path.basename(name.rstrip("/"))     # accept lessons/02-x/ too
        if name not in lesson_dirs():
            raise SystemExit(f"run_tests.py: no lesson {name!r} in {ROOT / 'lessons'}")
        lessons.append(name)
    # tests/labs/handout.sh sets RUNNER_CHECKED (why) for the handout's own
    # make test where the runner, its tests and their kernels' sources are
    # the course's, byte for byte: the course's make test runs them.
    runner_checked = (want_all or args.runner) and os.environ.get("RUNNER_CHECKED")
    with_runner = (want_all or args.runner) and not runner_checked
    boot = []
    for lesson in dict.fromkeys(lessons):       # in order, without duplicates
        boot += boot_tests(lesson, build, with_labs, args.firmware)
    if with_runner:
        boot += runner_tests(build)
    jobs = [Job(t.label, partial(run_boot_test, t), t.guess(), test=t) for t in boot]
    if with_runner:
        # The runner's checks that a verdict cannot show: its output, memory, leftovers.
        jobs += script_jobs("runner", build)
    elif runner_checked:
        jobs.append(Job("runner", partial(skipped, "runner", runner_checked)))

    if want_all or args.host:
        binaries = [b for b in host_binaries(build) if with_labs or not is_lab_test(b.name)]
        if not binaries:
            why = f"no host test programs in {build / 'host'} (not built?)"
            jobs.append(Job("host", partial(failed, "host", why)))
        jobs += [Job(f"host/{b.name}", partial(run_host_test, b)) for b in binaries]

    if want_all or args.debug:
        jobs += script_jobs("debug", build)
    if want_all or args.book:
        jobs += script_jobs("book", build)
    if want_all:
        # The bounded fuzz pass: tests/fuzz/run.sh runs every harness.
        jobs.append(Job("fuzz", partial(run_script_test, "fuzz",
                                        ROOT / "tests" / "fuzz" / "run.sh", build), SCRIPT_GUESS))
    if want_all or args.labs:
        # The lab scripts build and grade whole trees. They run one after
        # another, in one place of the pool (tools/testrun/pool.py), beside
        # the other tests. The handout's check first: its build fills the
        # lab ccache that the sandboxed builds of the others read. And never
        # two at once: the red-team suite watches that cache for changes,
        # which the handout's build makes, and checks that the setpriv
        # mode's graders leave the course tree open once they end, which
        # another script's grading would keep closed.
        jobs += sorted(script_jobs("labs", build, LABS_TIMEOUT, chained=True),
                       key=lambda job: job.label != "labs/handout")
    return jobs
