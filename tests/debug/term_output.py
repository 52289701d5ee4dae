"""make test's output for people and for programs (tools/term_output.py):
the host tests run three times through tools/run_tests.py. On a terminal
(a pseudo-terminal here) each result block starts with its count [n/N] and
PASS is green; with NO_COLOR the count stays and the colour goes; into a
pipe the text is plain, as the book and the scripts read it. The host
tests, not a lesson's boots: every kind of job is shown by the same code,
and the host programs run in a quarter of a second where lesson 02's boots
took over a second, three times.

usage: term_output.py BUILD_DIR      (exit 0: passed)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_session import ROOT  # noqa: E402

ESCAPE = "\033["


def run(build, terminal, env):
    """run_tests.py's output for the host tests, written to a terminal or a pipe."""
    command = [sys.executable, "-B", "tools/run_tests.py", "--build", build,
               "--host", "--jobs", "1"]
    extra, env = env, dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    env.update(extra)
    if not terminal:
        return subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True).stdout
    main, sub = os.openpty()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sub, stderr=sub)
    os.close(sub)
    data = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:         # EIO: the program closed the terminal
            break
        if not chunk:
            break
        data += chunk
    proc.wait()
    os.close(main)
    return data.decode(errors="replace")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1])
        return 2
    build = argv[1]
    problems = []
    piped = run(build, False, {})
    if ESCAPE in piped or re.search(r"^\[\d+/\d+\]", piped, re.MULTILINE):
        problems.append("into a pipe the output has escapes or counts:\n" + piped)
    if not re.search(r"^PASS  host/", piped, re.MULTILINE):
        problems.append("into a pipe there is no plain PASS line:\n" + piped)
    tty = run(build, True, {})
    if not re.search(r"\[\d+/\d+\] \033\[32mPASS\033\[0m  host/", tty):
        problems.append("on a terminal no block starts with [n/N] and a green PASS:\n"
                        + repr(tty[-600:]))
    plain = run(build, True, {"NO_COLOR": "1"})
    if "\033[32m" in plain or not re.search(r"\[\d+/\d+\] PASS  host/", plain):
        problems.append("with NO_COLOR the terminal gets colour, or no count:\n"
                        + repr(plain[-600:]))
    for problem in problems:
        print("FAILED:", problem)
    if not problems:
        print("pipe: plain; terminal: [n/N] and colour; NO_COLOR: [n/N] without colour")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
