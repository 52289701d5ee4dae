#!/usr/bin/env python3
"""Where the time goes: ``make bench``, each speed figure of the course's
tools next to its goal and to its floor.

The floors are QEMU alone, with no runner: starting and quitting, and the
test kernel booted directly (qboot, SeaBIOS) and through GRUB (SeaBIOS,
OVMF). Each figure is the median of ``--runs`` runs (the builds, make test,
grade-all and tools/bench_stability.py's figure once; ``--quick`` leaves
them out). "cpu": processor seconds (no schedule beats cpu / CPUs); for
make test and grade-all, every process's. "floor" for a test command: its
boots alone, over the CPUs. It always exits 0 and prints the load.
"""

import argparse
import os
import resource
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = "/usr/bin/python3"
FLOOR_LESSON, FLOOR_TEST = "04-testing", "basic_boot"   # a kernel that exits by itself
CLASS_SIZE = 8          # submissions in grade-all's generated class
LAB_LINE = re.compile(r"^(?:PASS|FAIL)\s+labs/(?P<name>[^\s:]+).*\((?P<seconds>[0-9.]+) s\)\s*$",
                      re.M)

sys.path.insert(0, str(Path(__file__).resolve().parent))   # tools/ is not a package
from course import ROOT, lesson_dirs      # noqa: E402
from testrun.collect import boot_tests, runner_tests  # noqa: E402
import runner                             # noqa: E402
import cgroup                             # noqa: E402
from runner.qemu import OVMF, QBOOT, QEMU  # noqa: E402


def children_cpu():
    """Processor seconds of every child waited for so far, and of theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command, cwd=ROOT, every_process=False):
    """Run command (no output shown); (wall seconds, exit status, output, cpu
    seconds). every_process: the cpu of a cgroup of its own, where we can
    make one, sandboxed processes included (bwrap never waits for its
    namespace's init, so their time escapes RUSAGE_CHILDREN)."""
    meter = cgroup.Cgroup("cpuacct", f"bench-{os.getpid()}") if every_process else None
    meter = None if meter is None or meter.make() else meter
    start, cpu = time.monotonic(), children_cpu()
    try:
        proc = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              preexec_fn=meter and (lambda: meter.join(0)))
        cpu = meter.cpu_seconds() if meter else children_cpu() - cpu
    finally:
        if meter:
            meter.remove()
    return time.monotonic() - start, proc.returncode, proc.stdout.decode(errors="replace"), cpu


def median_of(command, runs, expect=None):
    """(median wall, median cpu) seconds of runs of command; (None, None) if a
    run's status is not expect."""
    times, cpus = [], []
    for _ in range(runs):
        seconds, status, output, cpu = timed(command)
        if expect is not None and status not in expect:
            print(f"    (run failed with status {status}: {command[0]} ... "
                  f"{output.strip().splitlines()[-1:] or ''})", flush=True)
            return None, None
        times.append(seconds)
        cpus.append(cpu)
    return statistics.median(times), statistics.median(cpus)


# A direct boot under qboot or SeaBIOS, GRUB under SeaBIOS, GRUB under OVMF.
BOOT_KINDS = ("qboot", "direct", "bios", "uefi")
BOOT_NAMES = ("qboot", "SeaBIOS direct", "BIOS", "UEFI")


def boot_kind(spec):
    """qboot, direct, bios or uefi: how a spec's boot starts the kernel."""
    if spec.boot_path() == "direct":
        return "qboot" if spec.bios == "qboot" else "direct"
    return "uefi" if spec.firmware == "uefi" else "bios"


def boot_counts(build, lesson=None, firmware=None):
    """{kind: boots} that run_tests.py runs for make lesson N test (lesson,
    under firmware) or, with no lesson, for make test's lessons and runner
    self-tests."""
    if lesson:
        tests = boot_tests(lesson, build, firmware=firmware)
    else:
        tests = [t for name in lesson_dirs() for t in boot_tests(name, build)]
        tests += runner_tests(build)
    counts = dict.fromkeys(BOOT_KINDS, 0)
    for test in tests:
        try:
            counts[boot_kind(test.load()[0])] += 1
        except (OSError, runner.SpecError):
            counts["direct"] += 1
    return counts


def boot_floor(counts, bare):
    """'3.25 s (11 direct + 4 BIOS boots on 2 CPUs)': the boots' floor over
    the CPUs, from the bare boot of each kind (bare: {kind: seconds})."""
    if any(counts[kind] and not bare.get(kind) for kind in BOOT_KINDS):
        return ""
    seconds = sum(counts[kind] * bare[kind] for kind in BOOT_KINDS if counts[kind])
    seconds /= os.cpu_count() or 1
    what = " + ".join(f"{counts[kind]} {name}" for kind, name in
                      zip(BOOT_KINDS, BOOT_NAMES) if counts[kind])
    return f"{seconds:.2f} s ({what} boots on {os.cpu_count()} CPUs)"


