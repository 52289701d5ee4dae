#!/usr/bin/env python3
"""Grading on Gradescope: the autograder bundle, and what it runs there.

``make gradescope`` writes the bundle to upload as a programming
assignment's autograder::

    python3 tools/gradescope.py bundle --out build/gradescope.zip

The zip holds this course tree (the files git knows of, so no build/) and,
at its top, the two scripts Gradescope looks for:

* ``setup.sh``, run once as root when Gradescope builds the grading image:
  it installs ``make`` and ``python3``, then every Debian package the
  build, the boots and the tests need, through ``tools/require.sh`` (the
  same list ``make`` checks).
* ``run_autograder``, run for each submission: it calls this program's
  ``grade`` command, which grades ``/autograder/submission`` the way
  ``make grade-all`` grades one student (tools/grader/batch.py's
  ``grade_one``: the submission is read as data, only its lab files go
  into a fresh copy of the course's student tree, and ``tools/grade.py``
  builds and grades that within a time limit), and writes
  ``/autograder/results/results.json`` with Gradescope's documented
  fields::

    {"score": 20, "output": "20/165 points", "visibility": "visible",
     "stdout_visibility": "hidden", "execution_time": 95,
     "tests": [{"name": "Lab 3.1: Backspace and tab in the VGA writer",
                "score": 10, "max_score": 10, "status": "passed",
                "output": "passed"}, ...]}

  Each test's output is the lab's part of the student's feedback file
  (tools/grader/feedback.py): the whole reason, the serial tail and screen
  when the grader kept them, escaped.

A submission is what the student uploaded: the archive ``make submit``
writes (``submission.tar.gz``, or any .tar.gz, .tgz, .tar or .zip), or the
course tree itself (a GitHub upload). The scripts find the Gradescope
folders from their own place: Gradescope runs copies of them at
``/autograder`` (the tree is in ``/autograder/source``), and
``<root>/source/run_autograder`` grades ``<root>/submission`` too, so the
bundle can be tried in a scratch root laid out like ``/autograder``.
``tests/distros/run.sh`` does so in a bare Debian root.
"""

import argparse
import json
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import handout  # noqa: E402  (found through the line above)
import labs as lab_registry  # noqa: E402
from course import ROOT  # noqa: E402
from grader import batch, feedback, intake, tree  # noqa: E402
from grader.jobs import usable_cpus  # noqa: E402

# Seconds to build and grade one submission: under Gradescope's default
# limit of 10 minutes for the whole run, so that a submission that takes
# too long scores 0 with a reason rather than being killed without one.
# At 1 CPU and 768 MB a good submission took about 50 s and the handout
# about 45 s (make test-distros, step 5), and no more at half a CPU on a
# busy machine. An assignment given a longer limit can pass --timeout in
# run_autograder.
TIMEOUT = 540
BUILD = "build/gcc"       # inside the submission's scratch tree

# Both scripts find the course tree from their own place: Gradescope
# extracts the zip into /autograder/source and runs copies of the scripts
# at /autograder (run_autograder there, with /autograder as the working
# directory); run from source/ itself, they find the tree beside them.
FIND_SOURCE = """here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/source/tools/gradescope.py" ]; then
	source=$here/source
elif [ -f "$here/tools/gradescope.py" ]; then
	source=$here
else
	echo "error: the course tree is neither $here/source nor $here" >&2
	exit 1
fi
root=$(dirname "$source")
"""

SETUP_SH = """#!/bin/sh
# Gradescope runs this once, as root, while it builds the grading image:
# the Debian packages the course's build, boots, host tests and sandbox need.
set -eu
""" + FIND_SOURCE + """export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends make python3
cd "$source"
sh tools/require.sh gcc build run host test labs
/usr/bin/python3 tools/sandbox.py --check   # a sandbox that cannot hold a submission fails the image
"""

RUN_AUTOGRADER = """#!/bin/sh
# Gradescope runs this for each submission: grade <root>/submission and
# write <root>/results/results.json (see tools/gradescope.py).
set -eu
""" + FIND_SOURCE + """cd "$source"
exec /usr/bin/python3 tools/gradescope.py grade \\
	--submission "$root/submission" --results "$root/results/results.json"
"""


# ---------------------------------------------------------------------------
# The bundle

