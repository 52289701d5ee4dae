"""Red-team check: the attacks on the intake, handed to Gradescope's
run_autograder instead of grade-all (tests/labs/redteam.py runs it).

Gradescope gives the autograder a folder, /autograder/submission: the
student's upload, an archive left as it is or a tree of files. The bundle's
run_autograder grades it with ``tools/gradescope.py grade`` (the same
intake and grading tree as grade-all, through batch.grade_one). Each case
here is such a folder, graded exactly that way into a results.json:

* archives that link out of their folder, hard-link the instructor's
  solution, or carry a name full of terminal escapes;
* a truncated archive (an interrupted upload);
* an uploaded tree whose lab file is a symbolic link to the instructor's
  solution (what an upload holding a link would unpack to).

Each must score 0 in every lab, say in its output what was refused, hold no
raw escape character anywhere in results.json, and write nothing outside.
"""

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = "/usr/bin/python3"

CASES = {   # the case's name in redteam.py's folder: a word its refusal must say
    "link_chain.tar.gz": "symbolic link",
    "hard_link.tar.gz": "link",
    "escape_name.tar.gz": "control",
    "truncated.tar.gz": "cannot read the archive",
    "symlink_dir": "symbolic link",
}


def grade(entry, work):
    """run_autograder's grading of a folder holding entry; (results, raw bytes)."""
    folder = work / f"submission-{entry.name}"
    if entry.is_dir():
        shutil.copytree(entry, folder, symlinks=True)
    else:
        folder.mkdir()
        shutil.copy(entry, folder / entry.name)
    out = work / f"results-{entry.name}.json"
    subprocess.run([PYTHON, "tools/gradescope.py", "grade", "--submission", str(folder),
                    "--results", str(out), "--timeout", "300"], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    raw = out.read_bytes() if out.is_file() else b""
    return (json.loads(raw) if raw else None), raw


def check(folder, work, canary):
    """The problems found (an empty list: every case held)."""
    problems = []
    for name, word in CASES.items():
        entry = folder / name
        if not entry.exists():
            problems.append(f"gradescope: the case {name} was not made")
            continue
        results, raw = grade(entry, work)
        if results is None:
            problems.append(f"gradescope {name}: no results.json")
        elif results["score"] != 0 or any(t["score"] for t in results["tests"]):
            problems.append(f"gradescope {name}: scored {results['score']}")
        elif word not in results["output"]:
            problems.append(f"gradescope {name}: the output does not say {word!r}: "
                            f"{results['output'][:300]!r}")
        elif b"\x1b" in raw or b"\x07" in raw or b"\\u001b" in raw or b"\\u0007" in raw:
            problems.append(f"gradescope {name}: a raw escape character in results.json")
        else:
            print(f"ok    gradescope {name:<18} 0 points: {results['output'].splitlines()[1][:70]}")
    if canary.exists():
        problems.append(f"gradescope: an attack wrote {canary}")
    return problems
