"""The runner's memory and files stay bounded whatever a kernel prints.

tests/runner/check_bounded.sh runs this with the build directory. It boots
tests/runner/flood.c (a 6 MiB line, then 2 MiB of lines, then exit 33)
in this process, with QEMU's file limit lowered to TEST_FILE_LIMIT (the
same mechanism as the runner's FILE_LIMIT, reached in half the time), and
checks:

* the runner's peak memory (VmHWM of this process, which runs the runner;
  QEMU is another process) grows by less than MEMORY_GROWTH_LIMIT;
* the serial log QEMU writes never grows past that limit;
* the serial text kept is at most SERIAL_LIMIT plus its notes, no line is
  longer than LINE_LIMIT plus its note, and the cuts are said;
* the verdict is still passed: the exit status is out of band.

Memory, not time, is measured, so the verdict does not depend on load.
"""

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402
from runner.serial import LINE_LIMIT, SERIAL_LIMIT  # noqa: E402

TEST_FILE_LIMIT = 4 * 1024 * 1024        # bytes QEMU may write into the serial log here
MEMORY_GROWTH_LIMIT = 16 * 1024 * 1024   # bytes; the unbounded runner took 4x the output
NOTE_ROOM = 200                          # characters a cut note adds


def peak_rss():
    """This process's peak resident memory (VmHWM) in bytes."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(build):
    iso = Path(build).resolve() / "runner" / "flood.iso"
    spec = runner.parse_spec("kernel flood\nexpect exit\ntimeout 280\n", name="flood")
    before = peak_rss()
    session = runner.BootSession(iso, spec, file_limit=TEST_FILE_LIMIT)
    results, largest = [], [0]
    thread = threading.Thread(target=lambda: results.append(session.run()))
    thread.start()
    while thread.is_alive():        # watch the log QEMU writes
        serial = getattr(session, "serial", None)
        try:
            largest[0] = max(largest[0], Path(serial.path).stat().st_size)
        except (AttributeError, OSError):
            pass
        thread.join(0.2)
    growth = peak_rss() - before
    result = results[0]
    problems = []
    if result.verdict != "passed":
        problems.append(f"verdict {result.verdict}: {result.reason}")
    if growth > MEMORY_GROWTH_LIMIT:
        problems.append(f"the runner's peak memory grew by {growth >> 20} MiB "
                        f"(limit {MEMORY_GROWTH_LIMIT >> 20} MiB)")
    if largest[0] > TEST_FILE_LIMIT:
        problems.append(f"the serial log grew to {largest[0]} bytes (limit {TEST_FILE_LIMIT})")
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
    for problem in problems:
        print(problem)
    print(f"peak memory +{growth / 2**20:.1f} MiB, serial log at most {largest[0]} bytes, "
          f"{len(result.serial)} characters kept, longest line {longest}")
    print(runner.capped(report, 2000))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
