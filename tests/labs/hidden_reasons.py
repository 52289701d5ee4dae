#!/usr/bin/env python3
"""A hidden variant's reason never quotes its hidden values (a second or two).

tests/labs/intake.sh runs it (``make test`` runs that). No kernel boots:
the runner is replaced by one that returns, for every hidden boot spec of
the course, every verdict a boot can end with, a result as bad as a
failing solution can make it -- the runner's reason quoting the step and
the values it expected, the serial output and a stub's "not implemented"
line full of the hidden values. The grader's reason (boot_labs.boot_image)
must hold none of the values that only the hidden spec has, and no time
limit. For the host labs, every case of each hidden variant gets other
observations than it expects; the reason (checker.compare) must hold
none of the hidden expected observations' values.

usage: tests/labs/hidden_reasons.py    (exit 0: passed)
"""

import re
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import labs as lab_registry  # noqa: E402
import runner  # noqa: E402
from grader import boot_labs, checker, host_labs  # noqa: E402
from runner.verdict import Result  # noqa: E402

LITERAL = re.compile(r'"([^"]{2,})"|\b(0x[0-9a-fA-F]+|[0-9]{2,})\b')
COUNTS = re.compile(r"\b(step|case) \d+ of \d+|\b\d+ of \d+ cases")
problems = []


def literals(text):
    """The quoted strings and the numbers of two digits or more in text."""
    return {a or b for a, b in LITERAL.findall(text)}


def leaks(reason, secret):
    """The secret values that reason quotes (counts of steps and cases aside)."""
    text = COUNTS.sub("", reason)
    return sorted(v for v in secret if re.search(r"(?<![\w.])" + re.escape(v) + r"(?![\w.])",
                                                   text))


def boot_variants(labs, scratch):
    iso = scratch / "image.iso"
    iso.write_bytes(b"")
    iso.with_suffix(".elf").write_bytes(b"")     # what a direct boot reads
    setup = SimpleNamespace(tree=ROOT, build=ROOT / "build", confine=None)
    checked = 0
    for lab in labs:
        for name in lab.tests:
            if name.startswith("host/"):
                continue
            path, is_hidden = boot_labs.boot_spec(lab, name)
            if not is_hidden:
                continue
            public = (path.parent / f"{name}.test").read_text()
            spec = runner.load_spec(path)
            secret = literals(path.read_text()) - literals(public)
            said = " ".join(sorted(secret)) or "nothing"
            for verdict in ("failed", "hang", "triple-fault", "boot-error", "too-much-output"):
                for k, step in enumerate(spec.steps, 1):
                    result = Result(
                        verdict, f"step {k}/{len(spec.steps)}: {step.describe()} never came "
                        f"({said})", serial=f"lab {lab.id} not implemented: {said}\n{said}\n",
                        ktests=[(name, False, [f"lab {lab.id}: {said}"])])
                    boot_labs.runner.run = lambda *_a, r=result, **_k: r
                    reason = boot_labs.boot_image(lab, f"{lab.lesson}/{name}", spec, iso, setup,
                                                  True)
                    found = leaks(reason, secret)
                    if found or re.search(r"\d s\b", reason):
                        problems.append(f"{lab.id} {name} ({verdict}, step {k}): the reason "
                                        f"quotes {found or 'a time limit'}: {reason}")
                    checked += 1
    return checked


def host_variants(labs):
    checked = 0
    for lab in labs:
        for name in lab.tests:
            if not name.startswith("host/"):
                continue
            for label, test_file, expected, is_hidden in host_labs.variants(name[5:], name):
                if not is_hidden:
                    continue
                wanted = checker.observations(expected.read_text())
                public = ROOT / host_labs.EXPECTED / expected.name
                secret = ({o.split("\t")[-1] for _, seen in wanted for o in seen if o}
                          - {o.split("\t")[-1] for _, seen in
                             checker.observations(public.read_text()) for o in seen})
                secret = {v for v in secret if len(v) >= 2}
                got = [(case, [o.rsplit("\t", 1)[0] + "\t-1" for o in seen])
                       for case, seen in wanted[1:]]      # the first case never ran
                reason = checker.compare(label, test_file, got, wanted, True, "exit status 1")
                found = leaks(reason or "", secret)
                if reason is None or found:
                    problems.append(f"{lab.id} {name}: the reason quotes {found}: {reason}")
                checked += 1
    return checked


def main():
    labs = lab_registry.load(ROOT)
    with tempfile.TemporaryDirectory(prefix="hidden-reasons-") as scratch:
        boots = boot_variants(labs, Path(scratch))
    hosts = host_variants(labs)
    for p in problems:
        print("FAIL:", p)
    if not problems and not boots + hosts:
        print("note: no hidden variants in this tree (a student tree): nothing to check")
    elif not problems:
        print(f"ok    hidden reasons   {boots} failing hidden boots and {hosts} hidden host "
              "variants: no reason quotes a hidden value or a time limit")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
