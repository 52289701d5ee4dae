#!/usr/bin/env python3
"""Run a submission's code (its build, its test programs, QEMU) in a sandbox.

The grader runs everything of a student's through :func:`run` (QEMU through
:func:`wrap`) and decides the grade outside; a run sees only the :func:`rw`
and :func:`ro` binds its caller names. Two modes, chosen once per process
(``SANDBOX=bwrap|setpriv`` forces one): bubblewrap where user namespaces
are allowed (sandbox_bwrap.py), else setpriv to a uid of the run's own
(sandbox_setpriv.py, sandbox_layout.py). Both add the system-call filter
(seccomp_filter.py) and the :class:`Limits`. What each mode holds and what
it gives up: book/instructor.md, "The student's code never runs with the
grader's rights". ``python3 tools/sandbox.py --check`` proves it works here.
"""

import contextlib
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
import sandbox_layout as layout  # noqa: E402
import sandbox_setpriv as setpriv  # noqa: E402
from course import ROOT  # noqa: E402

SANDBOX_UID = 65534       # nobody: owns nothing, can read only what anyone can
RUN_UIDS = range(64600, 64664)   # setpriv mode: one for each run at a time
PATH = "/usr/local/bin:/usr/bin:/bin"
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


_process = {}     # the mode, chosen once per process: see _probe()
_lock = threading.Lock()


def _try(command):
    """Run a probe; "" if it worked, else its output."""
    probe = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    text = probe.stdout.decode(errors="replace").strip()
    return "" if probe.returncode == 0 else (text or f"exit status {probe.returncode}")


def _probe():
    """The mode, chosen on the first call and kept for the process: "mode",
    "userns_flag", the "line" that names it, or the "problem" why none runs."""
    with _lock:
        if "problem" not in _process:
            _process.update(problem=_choose())
        return _process


def _choose():
    """Fill in _process: bwrap, else setpriv, or what ``SANDBOX`` forces;
    None, or why none runs."""
    wanted = os.environ.get("SANDBOX", "")
    if wanted not in ("", "bwrap", "setpriv"):
        return f"SANDBOX={wanted}: use bwrap or setpriv"
    if os.geteuid() == 0:   # a grader killed by SIGKILL may have left the course tree closed
        setpriv.reopen_stale(ROOT)
    why = "bwrap not found"
    if wanted != "setpriv" and shutil.which("bwrap"):
        for flag in (True, False):      # bwrap older than 0.8 lacks --disable-userns
            _process.update(mode="bwrap", userns_flag=flag)
            why = _try(_command(["true"], [], "/", None, None, SANDBOX_UID))
            if not why:
                old = "" if flag else " (no --disable-userns: the filter refuses namespaces)"
                _process["line"] = "sandbox: bubblewrap" + old
                return None
            if "--disable-userns" not in why:
                break
    _process["mode"] = ""
    if wanted == "bwrap":
        return f"bwrap cannot create its namespaces here: {why}"
    missing = [tool for tool in ("setpriv", "prlimit", "/usr/bin/python3")
               if not shutil.which(tool)]
    if missing:
        return f"neither bwrap nor setpriv can run here: {', '.join(missing)} not found"
    _process.update(mode="setpriv", userns_flag=False)
    root = os.geteuid() == 0
    if root:      # a uid no other run holds meanwhile (a run kills its uid's processes)
        with setpriv.Slot(RUN_UIDS) as own:
            why = _try(_command(["true"], [], "/", None, None, own.uid))
    else:
        why = _try(_command(["true"], [], "/", None, None, SANDBOX_UID))
    if why:
        _process["mode"] = ""
        return f"neither bwrap nor setpriv can run here: {why}"
    _process["line"] = "sandbox: setpriv (no user namespaces)" if root else (
        "sandbox: setpriv (no user namespaces, not root: the code runs as you, "
        "with limits and the system-call filter only)")
    return None


def available():
    """None if the sandbox can run here, else why not (the mode: on stderr, once)."""
    probed = _probe()
    with _lock:
        if probed["problem"] is None and not probed.get("said"):     # said once
            probed["said"] = True
            print(probed["line"], file=sys.stderr, flush=True)
    return probed["problem"]


def mode():
    """The sandbox's mode here: "bwrap", "setpriv" or "" (neither runs)."""
    return _probe()["mode"]


