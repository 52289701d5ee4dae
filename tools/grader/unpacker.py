"""The intake without privilege: an archive is read by a uid of its own.

grade_all.py runs as root when it grades with the sandbox's setpriv mode
(and may in the other). Python's archive readers (tarfile, zipfile and
the zlib under them) then parse a hostile file as root: a flaw in them
would be the student's, with every privilege. So, as root, an archive is
unpacked by a child process that

* is handed the archive and the submission's directory as open
  descriptors: it needs no path to either, and the directory (made 0700
  by the grader inside its own 0700 folder) is reachable by nothing else;
* imports what it needs first, then drops to a run uid of the sandbox
  (one no other run holds meanwhile, with no groups), caps its memory and
  forbids itself new processes, and only then reads a byte of the archive;
* says how it went in its exit status and one line, and is killed at the
  submission's deadline.

Afterwards the grader kills whatever the uid still runs and takes the
unpacked files back (owned by root, before another run gets that uid).
A folder submission is not parsed, only copied without following links
(intake.copy_folder): it stays in the grader's process, as does all of
the intake when the grader is not root (it has no privilege to give up).
"""

import bz2  # noqa: F401  (the readers import these on first use: here, before the drop)
import gzip  # noqa: F401
import lzma  # noqa: F401
import os
import resource
import stat
import subprocess
import sys
import time
import zlib  # noqa: F401
from pathlib import Path

import sandbox
import sandbox_setpriv as setpriv
from grader import intake
from runner.printable import capped, printable

TOOLS = Path(__file__).resolve().parent.parent
MEMORY = 512 << 20      # bytes of address space for the child (the readers need a few MB)
REFUSED = 3             # the child's exit status for intake.Refused; its line says why


def unpack(entry, dest, deadline):
    """intake.unpack(entry, dest, deadline), by an unprivileged child where
    we are root and entry is an archive: then its line ("unpacked N members
    as uid U"), else None. Raises intake.Refused."""
    entry = Path(entry)
    if os.geteuid() != 0 or stat.S_ISDIR(os.lstat(entry).st_mode):
        intake.unpack(entry, dest, deadline)
        return None
    intake.check_archive(entry)
    archive = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW)
    target = os.open(dest, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        with setpriv.Slot(sandbox.RUN_UIDS) as own:
            try:
                os.fchown(target, own.uid, own.uid)
                kind = "archive.zip" if entry.name.endswith(".zip") else "archive.tar"
                status, said = _run_child(own.uid, archive, target, kind, deadline)
            finally:
                own.clean_up(())        # kills what the uid still runs
                _take_back(dest)
    finally:
        os.close(archive)
        os.close(target)
    if status == REFUSED:
        raise intake.Refused(said)
    if status != 0:
        raise intake.Refused(f"cannot read the archive (its reader stopped: {said})")
    return said


def _run_child(uid, archive, target, name, deadline):
    """Run child() in a new Python process; (exit status, its last line).
    name is only "archive.zip" or "archive.tar": in the sandbox's setpriv
    mode every run can read every command line, and the file's own name
    is the student's."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from grader import unpacker; unpacker.child(*sys.argv[2:])")
    # -B: no bytecode written into the course's tools/ (the red-team suite
    # checks that grading leaves them unchanged), as grade_all.py itself.
    command = [sys.executable, "-B", "-c", code, str(TOOLS), str(uid), str(archive),
               str(target), name, repr(deadline)]
    try:
        proc = subprocess.run(command, pass_fds=(archive, target), cwd="/",
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env={"PATH": "/usr/bin:/bin"},
                              timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return REFUSED, "the time limit was reached while unpacking"
    lines = proc.stdout.decode(errors="replace").strip().splitlines()
    last = capped(printable(lines[-1], keep=""), 300) if lines else ""
    return proc.returncode, last or f"exit status {proc.returncode}"


def child(uid, archive, target, name, deadline):
    """In the child, as root with everything imported: give up root, then unpack."""
    uid = int(uid)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    writer = intake.Writer(int(target), float(deadline))
    try:
        with open(int(archive), "rb") as stream:
            intake.unpack_archive(stream, name, writer)
    except intake.Refused as e:
        print(e, flush=True)
        sys.exit(REFUSED)
    print(f"unpacked {writer.members} members as uid {os.geteuid()}", flush=True)


def _take_back(dest):
    """Make everything under dest root's again, without following links."""
    for top, dirs, files in os.walk(dest):
        for name in dirs + files:
            os.chown(os.path.join(top, name), 0, 0, follow_symlinks=False)
    os.chown(dest, 0, 0, follow_symlinks=False)
