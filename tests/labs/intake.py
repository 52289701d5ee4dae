#!/usr/bin/env python3
"""The intake and the batch's CSV, grading almost nothing (seconds).

tests/labs/intake.sh runs it (``make test`` runs that). Every kind of
archive member the intake refuses (tools/grader/intake.py) is tried on its
own and must be refused with a reason naming it, leaving nothing outside
the destination; a plain archive must unpack to plain files with plain
modes (as root, both again through tools/grader/unpacker.py, whose child
must read the archive as a uid other than root); the grading tree (tools/grader/tree.py) must take the lab files and
nothing else; and the CSV (tools/grader/batch.py) must keep finished
students and drop half-written ones when a batch resumes, also after
grade_all.py is killed outright mid-way; a feedback file and results.json
must carry a reason whole and escaped.
tests/labs/redteam.py grades the worst of these archives end to end.

usage: tests/labs/intake.py    (exit 0: passed)
"""

import csv
import io
import os
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import labs as lab_registry  # noqa: E402
from grader import batch, intake, jobs, tree, unpacker  # noqa: E402

problems = []


def member(tar, name, data=b"", kind=tarfile.REGTYPE, linkname="", size=None, mode=0o644):
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mode = kind, linkname, mode
    info.size = len(data) if size is None else size
    if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE):
        info.devmajor, info.devminor = 1, 5
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def tar_of(work, name, members, raw=None):
    path = work / f"{name}.tar.gz"
    if raw is not None:
        path.write_bytes(raw)
        return path
    with tarfile.open(path, "w:gz") as tar:
        member(tar, "submission/lessons/README", b"plain\n")
        for args in members:
            member(tar, *args)
    return path


def zip_of(work, name, entries):
    path = work / f"{name}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for entry_name, data, mode in entries:
            info = zipfile.ZipInfo(entry_name)
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return path


def expect_refused(work, label, path, words, deadline=None):
    dest = work / f"out-{label}"
    dest.mkdir(mode=0o700)
    try:
        UNPACK(path, dest, deadline or time.monotonic() + 60)
    except intake.Refused as e:
        if words not in str(e):
            problems.append(f"{label}: refused, but the reason does not say {words!r}: {e}")
        elif "\x1b" in str(e) or "\x07" in str(e):
            problems.append(f"{label}: the reason holds a raw control character: {e!r}")
        else:
            print(f"ok    {label:<16} refused: {e}")
        return
    problems.append(f"{label}: taken, should be refused ({words})")


