#!/usr/bin/env python3
"""Run a submission's code (its build, its test programs, QEMU) in a sandbox.

The grader runs everything that builds or runs a student's code through
:func:`run` (or, for QEMU, :func:`wrap`), and decides the grade itself,
outside. The API:

* ``run(argv, binds=(), cwd="/", env=None, limits=None, uid=SANDBOX_UID)``
  runs and waits; a :class:`Completed` (status, output, which limit hit).
* ``wrap(...)``, same arguments: the command line, for a caller that starts
  the process itself. ``binds`` are :func:`rw` and :func:`ro` entries.
* ``give(path, uid)`` makes a tree writable inside; ``closed_parent(path,
  uid)`` names a directory the sandbox's user cannot pass; ``available()``
  says why the sandbox cannot run (None: it can) and names the mode on
  stderr once; ``mode()`` is "bwrap" or "setpriv".
* ``python3 tools/sandbox.py --check`` proves that the mode works here.

There are two modes, chosen once per process (``SANDBOX=bwrap`` or
``SANDBOX=setpriv`` forces one):

**bubblewrap** (``bwrap``), wherever user namespaces are allowed. Run as
root, the sandbox first drops to uid/gid ``uid`` with ``setpriv`` (no
supplementary groups or capabilities); bwrap then puts it in new user, PID,
network, IPC, UTS and cgroup namespaces. It sees /usr read-only, a few files
of /etc, a private /dev, /proc and /tmp (tools/sandbox_bwrap.py), and exactly
the paths the caller binds: nothing else of the machine. No network (only a
loopback device), and every process dies with the sandbox (PID namespace).

**setpriv**, where user namespaces are refused: in a chroot, in Docker
under its default seccomp profile (so probably on Gradescope), or where
bwrap itself cannot start. Run as root, each :func:`run` gets a uid of its
own (``RUN_UIDS``), dropped to with ``setpriv --no-new-privs``, no other groups,
no capabilities, a clean environment and a private HOME and TMPDIR, and
the grading process's own group, to which that process's temporary folders
are opened instead of to others (a grading tree is its submission's); after
it, every process of that uid is killed and its files in /tmp are removed.
Without a mount namespace it sees what others may read: tools/sandbox_setpriv.py
lists what this mode cannot keep of bwrap's, and what stands in for it
(an instructor's course tree is closed to others, ``chmod o-rwx``).

Run as an ordinary user without namespaces, there is no other uid to drop
to: the code runs as you, with the limits and the filter only. That guards
against accidents (a fork bomb, endless output, the network), not against a
hostile submission: grade others' code as root, or where bwrap works.

Both modes: the system-call filter of tools/seccomp_filter.py (``bwrap
--seccomp``, or its loader); limits (:class:`Limits`): wall time (the whole
sandbox is killed), CPU time, processes, address space, the size of any file
written (which also bounds the output, written to a file), and after the
run the size of the writable directories (a quota check). It does not
protect against a bug in the Linux kernel or in bwrap, and code inside can
use the CPU until its time limit.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sandbox_bwrap as bwrap  # noqa: E402
import sandbox_setpriv as setpriv  # noqa: E402
from course import ROOT  # noqa: E402  (the course tree)

SANDBOX_UID = 65534       # nobody: owns nothing, can read only what anyone can
RUN_UIDS = range(64600, 64664)   # setpriv mode: one for each run at a time
GRADER_GIDS = range(64700, 64764)   # setpriv mode: one for each grading process
PATH = "/usr/local/bin:/usr/bin:/bin"
SHARED_TMP = ["/tmp", "/var/tmp", "/dev/shm"]
HIDDEN = "tests/labs/hidden"     # only an instructor's tree has it
# LeakSanitizer stops the program with ptrace, which the filter refuses;
# the course's code under test has no allocator to leak from.
ASAN = {"ASAN_OPTIONS": "detect_leaks=0"}


class SandboxError(Exception):
    """The sandbox itself cannot run (bwrap missing, namespaces refused)."""


@dataclass
class Limits:
    """What one sandboxed run may use."""
    seconds: float = 300          # wall time; then everything in it is killed
    processes: int = 256          # RLIMIT_NPROC of the sandbox user
    memory: int = 4 << 30         # RLIMIT_AS, bytes (QEMU reserves its RAM and more); None: none
    file_size: int = 64 << 20     # RLIMIT_FSIZE: any file written, the output included
    output: int = 1 << 20         # bytes of output kept for the grader
    disk: int = 512 << 20         # the writable directories after the run


@dataclass
class Completed:
    """How a sandboxed run ended."""
    status: int                   # exit status; negative: killed by that signal
    output: str                   # stdout and stderr, at most Limits.output bytes
    limit: str = ""               # which limit stopped it, "" if none


# The mode, probed once: {"mode": "bwrap"|"setpriv", "userns_flag": bool,
# "line": what available() prints, "problem": why neither runs, or None}.
_probed = {}
_probing = threading.Lock()
_said = set()


def _say(line):
    """Print a line about the sandbox on stderr, once per process."""
    if line not in _said:
        _said.add(line)
        print(line, file=sys.stderr, flush=True)


def _try(command):
    """Run a probe; "" if it worked, else its output."""
    probe = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    text = probe.stdout.decode(errors="replace").strip()
    return "" if probe.returncode == 0 else (text or f"exit status {probe.returncode}")


def _probe():
    """Choose the mode: bwrap if it can make its namespaces, else setpriv."""
    with _probing:
        if "mode" not in _probed:
            _choose()
        return _probed


def _choose():
    """_probe() for the first time: fill in _probed."""
    wanted = os.environ.get("SANDBOX", "")
    if wanted not in ("", "bwrap", "setpriv"):
        _probed.update(mode="", problem=f"SANDBOX={wanted}: use bwrap or setpriv")
        return _probed
    root = os.geteuid() == 0
    why = "bwrap not found"
    if wanted != "setpriv" and shutil.which("bwrap"):
        for flag in (True, False):      # bwrap older than 0.8 lacks --disable-userns
            _probed.update(mode="bwrap", userns_flag=flag)
            why = _try(_command(["true"], [], "/", None, None, SANDBOX_UID))
            if not why:
                old = "" if flag else " (no --disable-userns: the filter refuses namespaces)"
                _probed.update(line="sandbox: bubblewrap" + old, problem=None)
                return _probed
            if "--disable-userns" not in why:
                break
    if wanted == "bwrap":
        _probed.update(mode="", problem=f"bwrap cannot create its namespaces here: {why}")
        return _probed
    missing = [tool for tool in ("setpriv", "prlimit", "/usr/bin/python3")
               if not shutil.which(tool)]
    _probed.update(mode="setpriv", userns_flag=False)
    if missing:
        why = f"{', '.join(missing)} not found"
    elif root:      # a uid no other run holds meanwhile (a run kills its uid's processes)
        with setpriv.Slot(RUN_UIDS) as own:
            why = _try(_command(["true"], [], "/", None, None, own.uid))
    else:
        why = _try(_command(["true"], [], "/", None, None, SANDBOX_UID))
    if why:
        _probed.update(mode="", problem=f"neither bwrap nor setpriv can run here: {why}")
        return _probed
    line = "sandbox: setpriv (no user namespaces)"
    if not root:
        line = ("sandbox: setpriv (no user namespaces, not root: the code runs as you, "
                "with limits and the system-call filter only)")
    _probed.update(line=line, problem=None)
    return _probed


def available():
    """None if the sandbox can run here, else why not. Names the mode on stderr."""
    probed = _probe()
    if probed["problem"] is None:
        _say(probed["line"])
    return probed["problem"]


def mode():
    """The sandbox's mode here: "bwrap" or "setpriv" ("" if neither runs)."""
    return _probe()["mode"]


