"""The results of a test run: what each counted test gave, what each job
prints, and the ``--json`` records that programs read instead of the text."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import runner

TAIL = 15              # output lines shown under a failure


@dataclass
class Outcome:
    """The result of one counted test, as ``--json`` writes it."""
    label: str
    passed: bool
    reason: str = ""      # why it failed or was skipped (one line), "" when it passed
    output: str = ""      # what it printed that explains the result
    skipped: bool = False  # it did not apply here (passed is True: nothing failed)

    def record(self):
        """The JSON record: name, verdict, reason, output, with what the
        kernels wrote escaped (runner.printable), for whoever shows it."""
        verdict = "skipped" if self.skipped else "passed" if self.passed else "failed"
        return {"name": runner.printable(self.label, keep=""), "verdict": verdict,
                "reason": runner.printable(self.reason, keep=""),
                "output": runner.printable(self.output)}


@dataclass
class Report:
    """What one job prints (a block of lines) and what it counts."""
    text: str
    outcomes: list = field(default_factory=list)


def shown(text):
    """A report as it is printed: what kernels and test programs wrote is
    data, shown with every control character escaped (runner.printable)."""
    return runner.printable(text)


def failed(label, why):
    """The report of a job that could not run at all: one failed test."""
    return Report(f"FAIL  {label}: {why}", [Outcome(label, False, why)])


def skipped(label, why, output=""):
    """The report of a job that does not apply here: one skipped test."""
    return Report(f"SKIP  {label}: {why}", [Outcome(label, True, why, output, skipped=True)])


def indent(lines, prefix="    "):
    """Indent each line for the details under a result line."""
    return [prefix + line for line in lines]


def output_tail(text, n=TAIL):
    """The last n non-empty lines of a program's output."""
    return runner.tail(text.splitlines(), n)


def write_json(path, outcomes):
    """Write the records of outcomes to path (a JSON list, in the order run)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([o.record() for o in outcomes], indent=1) + "\n",
                    encoding="utf-8")