def runner_boot(iso, spec_path):
    """One test boot as make test runs it (runner.run() in this process, no
    new interpreter): its wall time, or None if the test did not pass."""
    spec = runner.load_spec(spec_path)
    start = time.monotonic()
    result = runner.run(iso, spec)
    seconds = time.monotonic() - start
    if result.verdict != "passed":
        print(f"    (runner boot failed: {result.verdict}: {result.reason})", flush=True)
        return None
    return seconds


def bare_qemu(iso, firmware, boot="cdrom"):
    """QEMU alone, the runner's machine without QMP, serial log or polling.
    boot: cdrom (GRUB from the ISO), direct (the ELF beside it, SeaBIOS),
    qboot (the same under qboot) or none (the CPU stopped; quit on stdin)."""
    command = [QEMU, "-accel", "tcg", "-m", "128M", "-display", "none",
               "-no-reboot", "-nodefaults", "-vga", "std",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "none"]
    if boot == "none":
        return command + ["-S", "-monitor", "stdio"]
    command += ["-monitor", "none"]
    if boot in ("direct", "qboot"):
        command += ["-kernel", str(Path(iso).with_suffix(".elf"))]
    else:
        command += ["-cdrom", str(iso)]
    if boot == "qboot":
        command += ["-bios", QBOOT]
    if firmware == "uefi":
        command += ["-bios", OVMF]
    return command


