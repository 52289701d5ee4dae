"""Red-team check: a hidden test kernel holds its inputs, never what the
host expects it to print (tests/labs/redteam.py runs it).

A hidden variant's kernel is the student's objects linked with one object
of the course's, its compiled ``NAME_hidden.c`` (tools/grader/hidden.py).
That object holds the variant's inputs (a page, bytes, a time limit), as
memory holds an input passed at run time: the student's code receives them
either way. What the host expects the kernel to print from them must not
be in it: a kernel that found the text there could print it without
computing it. For each serial or screen step of a hidden ``.test`` that the
public test does not have, the part that differs from the public step at
the same place (``5a 00 c3 91`` of ``code at RIP: 0f 0b 5a 00 c3 91``) must
not be in the hidden test's object.

ECHOES lists the steps whose expected text is the test's input by design:
there the input and the output are one (the text lab 3.2 writes, whose
cursor the lab moves; the test names lab 4.2 registers and asks for, which
its report prints). Before the fix, 5.1's kernel printed its bytes as text
and 7.2's compared the panic with the whole expected message: both held it.

usage: tests/labs/redteam_kernels.py BUILD_DIR    (exit 0: passed)
"""

import glob
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402

ECHOES = {("lab_cursor_hidden", "screen"),      # (test, step kind): the input shown
          ("lab_run_named_hidden", "serial")}
SHORTEST = 3            # a differing part shorter than this is left unchecked


def differing(hidden, public):
    """The part of hidden that differs from public: without their common
    beginning and end."""
    start = 0
    while start < min(len(hidden), len(public)) and hidden[start] == public[start]:
        start += 1
    end = 0
    while end < min(len(hidden), len(public)) - start and hidden[-1 - end] == public[-1 - end]:
        end += 1
    return hidden[start:len(hidden) - end]


def expected_parts(hidden_spec, public_spec):
    """(kind, text, part) of each hidden step the public test lacks."""
    found = []
    for kind in ("serial", "screen"):
        hidden = [s.text for s in hidden_spec.steps if s.kind == kind]
        public = [s.text for s in public_spec.steps if s.kind == kind]
        for index, text in enumerate(hidden):
            if text in public:
                continue
            pair = public[index] if len(public) == len(hidden) else ""
            found.append((kind, text, differing(text, pair) if pair else text))
    return found


def check(build):
    """Problems found in the hidden test objects under build."""
    problems = []
    for spec_path in sorted((ROOT / "lessons").glob("*/tests/*_hidden.test")):
        source = spec_path.with_suffix(".c")
        if not source.is_file():
            continue        # no kernel of its own (7.1's types its keys at run time)
        lesson, name = spec_path.parts[-3], spec_path.stem
        target = f"{build}/obj/ktest/lessons/{lesson}/tests/{name}.c.o"
        cc = "clang" if Path(build).name == "clang" else "cc"
        made = subprocess.run(["make", "-s", f"CC={cc}", target], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if made.returncode != 0 or not (ROOT / target).is_file():
            problems.append(f"{name}: cannot build {target}: {made.stdout[-300:]}")
            continue
        data = (ROOT / target).read_bytes()
        public = runner.load_spec(spec_path.with_name(name[:-len("_hidden")] + ".test"))
        for kind, text, part in expected_parts(runner.load_spec(spec_path), public):
            if (name, kind) in ECHOES or len(part) < SHORTEST:
                continue
            if part.encode() in data:
                problems.append(f"{name}: its kernel holds {part!r}, the part of the "
                                f"expected {kind} line {text!r} that the hidden values decide")
    if not problems:
        print("ok    hidden test kernels hold their inputs, not the text the host expects")
    return problems


if __name__ == "__main__":
    build = sys.argv[1] if len(sys.argv) > 1 else "build/gcc"
    build = str(Path(build).resolve().relative_to(ROOT)) if Path(build).is_absolute() else build
    found = check(build)
    for problem in found:
        print("FAIL:", problem)
    sys.exit(1 if found else 0)
