#!/usr/bin/env python3
"""Pack a student's tree into one archive to hand in (``make submit``).

The archive holds the files git knows of (tracked, plus new ones not
ignored; without git, all but build/ and .git/), as they are in the working
tree, under ``submission/``. Nothing built goes in: the grader builds each
submission with the course's own files but the labs' (tools/grader/tree.py).
"""

import argparse
import sys
import tarfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import handout  # noqa: E402  (found through the line above)
from course import ROOT  # noqa: E402

TOP = "submission"        # the folder inside the archive


def write_submission(root, out):
    """Write the archive of the tree at root; return the number of files."""
    names = handout.source_files(root)
    if not names:
        raise OSError(f"no files to hand in under {root}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        for name in names:
            tar.add(Path(root) / name, arcname=f"{TOP}/{name}", recursive=False)
    partial.replace(out)
    return len(names)


def main(argv=None):
    """Write the archive and say what to do with it."""
    parser = argparse.ArgumentParser(description="Pack this tree into an archive to hand in.")
    parser.add_argument("--out", default="build/submission.tar.gz",
                        help="the archive to write (default: build/submission.tar.gz)")
    args = parser.parse_args(argv)
    try:
        count = write_submission(ROOT, args.out)
    except OSError as e:
        print(f"submit: error: {e}", file=sys.stderr)
        return 1
    print(f"submit: wrote {args.out} ({count} files). Hand in that file.")
    print("  `make grade` shows the points of the public tests; the grader also runs hidden")
    print("  variants, and takes only the labs' files (the ones with LAB stubs) from it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
