"""The runner's memory and files stay bounded whatever a kernel prints.

tests/runner/check_bounded.sh runs this with the build directory. It boots
tests/runner/flood.c (a 1 MiB line, then 1 MiB of lines, then exit 33)
twice, in this process.

As any test is booted, it checks that:

* the run ends with the verdict too-much-output, QEMU stopped by the
  runner (no exit status) rather than by the kernel's exit after its
  2 MiB: the runner saw the output pass SERIAL_LIMIT (256 KiB) and did
  not let QEMU write the rest;
* the runner's peak memory (VmHWM of this process, which runs the runner;
  QEMU is another process) grows by less than MEMORY_GROWTH_LIMIT;
* the serial text kept is at most SERIAL_LIMIT plus its notes, no line is
  longer than LINE_LIMIT plus its note, and the cuts are said.

Then, with QEMU's file limit lowered to TEST_FILE_LIMIT (the runner's
FILE_LIMIT, the bound that holds should the runner be slow to look) and
the session's serial limit raised above it, it checks that the log never
grows past the file limit while the kernel runs on to its exit, and that
the verdict is then passed: the exit status is out of band, and the runner
only judges what reached the log. (The file limit cannot go below the
runner's own SERIAL_LIMIT instead: QEMU 10 writes a file of more than
1 MiB as it starts, and dies at a lower limit.)

Sizes and the exit status are checked, not times, so the verdict does not
depend on load (the first boot only needs the runner to look once while
QEMU writes 1.75 MiB, seconds of work).
"""

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402
from runner.serial import LINE_LIMIT, SERIAL_LIMIT  # noqa: E402

TEST_FILE_LIMIT = 2 * 1024 * 1024        # bytes QEMU may write into the serial log in boot 2
TEST_SERIAL_LIMIT = 4 * 1024 * 1024      # boot 2's serial limit: above the file limit
MEMORY_GROWTH_LIMIT = 16 * 1024 * 1024   # bytes; the unbounded runner took 4x the output
NOTE_ROOM = 200                          # characters a cut note adds


def peak_rss():
    """This process's peak resident memory (VmHWM) in bytes."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def boot(iso, **options):
    """Boot the flood kernel; (result, largest size its serial log had)."""
    spec = runner.parse_spec("kernel flood\nbios qboot\nexpect exit\ntimeout 280\n",
                             name="flood")
    session = runner.BootSession(iso, spec, **options)
    results, largest = [], [0]
    thread = threading.Thread(target=lambda: results.append(session.run()))
    thread.start()
    while thread.is_alive():        # watch the log QEMU writes
        serial = getattr(session, "serial", None)
        try:
            largest[0] = max(largest[0], Path(serial.path).stat().st_size)
        except (AttributeError, OSError):
            pass
        thread.join(0.05)
    return results[0], largest[0]


def stopped_at_limit(iso):
    """Boot 1: the runner's serial limit stops the run. A list of problems."""
    before = peak_rss()
    result, largest = boot(iso)
    growth = peak_rss() - before
    problems = []
    if result.verdict != "too-much-output" or result.exit_status is not None:
        problems.append(f"verdict {result.verdict}, exit status {result.exit_status}: "
                        f"{result.reason} (wanted too-much-output, QEMU stopped by the runner)")
    if growth > MEMORY_GROWTH_LIMIT:
        problems.append(f"the runner's peak memory grew by {growth >> 20} MiB "
                        f"(limit {MEMORY_GROWTH_LIMIT >> 20} MiB)")
    if len(result.serial) > SERIAL_LIMIT + NOTE_ROOM:
        problems.append(f"{len(result.serial)} characters of serial kept "
                        f"(limit {SERIAL_LIMIT})")
    longest = max(len(line) for line in result.serial.splitlines())
    if longest > LINE_LIMIT + NOTE_ROOM:
        problems.append(f"a line of {longest} characters kept (limit {LINE_LIMIT})")
    if "characters cut]" not in result.serial:
        problems.append("no note says the long line was cut")
    if "bytes of serial output cut" not in result.serial:
        problems.append("no note says the serial output was cut")
    report = runner.report(result, "flood")
    if len(report) > 64 * 1024:
        problems.append(f"the report is {len(report)} characters long")
    print(f"boot 1: peak memory +{growth / 2**20:.1f} MiB, serial log at most {largest} "
          f"bytes, {len(result.serial)} characters kept, longest line {longest}")
    print(runner.capped(report, 1000))
    return problems


def stopped_by_file_limit(iso):
    """Boot 2: QEMU's file limit bounds the log by itself. A list of problems."""
    result, largest = boot(iso, file_limit=TEST_FILE_LIMIT, serial_limit=TEST_SERIAL_LIMIT)
    problems = []
    if result.verdict != "passed":
        problems.append(f"file limit: verdict {result.verdict}: {result.reason}")
    if largest > TEST_FILE_LIMIT:
        problems.append(f"file limit: the serial log grew to {largest} bytes "
                        f"(limit {TEST_FILE_LIMIT})")
    print(f"boot 2: QEMU's file limit {TEST_FILE_LIMIT} bytes: serial log at most {largest} "
          f"bytes, verdict {result.verdict}")
    return problems


def main(build):
    iso = Path(build).resolve() / "runner" / "flood.iso"
    problems = stopped_at_limit(iso) + stopped_by_file_limit(iso)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
