"""Boot tests: one ``.test`` spec booted once by the runner (tools/runner/).

A lesson's test passes when the runner says "passed"; the in-kernel test
lines it finds on serial (``name ... [ok]``) count as tests of their own,
labelled ``<lesson>/<test>/<name>``. A runner self-test (tests/runner/)
passes when the verdict is the one its spec's ``verdict`` line names.
"""

from dataclasses import dataclass
from pathlib import Path

import runner
from runner.qemu import not_built

from .results import TAIL, Outcome, Report, failed, indent


@dataclass
class BootTest:
    """A .test spec and where its image is."""
    label: str        # e.g. 02-minimal-kernel/hello or runner/hang
    spec_path: Path
    build: Path
    lesson: str       # lesson directory name, or "" for runner self-tests
    firmware: str = ""  # boot under this firmware, not the spec's first

    def image(self, spec):
        """The ISO this spec boots."""
        if not self.lesson:
            return self.build / "runner" / f"{spec.kernel or self.spec_path.stem}.iso"
        return self.build / self.lesson / f"{spec.image_name()}.iso"

    def load(self):
        """(spec, the ISO, the file QEMU boots: the ELF for a direct boot);
        raises OSError or runner.SpecError."""
        spec = runner.load_spec(self.spec_path)
        if self.firmware:
            spec.firmware = self.firmware
        iso = self.image(spec)
        return spec, iso, runner.qemu.boot_file(iso, spec.boot_path())

    def guess(self):
        """Its expected time when no earlier run measured it: a test expected
        to hang runs to its time limit; others usually end long before it."""
        try:
            spec = runner.load_spec(self.spec_path)
        except (OSError, runner.SpecError):
            return 0
        return spec.timeout if spec.verdict == "hang" else spec.timeout / 10

    def where(self):
        """The --list line's second half: the file it boots, or what is wrong."""
        try:
            image = self.load()[2]
        except (OSError, runner.SpecError) as e:
            return f"bad spec: {e}"
        return str(image) + ("" if image.is_file() else "  (not built)")


def run_boot_test(test):
    """Boot one spec's image and report the verdict (and in-kernel tests)."""
    try:
        spec, iso, image = test.load()
    except (OSError, runner.SpecError) as e:
        return failed(test.label, f"bad spec — {e}")
    if not image.is_file():
        return failed(test.label, not_built(image))
    result = runner.run(iso, spec)
    if spec.verdict or not test.lesson:
        return _verdict_report(test, spec, result)

    lines = [runner.report(result, test.label, tail_lines=TAIL)]
    outcomes = [Outcome(test.label, result.verdict == "passed",
                        "" if result.verdict == "passed" else f"{result.verdict}: {result.reason}",
                        "\n".join(result.serial_tail(TAIL)))]
    # In-kernel tests: one result line each, after the kernel's own line.
    for name, ok, context in result.ktests:
        label = f"{test.label}/{name}"
        context = [line for line in context if line.strip()]
        outcomes.append(Outcome(label, ok, "" if ok else (context[-1].strip() if context
                                                           else "failed"), "\n".join(context)))
        lines.append(f"{'PASS' if ok else 'FAIL'}  {label}")
        if not ok:
            lines += indent(context)
    return Report("\n".join(lines), outcomes)


def _verdict_report(test, spec, result):
    """A runner self-test passes when the verdict is the expected one."""
    wanted = spec.verdict or "passed"
    ok = result.verdict == wanted
    if ok:
        text = f"PASS  {test.label}  (verdict {wanted} as expected, {result.duration:.1f} s)"
    else:
        # The runner's own report (minus its result line) shows what it saw.
        seen = runner.report(result, test.label, tail_lines=TAIL).splitlines()[1:]
        reason = f" ({result.reason})" if result.reason and result.verdict != "passed" else ""
        text = "\n".join(
            [f"FAIL  {test.label}: the runner said {result.verdict}{reason}, the spec "
             f"expects {wanted}  ({result.duration:.1f} s)"] + seen)
    return Report(text, [Outcome(test.label, ok, "" if ok else
                                 f"verdict {result.verdict}, expected {wanted}")])