def write_bundle(out):
    """Write the zip: setup.sh and run_autograder at the top, then the tree."""
    names = [n for n in handout.source_files(ROOT) if n not in ("setup.sh", "run_autograder")]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, text)
        for name in names:
            bundle.write(ROOT / name, name)      # keeps each file's mode (tools' x bits)
    partial.replace(out)
    return len(names)


# ---------------------------------------------------------------------------
# Grading one submission on Gradescope

def submission_entry(folder):
    """What the batch grades: the uploaded tree, or the one archive in it."""
    folder = Path(folder)
    if (folder / "lessons").is_dir() or not folder.is_dir():
        return folder
    archives = [p for p in sorted(folder.iterdir())
                if p.is_file() and not p.is_symlink() and p.name.endswith(intake.ARCHIVES)]
    return archives[0] if len(archives) == 1 else folder


def results(labs, graded):
    """Gradescope's results.json from one graded submission (a batch.Graded).

    One test per lab, with Gradescope's documented fields: ``name``,
    ``score``, ``max_score``, ``status`` and ``output``, the same text as the
    lab's part of the feedback file (tools/grader/feedback.py): the whole
    reason, the serial tail and the screen when the grader kept them. A
    submission that could not be graded at all scores 0 in every lab, and
    the top-level ``output`` says why. Everything is escaped already.
    """
    by_lab = {row["exercise"]: row for row in graded.rows}
    refused = graded.refused()
    tests = []
    for lab in labs:
        row = by_lab.get(lab.id)
        score = int(row["points"]) if row else 0
        output = (f"not graded: {refused}" if refused
                  else feedback.lab_output(lab, row, graded.details.get(lab.id)))
        tests.append({"name": f"Lab {lab.id}: {lab.title}", "score": score,
                      "max_score": lab.points, "output": output,
                      "status": "passed" if score == lab.points else "failed"})
    total = sum(t["score"] for t in tests)
    possible = sum(t["max_score"] for t in tests)
    lines = [f"{total}/{possible} points"]
    if refused:
        lines.append(f"Your submission could not be graded: {refused}")
    lines += graded.notes
    return {"score": total, "output": "\n".join(lines), "tests": tests,
            "visibility": "visible", "stdout_visibility": "hidden"}


def grade(submission, out, timeout=TIMEOUT):
    """Grade a Gradescope submission folder and write its results.json."""
    start = time.monotonic()
    labs = lab_registry.load(ROOT)
    entry = submission_entry(submission)
    options = SimpleNamespace(build=BUILD, cc="cc", jobs=usable_cpus(), timeout=timeout,
                              keep=False, sandbox_uid=65534, lab=None, ccache=None)
    with tempfile.TemporaryDirectory(prefix="gradescope-base-") as scratch:
        base = tree.make_base(Path(scratch) / "base")
        graded = batch.grade_one(entry, labs, options, base)
    data = results(labs, graded)
    data["execution_time"] = round(time.monotonic() - start)    # seconds, as documented
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(description="The Gradescope autograder: build its "
                                     "bundle, or grade one submission as Gradescope does.")
    commands = parser.add_subparsers(dest="command", required=True)
    bundle = commands.add_parser("bundle", help="write the autograder zip")
    bundle.add_argument("--out", default="build/gradescope.zip")
    run = commands.add_parser("grade", help="grade a submission folder into results.json")
    run.add_argument("--submission", required=True, help="e.g. /autograder/submission")
    run.add_argument("--results", required=True, help="e.g. /autograder/results/results.json")
    run.add_argument("--timeout", type=float, default=TIMEOUT,
                     help=f"seconds to build and grade the submission (default {TIMEOUT})")
    args = parser.parse_args(argv)
    try:
        if args.command == "bundle":
            count = write_bundle(args.out)
            print(f"gradescope: wrote {args.out} ({count} files of the course, setup.sh, "
                  "run_autograder). Upload it as the assignment's autograder.")
            return 0
        data = grade(args.submission, args.results, args.timeout)
    except (OSError, lab_registry.LabError) as e:
        print(f"gradescope: error: {e}", file=sys.stderr)
        return 1
    print(data["output"].splitlines()[0])
    for test in data["tests"]:
        print(f"  {test['score']:>3}/{test['max_score']:<3} {test['name']}: "
              f"{test['output'].splitlines()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