def own_code_only():
    """Why the sandbox here can hold only its caller's own code (None where
    it can hold someone else's), and what to do: not root, and bwrap cannot
    make its namespaces (a container's default seccomp profile, a chroot),
    so there is no other uid to run the code as. Checks that need someone
    else's code held (the red-team suite) skip with this note; grading
    one's own tree goes on."""
    if os.geteuid() == 0 or mode() != "setpriv":
        return None
    return ("not root, and bubblewrap cannot make its namespaces here (a container's "
            "default seccomp profile, a chroot): the code runs as you, with the limits "
            "and the system-call filter only, which is enough to grade your own code but "
            "cannot hold someone else's; for that, run as root (the setpriv mode then "
            "runs it as other uids) or where bubblewrap works")


def give(path, uid=SANDBOX_UID):
    """Make a directory tree writable inside the sandbox: owned by its user.

    Only when we are root (an ordinary user's sandbox is that user). Links
    are changed themselves, never followed. Its group: in the setpriv mode
    this process's own (:func:`_group`), else uid's.
    """
    if os.geteuid() != 0:
        return
    # setpriv mode: the group is the grading process's (_group), never a run
    # uid's, which the next run on that uid -- another submission's -- has.
    gid = _group() if mode() == "setpriv" else uid
    path = Path(path)
    os.chown(path, uid, gid, follow_symlinks=False)
    for top, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(top, name), uid, gid, follow_symlinks=False)