def start_and_quit():
    """Median-able seconds of QEMU starting and quitting with no guest."""
    command = bare_qemu("", "bios", "none")
    start = time.monotonic()
    proc = subprocess.run(command, input=b"quit\n", stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    return seconds if proc.returncode == 0 else None


def row(name, seconds, goal="", floor="", cpu=None):
    """One figure's line, printed as soon as it is known. Three decimals:
    a boot and its floor are a few hundredths of a second, and their ratio
    is a goal."""
    value = "failed" if seconds is None else f"{seconds:.3f} s"
    cpu = "" if cpu is None else f"{cpu:.3f} s"
    print(f"{name:44} {value:>9}  {goal:>9}  {cpu:>8}  {floor}", flush=True)


def grade_all_figure(args, bare, count):
    """make grade-all over a generated class of count submissions: seconds
    per submission, against the boots one good submission needs."""
    from grader import classgen
    scratch = Path(tempfile.mkdtemp(prefix="bench-class-"))
    try:
        classgen.make_class(scratch / "class", count)
        seconds, status, output, cpu = timed(
            [PYTHON, "tools/grade_all.py", "--dir", str(scratch / "class"),
             "--out", str(scratch / "grades.csv"), "--build", args.build, "--cc", args.cc],
            every_process=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    counts = dict.fromkeys(BOOT_KINDS, 0)
    for path in classgen.graded_specs():
        counts[boot_kind(runner.load_spec(path))] += 1
    per = seconds / count if status == 0 else None
    row(f"grade-all, per submission (class of {count})", per, "6.00 s",
        boot_floor(counts, bare), None if cpu is None else cpu / count)
    if per:
        print(f"    (a class of 200: about {200 * per / 60:.0f} min; goal 20 min)")
    else:
        print("    (grade-all failed: " + " | ".join(output.strip().splitlines()[-3:]) + ")")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print the speed figures of the tools "
                                     "next to their goals and floors (a benchmark: "
                                     "nothing fails).")
    parser.add_argument("--build", default="build/gcc", help="the warm build directory")
    parser.add_argument("--cc", default="cc", help="the compiler, as make's CC")
    parser.add_argument("--runs", type=int, default=5, help="runs of each cheap figure")
    parser.add_argument("--quick", action="store_true",
                        help="leave out the clean make all, make test, grade-all and stability")
    parser.add_argument("--stability-runs", type=int, default=5,
                        help="grades of each tree under each limit (0: no stability figure)")
    args = parser.parse_args(argv)
    build = ROOT / args.build
    runs = max(1, args.runs)
    make = ["make", "-s", "--no-print-directory", f"CC={args.cc}"]

    print(f"{os.cpu_count()} CPUs; load average before: "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)
    print(f"{'figure':44} {'median':>9}  {'goal':>9}  {'cpu':>8}  floor", flush=True)

    iso = build / FLOOR_LESSON / f"{FLOOR_TEST}.iso"
    spec = ROOT / "lessons" / FLOOR_LESSON / "tests" / f"{FLOOR_TEST}.test"
    # The GRUB floors boot the test kernel's ISO, which make all leaves out
    # (its tests boot the ELF): made here, from the build's own GRUB image.
    if not iso.with_suffix(".elf").is_file() or subprocess.run(
            make + [f"BUILD={build}", str(iso)], cwd=ROOT, stdout=subprocess.DEVNULL).returncode:
        print(f"error: {iso} cannot be made: run make all first", file=sys.stderr)
        return 2
    # The floors and the runner take turns, so that a change in the
    # machine's load during the runs weighs on all of them alike.
    runs_of = {"none": [], "qboot": [], "direct": [], "bios": [], "runner": []}
    for _ in range(runs):
        runs_of["none"].append(start_and_quit())
        runs_of["qboot"].append(median_of(bare_qemu(iso, "bios", "qboot"), 1, expect=(33,))[0])
        runs_of["direct"].append(median_of(bare_qemu(iso, "bios", "direct"), 1, expect=(33,))[0])
        runs_of["bios"].append(median_of(bare_qemu(iso, "bios"), 1, expect=(33,))[0])
        runs_of["runner"].append(runner_boot(iso, spec))
    median = {k: None if None in v else statistics.median(v) for k, v in runs_of.items()}
    row("floor: QEMU start and quit, no guest", median["none"])
    row(f"floor: QEMU+qboot -kernel {FLOOR_TEST}.elf", median["qboot"])
    row(f"floor: QEMU+SeaBIOS -kernel {FLOOR_TEST}.elf", median["direct"])
    row(f"floor: QEMU+SeaBIOS+GRUB, {FLOOR_TEST}.iso", median["bios"])
    uefi = None
    if Path(OVMF).is_file():
        uefi = median_of(bare_qemu(iso, "uefi"), max(1, min(runs, 3)), expect=(33,))[0]
        row(f"floor: QEMU+OVMF+GRUB, {FLOOR_TEST}.iso", uefi)
    else:
        print(f"(no UEFI floor: {OVMF} is missing)")
    bare = {"qboot": median["qboot"], "direct": median["direct"], "bios": median["bios"],
            "uefi": uefi}
    start_quit, boot = median["none"], median["runner"]
    firmware = "qboot" if runner.load_spec(spec).bios == "qboot" else "SeaBIOS"
    floor = ""
    if start_quit:
        floor = f"{start_quit:.3f} s (QEMU start and quit" + (
            f"; figure = {boot / start_quit:.2f}x)" if boot else ")")
    row(f"test boot through the runner (direct, {firmware})", boot,
        f"{1.3 * start_quit:.3f} s" if start_quit else "1.3x", floor)
    if start_quit and boot and median["qboot"]:
        # What the runner itself adds, apart from what QEMU needs to boot
        # the same kernel with no runner at all.
        print(f"    (QEMU+qboot alone: {median['qboot'] / start_quit:.2f}x; the runner adds "
              f"{1000 * (boot - median['qboot']):.1f} ms)", flush=True)

    for lesson in lesson_dirs():
        number = lesson.split("-")[0]
        seconds, cpu = median_of(make + ["lesson", number, "test"], max(1, min(runs, 3)),
                                 expect=(0,))
        row(f"make lesson {number} test", seconds, "2.00 s",
            boot_floor(boot_counts(build, lesson, "bios"), bare), cpu)

    if not args.quick:
        scratch = Path(tempfile.mkdtemp(prefix="bench-build-"))
        try:
            seconds, status, _, cpu = timed(make + [f"BUILD={scratch}", "all"])
            cpus = os.cpu_count() or 1     # floor: no schedule beats cpu / CPUs
            row("clean make all (scratch build directory)",
                seconds if status == 0 else None, "15.00 s",
                f"{cpu / cpus:.2f} s (its cpu over {cpus} CPUs)", cpu)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        seconds, status, output, cpu = timed(make + ["test"], every_process=True)
        grub_goal = 200 * median["bios"] if median["bios"] else None
        goal = f"{min(100.0, grub_goal or 100.0):.2f} s"
        row("make test (warm)", seconds if status == 0 else None, goal,
            boot_floor(boot_counts(build), bare), cpu)
        if grub_goal:
            print(f"    (goal: 100 s, and at most 200 bare GRUB BIOS boots = {grub_goal:.1f} s)")
        cpus = os.cpu_count() or 1
        print(f"    (no schedule beats its cpu over {cpus} CPUs: {cpu / cpus:.1f} s)")
        # The lab scripts run one after the other, beside the rest, in make test's goal.
        labs = {m.group("name"): float(m.group("seconds")) for m in LAB_LINE.finditer(output)}
        for name, seconds in sorted(labs.items()):
            row(f"    labs/{name} (in it, as it reported)", seconds)
        if status != 0:
            tail = output.strip().splitlines()[-3:]
            print("    (make test failed: " + " | ".join(tail) + ")")
        grade_all_figure(args, bare, CLASS_SIZE)
        if args.stability_runs > 0:
            import bench_stability
            bench_stability.main(["--build", args.build, "--cc", args.cc,
                                  "--runs", str(args.stability_runs)])

    print("load average after: " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
