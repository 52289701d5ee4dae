"""The labs' sandbox where user namespaces are refused: setpriv, permissions.

tools/sandbox.py uses this module in its setpriv mode:

* :func:`command`: ``setpriv`` down to the uid (no-new-privs, no
  capabilities), ``env -i``, the limits, then the system-call filter's loader;
* :func:`copy_over`: a read-only bind of one path at another, as a
  root-owned copy the sandbox's user can read but not change;
* :func:`close_tree`: an instructor's tree closed to others while it grades;
* :class:`Slot`: a uid of the run's own, under a lock other graders respect;
  afterwards its processes are killed and its files in the shared temporary
  folders removed, standing in for the PID namespace and the private /tmp.

What this mode gives up of bubblewrap's: book/instructor.md, "The student's
code never runs with the grader's rights".
"""

import atexit
import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import seccomp_filter

PYTHON = "/usr/bin/python3"


def command(argv, cwd, variables, limits, drop):
    """argv as the sandbox runs it: drop (setpriv ...), a clean environment
    of variables (a dict) in cwd, limits (prlimit ...), the filter."""
    return (drop + ["env", "-i", "-C", str(cwd)] + [f"{k}={v}" for k, v in variables.items()]
            + limits + [PYTHON, "-I", "-S", "-c", seccomp_filter.LOADER,
                        seccomp_filter.program().hex()] + list(argv))


def copy_over(source, target):
    """A root-owned, world-readable copy of source at target, replacing what
    is there. A link on the way to target is refused: we are root."""
    source, target = Path(source), Path(os.path.abspath(target))
    if os.path.realpath(target.parent) != str(target.parent):
        raise OSError(f"{target}: a link on the way to a read-only bind")
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    if source.is_dir():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target)
    for top, _, files in os.walk(target):
        os.chmod(top, 0o755)
        for name in files:
            _readable(os.path.join(top, name))
    _readable(target)


_closed = {}     # tree: the lock file held while this process needs it closed


def _lock_file(tree):
    """The path of tree's lock file (it holds the tree's own mode)."""
    name = hashlib.sha256(str(tree).encode()).hexdigest()[:16]
    return os.path.join(_lock_dir(), f"closed-{name}")