def closed_parent(path, uid=SANDBOX_UID):
    """The first directory on the way to path that the sandbox's user cannot
    pass through (we are root, it is not), or None."""
    if os.geteuid() != 0:
        return None
    for folder in [*reversed(Path(path).resolve().parents), Path(path).resolve()]:
        info = folder.stat()
        if not (info.st_mode & 0o001 or (info.st_uid == uid and info.st_mode & 0o100)):
            return folder
    return None


def rw(path):
    """A bind: path, writable, at the same place."""
    return ("rw", path, path)


def ro(source, target=None):
    """A bind: source, read-only, at target (default: the same place)."""
    return ("ro", source, target or source)


def _drop(uid, no_new_privs=False):
    """setpriv down to uid when we are root (and no_new_privs when asked);
    in setpriv mode with this process's group (:func:`_group`) besides."""
    nnp = ["--no-new-privs"] if no_new_privs else []
    if os.geteuid() != 0:
        return ["setpriv", *nnp, "--"] if nnp else []
    groups = f"--groups={_group()}" if _probed.get("mode") == "setpriv" else "--clear-groups"
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", groups,
            "--inh-caps=-all", "--bounding-set=-all", *nnp, "--"]


_holding = threading.Lock()
_held = []      # setpriv mode: the Slot of this process's group, held until it exits


def _group():
    """setpriv mode as root: a group id of this process's own (GRADER_GIDS,
    under the same locks as the run uids), which every run it starts has.
    The temporary folders it binds are opened to that group instead of to
    others (_lay_out): another grader's runs -- another submission's -- can
    neither list nor read them."""
    with _holding:
        if not _held:
            _held.append(setpriv.Slot(GRADER_GIDS).__enter__())
        return _held[0].uid


def _limits(limits):
    """prlimit in front of the command, inside the sandbox."""
    memory = [f"--as={limits.memory}"] if limits.memory else []
    return ["prlimit", f"--nproc={limits.processes}", *memory,
            f"--fsize={limits.file_size}", f"--cpu={int(limits.seconds) + 1}",
            "--core=0", "--"]


def wrap(argv, binds=(), cwd="/", env=None, limits=None, uid=SANDBOX_UID, home=None):
    """The command line that runs argv in the sandbox (for callers that start
    the process themselves, such as the QEMU runner).

    ``binds``: :func:`rw` and :func:`ro` entries, in order: a later one may
    cover part of an earlier one (a read-only file inside a writable tree).
    ``home``: setpriv mode's private directory (default: cwd).
    """
    if _probe()["mode"] == "setpriv":
        _lay_out(binds, uid)
    return _command(argv, binds, cwd, env, limits, uid, home)


def _command(argv, binds, cwd, env, limits, uid, home=None):
    """wrap()'s command line, in the mode _probed names."""
    limits = _limits(limits or Limits())
    mode = _probed["mode"]
    if mode == "bwrap":
        variables = {"PATH": PATH, "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8", **ASAN,
                     **(env or {})}
        return bwrap.command(argv, binds, cwd, variables, limits, _drop(uid),
                             _probed["userns_flag"])
    if mode != "setpriv":
        raise SandboxError(_probed["problem"] or "no sandbox")
    home = str(home or cwd)
    variables = {"PATH": PATH, "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8", **ASAN,
                 **(env or {})}
    return setpriv.command(argv, cwd, variables, limits, _drop(uid, True))


_layout_lock = threading.Lock()
_laid_out = {}      # target -> source: the read-only copies made in setpriv mode