def own_code_only():
    """None where the sandbox can hold someone else's code, else why not:
    not root and no namespaces, so the code runs as its caller. The
    red-team suite skips with this note; grading one's own tree goes on."""
    if os.geteuid() == 0 or mode() != "setpriv":
        return None
    return ("not root, and bubblewrap cannot make its namespaces here (a container's "
            "default seccomp profile, a chroot): the code runs as you, with the limits "
            "and the system-call filter only, which is enough to grade your own code but "
            "cannot hold someone else's; for that, run as root (the setpriv mode then "
            "runs it as other uids) or where bubblewrap works")


def give(path, uid=SANDBOX_UID):
    """Make a tree writable inside the sandbox (as root; links not followed):
    owned by uid and, in setpriv mode, by this process's group, never a run
    uid's group, which the next run of that uid -- another submission's -- has."""
    if os.geteuid() != 0:
        return
    gid = layout.group() if mode() == "setpriv" else uid
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
    """setpriv down to uid as root (in setpriv mode with this process's
    group besides), and no_new_privs when asked."""
    nnp = ["--no-new-privs"] if no_new_privs else []
    if os.geteuid() != 0:
        return ["setpriv", *nnp, "--"] if nnp else []
    setpriv_mode = _process.get("mode") == "setpriv"
    groups = f"--groups={layout.group()}" if setpriv_mode else "--clear-groups"
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", groups,
            "--inh-caps=-all", "--bounding-set=-all", *nnp, "--"]


def _limits(limits):
    """prlimit in front of the command, inside the sandbox."""
    memory = [f"--as={limits.memory}"] if limits.memory else []
    return ["prlimit", f"--nproc={limits.processes}", *memory,
            f"--fsize={limits.file_size}", f"--cpu={int(limits.seconds) + 1}",
            "--core=0", "--"]


def wrap(argv, binds=(), cwd="/", env=None, limits=None, uid=SANDBOX_UID, home=None):
    """The command line that runs argv in the sandbox, for callers that start
    the process themselves (QEMU). A later bind may cover part of an earlier
    one. ``home``: setpriv mode's private directory (default: cwd)."""
    if _probe()["mode"] == "setpriv" and os.geteuid() == 0:
        try:
            layout.lay_out(binds)
        except OSError as e:
            raise SandboxError(f"cannot lay out the binds: {e}") from e
    return _command(argv, binds, cwd, env, limits, uid, home)


def _command(argv, binds, cwd, env, limits, uid, home=None):
    """wrap()'s command line, in the mode _process names."""
    limits = _limits(limits or Limits())
    home = "/tmp" if _process["mode"] == "bwrap" else str(home or cwd)
    variables = {"PATH": PATH, "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8", **ASAN,
                 **(env or {})}
    if _process["mode"] == "bwrap":
        return bwrap.command(argv, binds, cwd, variables, limits, _drop(uid),
                             _process["userns_flag"])
    if _process["mode"] != "setpriv":
        raise SandboxError(_process.get("problem") or "no sandbox")
    return setpriv.command(argv, cwd, variables, limits, _drop(uid, True))


def run(argv, binds=(), cwd="/", env=None, limits=None, uid=SANDBOX_UID):
    """Run argv in the sandbox and wait; a :class:`Completed`. The output
    goes to a file of ours (outside the sandbox), so endless output stops at
    ``file_size`` bytes (the writer gets SIGXFSZ)."""
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
                own.clean_up()
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
            # setpriv's: with the session, then by uid (setpriv.kill_all).
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
    if not limit and writable and _disk_use(writable) > limits.disk:
        limit = f"disk limit of {limits.disk >> 20} MB"
    if status > 128 and status - 128 in (9, 24, 25):   # bwrap reports a killed child so
        status = -(status - 128)
    return Completed(status, output, limit)


def _disk_use(paths):
    """Bytes used by the files under paths (links not followed)."""
    total = 0
    for top, _, files in (step for path in paths for step in os.walk(path)):
        for name in files:
            with contextlib.suppress(OSError):     # removed meanwhile
                total += os.lstat(os.path.join(top, name)).st_blocks * 512
    return total


if __name__ == "__main__":
    import sandbox_check
    sys.exit(sandbox_check.main(sys.argv[1:]))
