"""A kernel that can never meet the step it is waited for is judged at once.

tests/runner/check_stopped.sh runs this with the build directory. The hang
kernel (tests/runner/hang.c) prints one line and halts with interrupts
off, as panic() does. Booted with a step it never meets:

* and a time limit of 120 host seconds: the verdict is a hang whose reason
  says the kernel stopped for good, not that the limit was reached (the
  runner saw that only an NMI could wake it, and no step sends one);
* with an ``inject-nmi`` step after it: an NMI could still wake the kernel,
  so the runner waits for the time limit (3 s), and the reason says so;
* under ``clock guest``, the runner made to meet no step until it judges
  (as when the halted guest reaches its limit at once, before the runner
  looks again): the verdict still counts the kernel's line, and waits at
  the step after it.

Only verdicts and reasons are checked, never a duration.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402

AWAITED = 'serial "hang: waiting forever"\nserial "a line it never prints"\n'


def boot(build, text):
    spec = runner.parse_spec(f"kernel hang\nbios qboot\nexpect exit\n{text}", name="hang")
    return runner.boot(Path(build).resolve() / "runner" / "hang.iso", spec)


def late_poll(poll):
    """poll() that meets no step: the runner has not looked since the kernel wrote."""
    def wrapped(self):
        self.meet_steps = lambda kinds=None: None
        try:
            return poll(self)
        finally:
            del self.meet_steps
    return wrapped


def judged_late(build):
    """The halted kernel under clock guest, its line seen only when judged at
    the limit (the check for a CPU stopped for good, which could come first
    and meets the steps itself, is kept out)."""
    poll, stopped = runner.BootSession.poll, runner.BootSession.stopped_for_good
    runner.BootSession.poll = late_poll(poll)
    runner.BootSession.stopped_for_good = lambda self: False
    try:
        return boot(build, "clock guest\ntimeout 2\n" + AWAITED)
    finally:
        runner.BootSession.poll, runner.BootSession.stopped_for_good = poll, stopped


def main(build):
    problems = []
    late = judged_late(build)
    if late.verdict != "hang" or "step 2/2" not in late.reason:
        problems.append(f"its line seen only at the guest-clock limit: {late.verdict}: "
                        f"{late.reason} (expected: a hang at step 2/2)")
    stopped = boot(build, "timeout 120\n" + AWAITED)
    if stopped.verdict != "hang" or not stopped.reason.startswith("the kernel stopped for good"):
        problems.append(f"halted, a step awaited: {stopped.verdict}: {stopped.reason} "
                        "(expected: a hang, the kernel stopped for good)")
    wakeable = boot(build, "timeout 3\n" + AWAITED + "inject-nmi 1\n")
    if wakeable.verdict != "hang" or not wakeable.reason.startswith("time limit of 3 s"):
        problems.append(f"halted, an NMI step to come: {wakeable.verdict}: {wakeable.reason} "
                        "(expected: a hang at the time limit)")
    for problem in problems:
        print(problem)
    print(f"halted, a step awaited: {stopped.verdict} ({stopped.reason})")
    print(f"halted, an NMI step to come: {wakeable.verdict} ({wakeable.reason})")
    print(f"its line seen only at the guest-clock limit: {late.verdict} ({late.reason})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