def _lay_out(binds, uid):
    """setpriv mode: what bwrap's binds do, done with permissions and copies.

    An instructor's course tree (it holds the hidden tests) is closed to
    others once a run does not bind it, unless this process has bound it
    already (it grades its own tree, which the sandbox must see); the last
    process that needs it closed opens it again when it exits
    (sandbox_setpriv.close_tree). A read-only bind over a path in the course
    tree itself is left out: its copy would replace the course's files.
    """
    if os.geteuid() != 0:
        return
    bound = [Path(target).resolve() for _, _, target in binds]
    if any(p == ROOT or p in ROOT.parents for p in bound):
        _probed["own_tree"] = True
    elif (ROOT / HIDDEN).is_dir() and not _probed.get("own_tree"):
        setpriv.close_tree(ROOT)
    for _, source, _ in binds:
        _to_group(Path(source).resolve())
    for kind, source, target in binds:
        if kind == "ro" and Path(source).resolve() != Path(target).resolve():
            if Path(target).resolve() == ROOT or ROOT in Path(target).resolve().parents:
                # A copy over the course's own tree would replace its files (the
                # hidden tests under a mask of public ones): this process grades
                # the instructor's own code, which may see them.
                continue
            # Once per target and source in this process, one thread at a
            # time: parallel labs lay out the same masks, and a second copy
            # would remove the first one's files under a running build.
            with _layout_lock:
                if _laid_out.get(target) == source:
                    continue
                try:
                    setpriv.copy_over(source, target)
                except OSError as e:
                    raise SandboxError(f"cannot lay out {target}: {e}") from e
                _laid_out[target] = source


def _to_group(path):
    """A folder of ours in the temporary directory (a grading tree, a host
    test's stage), open to others: open to this process's group instead
    (others' bits moved to the group's), so that only its runs reach it.
    The course's tree and what is not a folder are left as they are."""
    temp = Path(tempfile.gettempdir()).resolve()
    if temp not in path.parents or not path.is_dir() or path.is_symlink() \
            or path == ROOT or ROOT in path.parents or path in ROOT.parents:
        return
    mode = path.stat().st_mode & 0o7777
    if mode & 0o007:
        os.chown(path, -1, _group(), follow_symlinks=False)
        os.chmod(path, (mode & ~0o077) | ((mode & 0o007) << 3))


def disk_use(paths):
    """Bytes used by the files under paths (links not followed)."""
    total = 0
    for path in paths:
        for top, _, files in os.walk(path):
            for name in files:
                try:
                    total += os.lstat(os.path.join(top, name)).st_blocks * 512
                except OSError:
                    pass
    return total


def run(argv, binds=(), cwd="/", env=None, limits=None, uid=SANDBOX_UID):
    """Run argv in the sandbox and wait; a :class:`Completed`.

    The output goes to a file of our own (outside the sandbox), so endless
    output stops at ``file_size`` bytes (the writer gets SIGXFSZ).
    """
    limits = limits or Limits()
    writable = [source for kind, source, _ in binds if kind == "rw"]
    if mode() == "setpriv" and os.geteuid() == 0:
        # One uid per run: its processes and files are this run's alone.
        with setpriv.Slot(RUN_UIDS) as own:
            for path in writable:
                give(path, own.uid)
            try:
                home = own.private_dir()
                done = _run(wrap(argv, binds, cwd, env, limits, own.uid, home),
                            limits, writable + [home])
            finally:
                setpriv.kill_all(own.uid)
                for path in writable:
                    give(path, uid)
                own.clean_up(SHARED_TMP)
        return done
    return _run(wrap(argv, binds, cwd, env, limits, uid), limits, writable)


def _run(command, limits, writable):
    """Run a wrapped command, keep its output, and say which limit stopped it."""
    limit = ""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            status = proc.wait(timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            # bwrap's processes die with it (--die-with-parent, PID namespace);
            # setpriv's: with the session, then by uid (sandbox_uid.Slot).
            os.killpg(proc.pid, 9)
            proc.wait()
            status, limit = -9, f"time limit of {limits.seconds:g} s"
        size = out.tell()
        out.seek(0)
        output = out.read(limits.output).decode(errors="replace")
    if not limit and size >= limits.file_size:
        limit = f"output limit of {limits.file_size >> 20} MB"
    elif not limit and status in (128 + 25, -25):
        limit = f"file size limit of {limits.file_size >> 20} MB"
    if not limit and writable and disk_use(writable) > limits.disk:
        limit = f"disk limit of {limits.disk >> 20} MB"
    if status > 128 and status - 128 in (9, 24, 25):   # bwrap reports a killed child so
        status = -(status - 128)
    return Completed(status, output, limit)


if __name__ == "__main__":
    import sandbox_check
    sys.exit(sandbox_check.main(sys.argv[1:]))
