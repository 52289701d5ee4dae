#!/usr/bin/env python3
"""Write the student tree: every lab's solution replaced by its stub.

``make handout`` calls it (``--out build/handout``). The markers, the rules
enforced here and the files left out (``*.instructor.*`` and the patterns
of tests/labs/instructor-only.txt) are described in book/instructor.md,
"Solutions and stubs in the sources" and "Producing the student tree".
A markdown page may also say one thing to the course's readers and another
to students, who get what follows ``<!-- handout: with`` instead of what
follows ``<!-- handout: replace -->`` (a comment no renderer shows).
"""

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import labs as lab_registry  # noqa: E402  (found through the line above)
from course import ROOT  # noqa: E402

INSTRUCTOR_ONLY = Path("tests/labs/instructor-only.txt")
STAMP = ".handout"          # written at the handout's top: where it came from

# The line comment of each kind of file that may hold markers.
COMMENT_PREFIX = {".c": "//", ".h": "//", ".asm": ";", ".test": "#", ".mk": "#", ".sh": "#"}

MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<prefix>//|;|#) LAB (?P<id>\d+\.\d+) "
                    r"(?P<kind>BEGIN|STUB|END)\b(?P<rest>.*)$")


class HandoutError(Exception):
    """A marker mistake, or an output directory that must not be overwritten."""


def comment_prefix(path):
    """The line comment of a file that may hold markers, or None."""
    return COMMENT_PREFIX.get(Path(path).suffix)


def uncomment(line, prefix, where):
    """A stub line without its comment: '\\t// foo' -> '\\tfoo'."""
    stripped = line.lstrip(" \t")
    indent = line[:len(line) - len(stripped)]
    if not stripped.startswith(prefix):
        raise HandoutError(f"{where}: a stub line must start with {prefix!r} "
                           "(the stub is commented out in this tree)")
    rest = stripped[len(prefix):]
    if rest and not rest.startswith(" "):
        raise HandoutError(f"{where}: write {prefix!r} and a space before a stub line")
    return indent + rest[1:] if rest else ""


def strip_labs(text, path, known_ids):
    """The handout version of one file's text, and the lab ids it marks.

    Raises HandoutError (with file and line) for a marker out of order, a
    marker with the wrong comment for the file, or a lab id not in known_ids.
    """
    prefix = comment_prefix(path)
    out = []
    seen = set()
    state, current, start = "outside", None, 0
    squeeze = False     # a region just vanished: do not leave two blank lines
    lines = text.split("\n")
    for lineno, line in enumerate(lines, 1):
        if lineno == len(lines) and line == "" and state != "outside":
            break       # the end of the last line, not a line of the stub
        where = f"{path}:{lineno}"
        m = MARKER.match(line)
        if m:
            lab_id, kind = m.group("id"), m.group("kind")
            if m.group("prefix") != prefix:
                raise HandoutError(f"{where}: lab markers in this file start with {prefix!r}")
            if lab_id not in known_ids:
                raise HandoutError(f"{where}: lab {lab_id} is not in {lab_registry.REGISTRY}")
            expected = {"outside": "BEGIN", "solution": "STUB", "stub": "END"}[state]
            if kind != expected or (state != "outside" and lab_id != current):
                wanted = f"LAB {current} {expected}" if current else "LAB ID BEGIN"
                raise HandoutError(f"{where}: found LAB {lab_id} {kind}, expected {wanted}")
            if kind == "BEGIN":
                if not m.group("rest").startswith(": ") or not m.group("rest")[2:].strip():
                    raise HandoutError(f"{where}: write the BEGIN marker as "
                                       f"'{prefix} LAB {lab_id} BEGIN: a short title'")
                state, current, start = "solution", lab_id, lineno
                seen.add(lab_id)
            elif kind == "STUB":
                state, stub_start = "stub", len(out)
            else:
                state, current = "outside", None
                squeeze = len(out) == stub_start    # the stub was empty
            continue
        if state == "outside":
            if squeeze and not line.strip() and (not out or not out[-1].strip()):
                squeeze = False
                continue
            squeeze = False
            out.append(line)
        elif state == "stub":
            out.append(uncomment(line, prefix, where))
    if state != "outside":
        raise HandoutError(f"{path}:{start}: LAB {current} BEGIN has no "
                           f"{'STUB' if state == 'solution' else 'END'} marker")
    return "\n".join(out), seen


MD_REPLACE = "<!-- handout: replace -->"
MD_WITH = "<!-- handout: with"
MD_END = "-->"


