"""A generated class: N submissions made from the handout, to time ``make grade-all``.

tools/bench.py's figure "grade-all, seconds per submission" grades one
(issue 23's goal: a class of 200 in 20 minutes on a 2-core machine, about
6 s a submission, every lab and hidden variant graded). The submissions
are archives such as ``make submit`` writes (``submission/`` and the whole
student tree under it), of four kinds taken in turn, as a real class mixes
them:

* ``good``: every lab file as this (the instructor's) tree has it;
* ``stub``: the handout as it is, every lab a stub;
* ``broken``: good, with a line that is not C at the end of lesson 03's
  vga.c (every kernel from lesson 03 on stops building);
* ``half``: the lab files of lessons 02-05 done, the others stubs.

Run alone it writes a class::

    python3 tools/grader/classgen.py --out /tmp/class --count 8
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import labs as lab_registry  # noqa: E402  (tools/ is on the path)
import submit  # noqa: E402
from grader import tree  # noqa: E402

ROOT = lab_registry.ROOT
KINDS = ("good", "stub", "broken", "half")
BROKEN_FILE = "lessons/03-vga-text/vga.c"
HALF_LESSONS = ("02-", "03-", "04-", "05-")


def lab_files(kind):
    """The lab files a submission of this kind takes from the instructor's tree."""
    chosen = set()
    for lab_id, names in lab_registry.student_files(ROOT).items():
        lesson = next((lab.lesson for lab in lab_registry.load(ROOT) if lab.id == lab_id), "")
        if kind in ("good", "broken") or (kind == "half" and lesson.startswith(HALF_LESSONS)):
            chosen.update(names)
    return sorted(chosen)


def graded_specs():
    """The boot specs one submission's grading boots when every lab passes:
    each boot test of a lab, its hidden variant in its place (the floor of
    tools/bench.py's figure counts their boots)."""
    from grader import boot_labs    # only here: it sets up the sandbox's hooks
    return [boot_labs.boot_spec(lab, name)[0] for lab in lab_registry.load(ROOT)
            for name in lab.tests if not name.startswith("host/")]


def make_class(out, count, base=None):
    """Write count submissions into the folder out (NNN-KIND.tar.gz); their paths.
    base is a handout already written (tree.make_base), or None to write one."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="classgen-") as scratch:
        scratch = Path(scratch)
        if base is None:
            base = tree.make_base(scratch / "base")
        paths = []
        for number in range(count):
            kind = KINDS[number % len(KINDS)]
            student = scratch / f"s{number}"
            shutil.copytree(base, student, symlinks=True)
            for name in lab_files(kind):
                shutil.copyfile(ROOT / name, student / name)
            if kind == "broken":
                with open(student / BROKEN_FILE, "a", encoding="utf-8") as f:
                    f.write("this is not C\n")
            path = out / f"{number:03}-{kind}.tar.gz"
            submit.write_submission(student, path)
            shutil.rmtree(student)
            paths.append(path)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a generated class of submissions "
                                     f"({', '.join(KINDS)}, in turn).")
    parser.add_argument("--out", required=True, help="the folder to write them into")
    parser.add_argument("--count", type=int, default=8, help="how many (default 8)")
    args = parser.parse_args(argv)
    for path in make_class(args.out, max(1, args.count)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