def refusals(work):
    canary = work.parent / f"{work.name}-canary"
    big = intake.MAX_BYTES + 1
    cases = [
        ("symlink", [("submission/x", b"", tarfile.SYMTYPE, "/etc/passwd")], "a symbolic link"),
        ("hard link", [("submission/x", b"", tarfile.LNKTYPE, "submission/lessons/README")],
         "a hard link"),
        ("fifo", [("submission/x", b"", tarfile.FIFOTYPE)], "a device or FIFO"),
        ("device", [("submission/x", b"", tarfile.CHRTYPE)], "a device or FIFO"),
        ("absolute", [("/tmp/x", b"x")], "an absolute name"),
        ("dotdot", [(f"submission/../../{canary.name}", b"x")], "'..'"),
        ("long name", [("submission/" + "n" * 200, b"x")], "longer than"),
        ("deep", [("/".join(["d"] * 13), b"x")], "deeper than"),
        ("escape", [("submission/\x1b]0;title\x07", b"x")], "control"),
        ("bidi", [("submission/evil\u202etxt.c", b"x")], "control"),
        ("backslash", [("submission\\x", b"x")], "backslash"),
        ("twice", [("submission/x", b"1"), ("submission/x", b"2")], "the same name twice"),
        ("file then dir", [("submission/x", b"1"), ("submission/x/y", b"2")],
         "a file and a folder"),
        ("count bomb", [(f"submission/{i}", b"") for i in range(intake.MAX_MEMBERS)],
         "more than"),
    ]
    for label, members, words in cases:
        expect_refused(work, label, tar_of(work, label.replace(" ", "_"), members), words)
    # A header that claims more than the cap is refused before any of it is read.
    # Written by hand: Python 3.13's tarfile refuses a header without its data.
    info = tarfile.TarInfo("submission/big")
    info.size = big
    header = info.tobuf(tarfile.GNU_FORMAT, "utf-8", "surrogateescape")
    (work / "big.tar").write_bytes(header + bytes(tarfile.RECORDSIZE - len(header)))
    expect_refused(work, "size bomb", work / "big.tar", "MiB once unpacked")
    good = tar_of(work, "good", [("submission/x", b"x" * 100000)]).read_bytes()
    expect_refused(work, "truncated", tar_of(work, "truncated", [], good[: len(good) // 2]),
                   "cannot read the archive")
    expect_refused(work, "not gzip", tar_of(work, "garbage", [], b"\x1b[2J" * 100),
                   "cannot read the archive")
    expect_refused(work, "zip symlink", zip_of(work, "zlink", [
        ("submission/x", "/etc/passwd", stat.S_IFLNK | 0o777)]), "a symbolic link")
    expect_refused(work, "zip dotdot", zip_of(work, "zdot", [
        ("../x", "x", stat.S_IFREG | 0o644)]), "'..'")
    expect_refused(work, "zip bomb", zip_of(work, "zbomb", [
        ("submission/zeros", bytes(big), stat.S_IFREG | 0o644)]), "MiB once unpacked")
    expect_refused(work, "deadline", tar_of(work, "late", []), "time limit",
                   deadline=time.monotonic() - 1)
    folder = work / "folder"
    (folder / "lessons").mkdir(parents=True)
    (folder / "lessons" / "link").symlink_to("/etc")
    expect_refused(work, "folder link", folder, "a symbolic link")
    if canary.exists():
        problems.append(f"an archive wrote {canary}")


def plain_unpack(work):
    path = work / "plain.tar"
    with tarfile.open(path, "w") as tar:
        member(tar, "./submission/", kind=tarfile.DIRTYPE, mode=0o7777)
        member(tar, "submission/run.sh", b"#!/bin/sh\n", mode=0o4755)
        member(tar, "submission/notes.txt", b"hello\n", mode=0o666)
    dest = work / "plain"
    dest.mkdir(mode=0o700)
    said = UNPACK(path, dest, time.monotonic() + 60)
    if UNPACK is unpacker.unpack:       # as root: read by a uid of its own, then taken back
        owners = {p.lstat().st_uid for p in [dest, *dest.rglob("*")]}
        if not said or " as uid 0" in said or owners != {0}:
            problems.append(f"unpacked as root, or not taken back: {said!r}, owners {owners}")
        else:
            print(f"ok    unprivileged     {said}; the files are root's again")
    modes = {p.name: stat.S_IMODE(p.lstat().st_mode) for p in (dest / "submission").iterdir()}
    if modes != {"run.sh": 0o755, "notes.txt": 0o644}:
        problems.append(f"plain archive: unexpected files or modes {modes}")
    else:
        print("ok    plain archive    unpacked: set-uid and group/other write bits dropped")


def grading_tree(work):
    """A submission that changes a lab file, a build list and a tool: only the lab file counts."""
    mine = lab_registry.student_files()
    if not mine:
        print("note: no lab markers in this tree (a student tree): the grading tree is "
              "not checked")
        return
    base = tree.make_base(work / "base")
    lab_file = mine["3.1"][0]
    sub = work / "sub" / "submission"
    for name in (lab_file, "lessons/03-vga-text/build.mk", "tools/grade.py"):
        (sub / name).parent.mkdir(parents=True, exist_ok=True)
        (sub / name).write_text("changed by the student\n")
    (sub / "extra.c").write_text("new\n")
    taken = tree.build_tree(base, work / "sub", work / "tree")
    got = (work / "tree" / lab_file).read_text()
    kept = (work / "tree" / "lessons/03-vga-text/build.mk").read_text() == \
        (base / "lessons/03-vga-text/build.mk").read_text()
    if got != "changed by the student\n" or not kept or len(taken.ignored) != 3:
        problems.append(f"grading tree: lab file taken {got!r}, build.mk kept {kept}, "
                        f"ignored {taken.ignored}")
    else:
        print(f"ok    grading tree     {taken.notes()[0][:70]}...")
    for name in mine.values():
        for f in name:
            if f != lab_file and (work / "tree" / f).read_bytes() != (base / f).read_bytes():
                problems.append(f"grading tree: {f} missing from the submission is not the stub")


def resume(work):
    out = work / "grades.csv"
    rows = [["student", "exercise", "points", "possible", "reason"],
            ["alice", "3.1", "10", "10", "passed"], ["alice", "total", "10", "10", ""],
            ["bob", "3.1", "0", "10", "half-written: no total row"]]
    with open(out, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    results = batch.Results(out)
    kept = list(csv.reader(open(out, newline="")))
    if results.finished != {"alice"} or kept != rows[:3]:
        problems.append(f"resume: finished {results.finished}, rows {kept}")
    else:
        print("ok    resume           alice (total row) kept, bob's half-written rows dropped")
    try:
        batch.Results(out)
        problems.append("a second batch could open the CSV a first one is writing")
    except ValueError as e:
        print(f"ok    lock             {e}"[:100])
    results.close()
    results = batch.Results(out, everyone=True)
    results.close()
    if results.finished or len(list(csv.reader(open(out, newline="")))) != 1:
        problems.append("--regrade: finished students were kept")


def feedback_and_results():
    """A reason longer than a line, with escapes in it: whole in the feedback file and in
    results.json (Gradescope's documented fields), escaped in both."""
    import gradescope
    from grader import feedback
    labs = lab_registry.load()
    long_reason = "failed: " + "x" * 300 + " \x1b[2J\x1b]0;title\x07 the end"
    graded = batch.Graded("alice", [
        {"student": "alice", "exercise": lab.id, "points": lab.points if i else 0,
         "possible": lab.points, "reason": long_reason[:60] + "..." if not i else "passed"}
        for i, lab in enumerate(labs)], notes=["ignored: 1 file outside the labs' files: x"])
    # The CSV's reason is cut to a line; grade.py --json's is whole (and wins).
    graded.details = {labs[0].id: {"serial": "boot\n\x1b[31mred\x1b[0m\npanic: here\n",
                                   "reason": long_reason}}
    text = feedback.report(graded, labs)
    data = gradescope.results(labs, graded)
    fields = {"score", "output", "visibility", "stdout_visibility", "tests"}
    test_fields = {"name", "score", "max_score", "output", "status"}
    if "\x1b" in text or any("\x1b" in t["output"] for t in data["tests"]):
        problems.append("feedback: a raw escape character in the report or results.json")
    elif "the end" not in text or "the end" not in data["tests"][0]["output"] \
            or "panic: here" not in text or "ignored: 1 file" not in data["output"]:
        problems.append(f"feedback: the whole reason, serial or notes are missing:\n{text}")
    elif set(data) != fields or any(set(t) != test_fields for t in data["tests"]) \
            or data["score"] != sum(t["score"] for t in data["tests"]):
        problems.append(f"results.json: not Gradescope's fields: {sorted(data)}")
    else:
        print(f"ok    feedback         whole reason ({len(long_reason)} characters), serial, "
              "notes, escaped; results.json fields")


def killed_batch(work):
    """grade_all.py killed (SIGKILL: no handler runs) once the first student is
    done, then run again: it skips that student, grades the others, and the
    CSV ends with each student's rows and total exactly once. Three stub
    submissions, lab 2.2 only (a host lab: a few seconds, nothing booted)."""
    if not lab_registry.student_files():
        return
    folder = work / "class"
    for name in ("ann", "ben", "cat"):
        (folder / name / "lessons").mkdir(parents=True)
        (folder / name / "lessons" / "notes.txt").write_text(f"{name}\n")
    out = work / "killed" / "grades.csv"
    command = ["/usr/bin/python3", str(ROOT / "tools" / "grade_all.py"), "--dir", str(folder),
               "--out", str(out), "--lab", "2.2", "--cold", "--jobs", "1",
               "--parallel", "1"]   # one at a time: the kill lands after exactly one
    env = dict(os.environ, TMPDIR=str(work))      # its scratch goes with ours
    for folder in (work.parent, work):            # where the sandbox's user reaches
        os.chmod(folder, 0o755)
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in first.stdout:
        seen.append(line.rstrip())
        if line.startswith("grade-all: 1/3 "):
            first.kill()
            break
    first.wait()
    first.stdout.close()
    if first.returncode != -signal.SIGKILL:
        problems.append(f"killed batch: it ended by itself ({first.returncode}): {seen}")
        return
    again = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=600)
    rows = list(csv.DictReader(open(out, newline="")))
    totals = [r["student"] for r in rows if r["exercise"] == "total"]
    labs = [(r["student"], r["exercise"]) for r in rows if r["exercise"] != "total"]
    if (again.returncode != 0 or "1 of 3 already in" not in again.stdout
            or sorted(totals) != ["ann", "ben", "cat"] or len(set(labs)) != len(labs)
            or sorted(labs) != [(name, "2.2") for name in ("ann", "ben", "cat")]):
        problems.append(f"killed batch: the second run did not resume cleanly:\n"
                        f"{again.stdout}\n{open(out).read()}")
    else:
        print("ok    killed batch     SIGKILL after 1/3; run again: 1 skipped, 2 graded, "
              "each student once")


UNPACK = intake.unpack      # or unpacker.unpack: main() tries both as root


def main():
    with tempfile.TemporaryDirectory(prefix="intake-test-") as scratch:
        work = Path(scratch) / "w"
        work.mkdir()
        global UNPACK
        for UNPACK in [intake.unpack] + ([unpacker.unpack] if os.geteuid() == 0 else []):
            print(f"== {UNPACK.__module__}.unpack")
            part = work / UNPACK.__module__.split(".")[-1]
            part.mkdir()
            refusals(part)
            plain_unpack(part)
        grading_tree(work)
        resume(work)
        feedback_and_results()
        killed_batch(work)
        cpus = jobs.usable_cpus()
        if not 1 <= cpus <= len(os.sched_getaffinity(0)):
            problems.append(f"usable_cpus() = {cpus}")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