def student_text(text, path):
    """The handout version of a markdown page: each region between
    MD_REPLACE and MD_WITH dropped, the lines up to MD_END kept."""
    out = []
    state, start = "outside", 0
    for lineno, line in enumerate(text.split("\n"), 1):
        marker = line.strip()
        expected = {"outside": MD_REPLACE, "course": MD_WITH, "student": MD_END}[state]
        if marker in (MD_REPLACE, MD_WITH) or (state == "student" and marker == MD_END):
            if marker != expected:
                raise HandoutError(f"{path}:{lineno}: found {marker!r}, expected {expected!r}")
            state = {"outside": "course", "course": "student", "student": "outside"}[state]
            start = lineno
        elif state != "course":
            out.append(line)
    if state != "outside":
        raise HandoutError(f"{path}:{start}: this region has no "
                           f"{MD_WITH if state == 'course' else MD_END!r} line after it")
    return "\n".join(out)


def source_files(root):
    """The files of the tree, relative to root: git's tracked and new files, or a walk."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True)
        names = [n for n in proc.stdout.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for directory, subdirs, files in os.walk(root):
            rel = Path(directory).relative_to(root)
            subdirs[:] = [d for d in subdirs if not (rel == Path(".") and d in ("build", ".git"))]
            names += [str(rel / f) if str(rel) != "." else f for f in files]
    # Tracked files deleted in the working tree are not copied.
    return sorted(n for n in dict.fromkeys(names) if (Path(root) / n).is_file())


def instructor_only_patterns(root):
    """Shell patterns of files that stay out of the handout."""
    # The listing itself goes out: it names no secret, and a student tree's
    # book check reads it to know which tests the tree lacks on purpose.
    patterns = ["*.instructor.*"]
    path = Path(root) / INSTRUCTOR_ONLY
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                patterns.append(line)
    return patterns


def is_instructor_only(name, patterns):
    """Does a relative path match one of the instructor-only patterns?"""
    base = Path(name).name
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(base, p) for p in patterns)


def prepare_output(out, root):
    """Make ``out`` an empty directory, refusing to delete anything but an old handout."""
    out, root = Path(out).resolve(), Path(root).resolve()
    if out == root or out in root.parents:
        raise HandoutError(f"{out}: the handout cannot be written over the course tree")
    if out.exists():
        if not out.is_dir():
            raise HandoutError(f"{out} exists and is not a directory")
        if any(out.iterdir()) and not (out / STAMP).is_file():
            raise HandoutError(f"{out} exists and is not an earlier handout (no {STAMP} "
                               "file in it): choose another OUT or remove it yourself")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return out


def describe_source(root):
    """The commit the handout was made from, for the stamp file."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        return proc.stdout.decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"


def write_handout(root, out):
    """Write the handout of the tree at root into out; return (files, labs) counts."""
    root = Path(root)
    if (root / STAMP).is_file():
        raise HandoutError(f"{root} is a student tree already ({STAMP}): it has stubs, not "
                           "solutions, so there is nothing to hand out")
    labs = lab_registry.load(root)
    known = {lab.id for lab in labs}
    patterns = instructor_only_patterns(root)
    names = [n for n in source_files(root) if not is_instructor_only(n, patterns)]

    # Transform everything first: a marker mistake must not leave half a handout.
    contents = {}
    marked = set()
    for name in names:
        data = (root / name).read_bytes()
        if comment_prefix(name) and b" LAB " in data:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise HandoutError(f"{name}: not UTF-8 text, but it has a LAB marker")
            new, seen = strip_labs(text, name, known)
            marked |= seen
            data = new.encode("utf-8")
        elif name.endswith(".md") and MD_REPLACE.encode() in data:
            data = student_text(data.decode("utf-8"), name).encode("utf-8")
        contents[name] = data
    missing = sorted(known - marked, key=lambda i: [int(x) for x in i.split(".")])
    if missing:
        raise HandoutError(f"lab {', '.join(missing)} is in {lab_registry.REGISTRY} but no "
                           "source marks its solution (LAB ID BEGIN ... STUB ... END)")

    out = prepare_output(out, root)
    for name, data in contents.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        shutil.copymode(root / name, target)
    (out / STAMP).write_text(f"Student tree written by tools/handout.py from {describe_source(root)}"
                             f"\nwith the stubs of labs {' '.join(lab.id for lab in labs)}.\n")
    return len(contents), len(labs)


def main(argv=None):
    """Write the handout; exit status 1 on a marker mistake."""
    parser = argparse.ArgumentParser(
        description="Write the student tree: solutions replaced by stubs, markers and "
                    "instructor-only files removed.")
    parser.add_argument("--out", default="build/handout",
                        help="where to write it (default: build/handout)")
    args = parser.parse_args(argv)
    try:
        files, count = write_handout(ROOT, args.out)
    except (HandoutError, lab_registry.LabError, OSError) as e:
        print(f"handout: error: {e}", file=sys.stderr)
        return 1
    print(f"handout: {files} files with the stubs of {count} labs in {args.out}")
    print(f"  students: cd {args.out} && make grade   (every lab scores 0 until solved)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
