"""What the runner shows of a hostile kernel's output holds no control character.

tests/runner/check_output.sh runs this with the build directory. The kernel
tests/runner/hostile.c prints terminal escapes (OSC, ESC c, CSI 2J, C1,
NUL, spliced sequences) on serial, in a fake in-kernel test line and in a
panic. Its text is shown through the three paths a user sees:
``tools/qemu_runner.py --serial --screen`` (the command line, the report,
the serial dump), ``tools/run_tests.py``'s report of a lesson test with its
in-kernel tests (what ``make test`` and ``make lesson N test`` print), and
its ``--json`` records. Each must hold no control character but newline and tab, no C1
character and no invisible format character, and must still show the
kernel's words (escaped, not dropped).
"""

import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import run_tests  # noqa: E402

# What must still be visible, escaped: the title the kernel tried to set.
MUST_SHOW = ("pwned title", "\\x07", "\\x1b[2J", "spliced title", "panic title")


def bad_characters(text):
    """(position, character) of each character a terminal would obey."""
    bad = []
    for i, ch in enumerate(text):
        if ch in "\n\t":
            continue
        if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or \
                unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            bad.append((i, ch))
    return bad


def check(name, data, problems):
    """Add to problems what is wrong with one output (bytes or str)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{name}: not UTF-8 ({e})")
            data = data.decode("utf-8", errors="replace")
    bad = bad_characters(data)
    if bad:
        i, ch = bad[0]
        problems.append(f"{name}: {len(bad)} raw control characters, the first U+{ord(ch):04X}"
                        f" at {i}: {data[max(0, i - 30):i + 30]!r}")
    for words in MUST_SHOW:
        if words not in data:
            problems.append(f"{name}: {words!r} is not shown")


class HostileTest(run_tests.BootTest):
    """The hostile kernel, reported as a lesson's test (with in-kernel tests)."""

    def image(self, spec):
        return self.build / "runner" / "hostile.iso"


def main(build):
    build = Path(build).resolve()
    iso = build / "runner" / "hostile.iso"
    problems = []
    cli = subprocess.run([sys.executable, str(ROOT / "tools" / "qemu_runner.py"), str(iso),
                          "--spec", str(ROOT / "tests" / "runner" / "hostile.test"),
                          "--serial", "--screen"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    check("qemu_runner.py --serial --screen", cli.stdout, problems)

    with tempfile.TemporaryDirectory(prefix="check-output-") as tmp:
        spec = Path(tmp) / "hostile.test"
        spec.write_text("kernel hostile\nexpect exit\ntimeout 20\n", encoding="utf-8")
        report = run_tests.run_boot_test(HostileTest("lesson/hostile", spec, build, "lesson"))
        shown = run_tests.shown(report.text)
        check("run_tests.py's report", shown, problems)
        if "FAIL  lesson/hostile/" not in shown:
            problems.append("run_tests.py did not report the fake in-kernel test")
        records = Path(tmp) / "results.json"
        run_tests.write_json(records, report.outcomes)
        check("run_tests.py --json", "\n".join(
            value for record in json.loads(records.read_text(encoding="utf-8"))
            for value in record.values()), problems)
    for problem in problems:
        print(problem)
    if problems:
        print("--- qemu_runner.py printed:")
        print(repr(cli.stdout[:3000]))
        return 1
    print("hostile output: every path shows it escaped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
