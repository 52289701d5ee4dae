"""A time limit in guest seconds (a spec's ``clock guest``) is kept, and only
where it means something.

tests/runner/check_guest_clock.sh runs this with the build directory.
tests/runner/spin.test shows that a busy guest's limit counts its work; this
checks what a verdict alone cannot:

* a guest that halts for good with interrupts off (tests/runner/hang.c)
  is stopped at its guest limit, not by the host-time limit kept for a
  stuck QEMU: its reason says so;
* a guest that works for 5 guest seconds (tests/runner/spin.c) passes with
  a limit of 16, and one of 32 (more than QEMU's watchdog counts at once:
  it is armed again at 30 s) still stops a halted guest, at 32 s;
  (how close to the limit a kernel may finish: tests/runner/deadline_*.test);
* a guest that halts until the host types (lesson 07's kernel, which
  echoes keys from its keyboard interrupt) passes: while keys are to come,
  a halted guest's clock must not skip ahead to its next timer tick (it
  would reach the limit long before the keys arrive);
* specs whose guest would wait for its disk are refused: a boot through
  GRUB, under UEFI; so are guest limits the watchdog cannot count (odd,
  fractional);
* every lab's boot test (tests/labs/labs.txt), and its hidden variant if
  the tree has one, says ``clock guest``: the grader boots each once, and
  a limit in host seconds would let the machine's load decide a score.

Only verdicts, reasons and parse errors are checked, never a duration.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import labs as lab_registry  # noqa: E402
import runner  # noqa: E402

REFUSED = ["clock guest\nboot cdrom\n", "clock guest\nfirmware bios uefi\n",
           "clock guest\ntimeout 5\n", "clock guest\ntimeout 0.5\n"]
TYPED = "Keys typed while the guest halts"
KEYBOARD = ('kernel main\nexpect running\nclock guest\ntimeout 40\n'
            'serial "lesson 07: keyboard ready"\n'
            f'send-keys "{TYPED}"\nserial "{TYPED}"\n')


def boot(build, name, text):
    spec = runner.parse_spec(f"kernel {name}\nbios qboot\nclock guest\nexpect exit\n{text}",
                             name=name)
    return runner.boot(Path(build).resolve() / "runner" / f"{name}.iso", spec)


def lab_specs():
    """The .test files of every lab's boot tests, hidden variants included."""
    for lab in lab_registry.load(ROOT):
        for name in lab.tests:
            if not name.startswith("host/"):
                tests = ROOT / "lessons" / lab.lesson / "tests"
                yield from (p for p in (tests / f"{name}.test", tests / f"{name}_hidden.test")
                            if p.is_file())


def main(build):
    problems = [f"{path.relative_to(ROOT)} counts host seconds: a lab's boot test needs "
                "clock guest" for path in lab_specs() if runner.load_spec(path).clock != "guest"]
    halted = boot(build, "hang", "timeout 32\n")
    if halted.verdict != "hang" or "of 32 s of guest time reached" not in halted.reason:
        problems.append(f"halted kernel: {halted.verdict}: {halted.reason} "
                        "(expected: hang at the guest time limit)")
    working = boot(build, "spin", "timeout 16\nserial \"spin: done\"\n")
    if working.verdict != "passed":
        problems.append(f"spin kernel, 16 guest seconds: {working.verdict}: {working.reason}")
    typed = runner.boot(Path(build).resolve() / "07-hardware-interrupts" / "kernel.iso",
                        runner.parse_spec(KEYBOARD, name="keyboard"))
    if typed.verdict != "passed":
        problems.append(f"lesson 07, keys typed: {typed.verdict}: {typed.reason}")
    for text in REFUSED:
        try:
            runner.parse_spec(text, name="spin")
            problems.append(f"accepted: {text!r}")
        except runner.SpecError as e:
            print(f"refused as it should be: {e}")
    for problem in problems:
        print(problem)
    print(f"halted: {halted.verdict} ({halted.reason}); spin: {working.verdict}; "
          f"keys typed: {typed.verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
