#!/usr/bin/env python3
"""Run a submission's code (its build, its test programs, QEMU) in a sandbox.

tools/grade.py runs everything that builds or runs a student's code
through :func:`run` (or, for QEMU, :func:`wrap`), and decides the grade
itself, outside. The sandbox is Debian's bubblewrap (``bwrap``):

* **An unprivileged user.** Run as root (CI, an instructor's grading
  machine), the sandbox first drops to uid/gid ``SANDBOX_UID`` (65534,
  ``nobody``; ``--sandbox-uid`` in grade.py) with ``setpriv``, without
  supplementary groups or capabilities; bwrap then puts it in new user,
  PID, network, IPC, UTS and cgroup namespaces, with no capabilities and
  no further user namespaces. Run as an ordinary user, it is that user.
* **What it sees.** /usr read-only, a few files of /etc (compiler
  alternatives, the loader cache), a private /dev, /proc and a /tmp of
  ``TMP_SIZE`` bytes, plus exactly the paths the caller binds: the
  writable ones (the submission's build directory) and the read-only ones
  (its sources, the course's grading files). Nothing else of the machine:
  no /root, /home, /work, other submissions or the instructor's tree.
* **No network** (a new network namespace holds only a loopback device).
* **Limits** (:class:`Limits`): wall time (the whole sandbox is killed),
  CPU time, processes of the sandbox user, address space, the size of any
  file written (which also bounds the output, written to a file), and
  after the run the size of the writable directories (a quota check).

It does not protect against a bug in the Linux kernel or in bwrap itself,
and code inside can use the CPU until its time limit.
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SANDBOX_UID = 65534       # nobody: owns nothing, can read only what anyone can
ETC = ["/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
       "/etc/passwd", "/etc/group"]
MERGED_USR = ["bin", "sbin", "lib", "lib64", "lib32", "libx32"]   # /bin -> usr/bin ...
TMP_SIZE = 256 << 20


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


def available():
    """None if the sandbox can run here, else why not."""
    if shutil.which("bwrap") is None:
        return "bwrap not found (install the bubblewrap package)"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "setpriv not found (install util-linux)"
    probe = subprocess.run(_prefix(SANDBOX_UID) + _bwrap([], "/", {}) + ["true"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    if probe.returncode != 0:
        return ("bwrap cannot create its namespaces here: "
                + probe.stdout.decode(errors="replace").strip())
    return None


def give(path, uid=SANDBOX_UID):
    """Make a directory tree writable inside the sandbox: owned by its user.

    Only when we are root (an ordinary user's sandbox is that user). Links
    are changed themselves, never followed.
    """
    if os.geteuid() != 0:
        return
    path = Path(path)
    os.chown(path, uid, uid, follow_symlinks=False)
    for top, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(top, name), uid, uid, follow_symlinks=False)


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


def _prefix(uid):
    """setpriv down to the sandbox user when we are root."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all"]


def _bwrap(binds, cwd, env):
    """The bwrap options: system, the caller's binds, a clean environment."""
    args = ["bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
            "--die-with-parent", "--new-session", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr"]
    for name in MERGED_USR:
        if os.path.islink(f"/{name}"):
            args += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            args += ["--ro-bind", f"/{name}", f"/{name}"]
    for path in ETC:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    for mode, source, target in binds:
        args += ["--bind" if mode == "rw" else "--ro-bind", str(source), str(target)]
    args += ["--chdir", str(cwd), "--clearenv",
             "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
             "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
             "--setenv", "LANG", "C.UTF-8"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args


def _limits(limits):
    """prlimit in front of the command, inside the sandbox."""
    memory = [f"--as={limits.memory}"] if limits.memory else []
    return ["prlimit", f"--nproc={limits.processes}", *memory,
            f"--fsize={limits.file_size}", f"--cpu={int(limits.seconds) + 1}",
            "--core=0", "--"]


def rw(path):
    """A bind: path, writable, at the same place."""
    return ("rw", path, path)


def ro(source, target=None):
    """A bind: source, read-only, at target (default: the same place)."""
    return ("ro", source, target or source)


def wrap(argv, binds=(), cwd="/", env=None, limits=None, uid=SANDBOX_UID):
    """The command line that runs argv in the sandbox (for callers that start
    the process themselves, such as the QEMU runner).

    ``binds``: :func:`rw` and :func:`ro` entries, in order: a later one may
    cover part of an earlier one (a read-only file inside a writable tree).
    """
    limits = limits or Limits()
    return (_prefix(uid) + _bwrap(binds, cwd, env or {}) + ["--"]
            + _limits(limits) + list(argv))


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
    command = wrap(argv, binds, cwd, env, limits, uid)
    writable = [source for mode, source, _ in binds if mode == "rw"]
    limit = ""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            status = proc.wait(timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            # bwrap's processes die with it (--die-with-parent, PID namespace).
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
