"""Debug sessions that cannot collide, and that end cleanly after Ctrl+C.

Drives tools/qemu_debug.sh on lesson 02 on a pseudo-terminal, under a
parent that stands for make: session A stops at kernel_main and runs;
session B on A's port must stop before starting anything, leaving A's
serial log as it was; Ctrl+C then ``quit`` ends A with status 0, its QEMU
gone, and the parent never sees the SIGINT.
"""

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_session import free_port, qemus_on  # noqa: E402
from course import ROOT  # noqa: E402  (gdb_session puts tools/ on the path)

LESSON = "02-minimal-kernel"
WAIT = 90          # seconds for each expected output: a bound for "never"

# The parent standing for make: it reports whether a SIGINT reached it and
# the script's exit status.
PARENT = """
import signal, subprocess, sys
seen = []
signal.signal(signal.SIGINT, lambda *_: seen.append(1))
status = subprocess.call(sys.argv[1:])
print(f"parent: sigint={len(seen)} status={status}", flush=True)
"""


class Terminal:
    """A program on a pseudo-terminal, read until some text appears."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        self.output = b""

    def expect(self, pattern, seconds=WAIT):
        """Read until pattern (bytes regex) matches output after the last match."""
        deadline = time.monotonic() + seconds
        while not re.search(pattern, self.output):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise TimeoutError(f"no {pattern!r} in: {self.output[-1500:]!r}")
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                data = b""
            if not data:
                raise TimeoutError(f"ended without {pattern!r}: {self.output[-1500:]!r}")
            self.output += data
        match = re.search(pattern, self.output)
        self.output = self.output[match.end():]
        return match

    def type(self, text):
        os.write(self.fd, text)

    def finish(self, seconds=WAIT):
        """Read to the end; the exit status."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not select.select([self.fd], [], [], 1)[0]:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
                continue
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                break
            if not data:
                break
            self.output += data
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def main(build):
    build = Path(build).resolve()
    elf, iso = build / LESSON / "kernel.elf", build / LESSON / "kernel.iso"
    port = free_port()
    env = dict(os.environ, GDB_PORT=str(port), TERM="dumb")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    script = ["sh", str(ROOT / "tools" / "qemu_debug.sh"), LESSON, str(elf), str(iso)]
    problems = []
    a = Terminal([sys.executable, "-c", PARENT, *script], env)
    try:
        a.expect(rb"Serial output: (\S+)")
        a.expect(rb"Breakpoint 1, kernel_main")
        a.expect(rb"\(gdb\) ")
        logs = [p for p in (build / LESSON).glob("debug*serial.log")
                if str(port) in p.name or p.name == "debug.serial.log"]
        a.type(b"continue\n")
        a.expect(rb"Continuing")
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not any(
                b"kernel_main ran" in p.read_bytes() for p in logs if p.exists()):
            time.sleep(0.2)
        log = next((p for p in logs if p.exists() and b"kernel_main ran" in p.read_bytes()),
                   None)
        if log is None:
            raise TimeoutError("session A's kernel wrote nothing to its serial log")
        before = log.read_bytes()

        b = subprocess.run(script, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=WAIT)
        said = b.stdout.decode(errors="replace")
        if b.returncode == 0 or "taken" not in said:
            problems.append(f"session B on a taken port: status {b.returncode}, said {said!r}")
        # A's kernel is running and may still add lines: B must leave what
        # was there (its old bug truncated the log), not stop A's writes.
        if not log.read_bytes().startswith(before):
            problems.append(f"session B changed session A's serial log {log}")

        a.type(b"\x03")                  # Ctrl+C
        a.expect(rb"SIGINT")
        a.expect(rb"\(gdb\) ")
        a.type(b"quit\n")
        status = a.finish()
        if status != 0:
            problems.append(f"the parent (make) exited with status {status}")
        m = re.search(rb"parent: sigint=(\d+) status=(-?\d+)", a.output)
        if not m or m.group(1) != b"0" or m.group(2) != b"0":
            problems.append("after Ctrl+C and quit: " + (m.group(0).decode() if m else
                            f"no parent line in {a.output[-800:]!r}"))
    except TimeoutError as e:
        problems.append(str(e))
    finally:
        try:
            os.kill(a.pid, signal.SIGKILL)
            os.waitpid(a.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    for name in (f"debug-{port}.serial.log", f"debug-{port}.qemu.log", f"gdbinit-{port}"):
        (build / LESSON / name).unlink(missing_ok=True)     # the session's files
    left = qemus_on(port)
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = qemus_on(port)
    if left:
        problems.append(f"QEMU still runs after the session: pids {left}")
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    for problem in problems:
        print(problem)
    if not problems:
        print("debug sessions: a taken port refused before anything started, the first "
              "session's log intact, Ctrl+C then quit ends with status 0")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
