"""A QEMU killed by a signal is named as such, never as a boot error.

tests/runner/check_killed.sh runs this with the build directory. It boots
the hang kernel (tests/runner/hang.c), waits until the kernel runs, kills
QEMU with SIGKILL (as the OOM killer or a user would) and checks the
verdict: failed, "QEMU killed by signal 9 (SIGKILL)".
"""

import os
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402


def main(build):
    iso = Path(build).resolve() / "runner" / "hang.iso"
    spec = runner.parse_spec("kernel hang\nexpect exit\ntimeout 60\n", name="hang")
    session = runner.BootSession(iso, spec)
    results = []
    thread = threading.Thread(target=lambda: results.append(session.run()))
    thread.start()
    deadline = time.monotonic() + 50
    while time.monotonic() < deadline and thread.is_alive():
        serial = getattr(session, "serial", None)
        if session.proc is not None and serial is not None and "waiting forever" in serial.text:
            os.kill(session.proc.pid, signal.SIGKILL)
            break
        time.sleep(0.1)
    thread.join()
    result = results[0] if results else None
    if result is None or result.verdict != "failed" \
            or "QEMU killed by signal 9 (SIGKILL)" not in result.reason:
        print("expected: failed, QEMU killed by signal 9 (SIGKILL); got:")
        print(runner.report(result, "hang") if result else "no result")
        return 1
    print(f"QEMU killed: {result.verdict}: {result.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