def close_tree(tree):
    """Close tree to others (``chmod o-rwx``) while this process runs. Each
    process that needs it closed holds a shared lock on the tree's lock file
    (which keeps the tree's mode); the last to exit (atexit; SIGTERM and
    SIGHUP exit through it) takes the lock alone and restores the mode, or,
    after a SIGKILL, the next to start (:func:`reopen_stale`). A tree that a
    closed folder on the way already hides (/root) is left as it is."""
    tree = Path(tree)
    if str(tree) in _closed or any(not os.stat(p).st_mode & 0o001 for p in tree.parents):
        return
    fd = os.open(_lock_file(tree), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    _closed[str(tree)] = fd
    if len(_closed) == 1:
        atexit.register(_reopen)
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:        # only the main thread may set a handler
                if signal.getsignal(number) in (signal.SIG_DFL, None):
                    signal.signal(number, lambda n, _: sys.exit(128 + n))
            except ValueError:
                pass
    mode = os.stat(tree).st_mode
    if mode & 0o007:
        os.pwrite(fd, b"%o\n" % (mode & 0o7777), 0)
        os.chmod(tree, mode & ~0o007)
        print(f"sandbox: closed {tree} to others (chmod o-rwx) while it grades: "
              "without namespaces, only permissions keep the course's hidden tests "
              "from the sandbox", file=sys.stderr, flush=True)


def reopen_stale(tree):
    """At a fresh start: if tree is closed by a process that no longer runs
    (killed by SIGKILL, so it never reopened it), give it its own mode back.
    Nothing if no process closed it, or one that still runs holds it closed."""
    path = _lock_file(tree) if os.geteuid() == 0 else ""
    if not os.path.exists(path):
        return
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        saved = os.pread(fd, 16, 0).split(b"\n")[0]
        if saved:
            os.chmod(tree, int(saved, 8))
            os.ftruncate(fd, 0)
            print(f"sandbox: reopened {tree} (chmod {saved.decode()}), which a grader that "
                  "was killed had closed", file=sys.stderr, flush=True)
    except BlockingIOError:
        pass            # a grader that runs holds it closed: it reopens it
    finally:
        os.close(fd)


def _reopen():
    """At exit: give each tree close_tree() closed its mode back, unless
    another process still holds it closed."""
    for tree, fd in _closed.items():
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue        # another grader still needs it closed: it reopens it
        saved = os.pread(fd, 16, 0).split(b"\n")[0]
        if saved:
            os.chmod(tree, int(saved, 8))
            os.ftruncate(fd, 0)
        os.close(fd)


def _readable(path):
    """rw-r--r-- (rwxr-xr-x if it was executable), for a file, not a link."""
    if os.path.isfile(path) and not os.path.islink(path):
        os.chmod(path, 0o755 if os.stat(path).st_mode & 0o100 else 0o644)


def _lock_dir():
    """A directory only root can enter, for the uid locks."""
    base = "/run" if os.path.isdir("/run") and not os.stat("/run").st_mode & 0o022 \
        else tempfile.gettempdir()
    path = os.path.join(base, "writing-an-os-sandbox")
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not os.path.isdir(path) or os.path.islink(path) or info.st_uid != 0 \
            or info.st_mode & 0o077:
        raise OSError(f"{path} is not a directory of root's alone: remove it")
    return path


def processes_of(uid):
    """The process ids whose real, effective or saved uid is uid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if str(uid) in line.split()[1:4]:
                            found.append(int(entry))
                        break
        except OSError:      # it ended meanwhile
            pass
    return found


def kill_all(uid):
    """Kill every process of uid, until none is left (a fork bomb forks on)."""
    for _ in range(200):
        pids = processes_of(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        time.sleep(0.02)


SWEPT = ("/tmp", "/var/tmp", "/dev/shm")     # where a killed grader's folders stay
SWEEP_DEPTH = 5


def _entries(folders):
    """(entry, its lstat, whether it is a folder) for what folders hold now."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            with contextlib.suppress(OSError):      # removed meanwhile
                yield entry, entry.stat(follow_symlinks=False), entry.is_dir(follow_symlinks=False)


def disown(number, roots, depth=SWEEP_DEPTH):
    """Take back from uid or gid number what it owns under roots (SWEEP_DEPTH
    levels, links not followed): root's, 0700 or 0600. What a run of a
    killed grader had been given stays where it was; the next run of that
    uid, another submission's, must not read it."""
    for entry, info, folder in _entries(roots):
        with contextlib.suppress(OSError):
            if number in (info.st_uid, info.st_gid):
                os.chown(entry.path, 0, 0, follow_symlinks=False)
                if not entry.is_symlink():
                    os.chmod(entry.path, 0o700 if folder else 0o600)
            elif folder and depth > 1:
                disown(number, [entry.path], depth - 1)


class Slot:
    """One uid of uids, held by this run alone (a lock file per uid, which
    holds "1" while a holder uses it: left so, its holder was killed)."""

    def __init__(self, uids):
        self.uids, self.uid, self.lock, self.home = uids, None, None, None

    def __enter__(self):
        folder = _lock_dir()
        while self.uid is None:
            for uid in self.uids:
                fd = os.open(os.path.join(folder, str(uid)), os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                self.uid, self.lock = uid, fd
                break
            else:
                time.sleep(0.1)      # every uid is running something: wait
        kill_all(self.uid)               # left by a grader that was killed
        if os.pread(self.lock, 1, 0):    # and what it had given to the uid
            disown(self.uid, sorted({*SWEPT, tempfile.gettempdir()}))
        os.pwrite(self.lock, b"1", 0)
        return self

    def private_dir(self):
        """A directory of the uid's own, for HOME and TMPDIR."""
        self.home = tempfile.mkdtemp(prefix="sandbox-home-")
        os.chown(self.home, self.uid, self.uid)
        return self.home

    def clean_up(self, shared=SWEPT):
        """Kill the uid's processes; remove its private directory and its
        files from the shared temporary directories."""
        kill_all(self.uid)
        if self.home:
            shutil.rmtree(self.home, ignore_errors=True)
        for entry, info, folder in _entries(shared):
            if info.st_uid != self.uid:
                continue
            if folder:
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def __exit__(self, *_):
        os.ftruncate(self.lock, 0)
        os.close(self.lock)
