"""The labs' sandbox where user namespaces are refused: setpriv, permissions.

tools/sandbox.py uses this module in its setpriv mode (its docstring lists
what the mode keeps of bubblewrap's and what stands in for the rest). Here:

* :func:`command`: the command line: ``setpriv`` down to the uid with
  no-new-privs, no groups and no capabilities; ``env -i`` (a clean
  environment, the working directory); the limits; the system-call filter's
  loader, which then runs the program.
* :func:`copy_over`: a read-only bind of one path at another, done as a
  root-owned copy that the sandbox's user can read but not change.
* :class:`Slot`: a uid of the run's own, taken under a lock that other
  graders on the machine respect, with a private directory; afterwards
  every process of that uid is killed and its files in the shared
  temporary directories are removed, which stands in for the PID namespace
  and the private /tmp. A uid whose last holder was killed is swept first:
  its processes killed, what it was given taken back (:func:`disown`).

What this mode cannot keep of bubblewrap's, and what stands in for it:

* *A view of the binds only.* Without a mount namespace the sandbox's user
  sees every file that others may read. So permissions do it: an
  instructor's course tree (one with tests/labs/hidden) is closed to others
  (``chmod o-rwx``, said on stderr) by the first run that does not bind it,
  unless the process grades that tree itself or a folder on the way to it
  already keeps others out, and opened again when the last grader that
  closed it exits, or when the next starts after one was killed
  (:func:`close_tree`, :func:`reopen_stale`); 0600 files stay
  unreadable; what is not in a writable bind is not the sandbox's to
  change. A read-only bind of one path over another (the course's Makefile
  over a submission's) is a root-owned copy at the target, never made
  inside the course's own tree (it would replace the course's files). The folder of
  submissions is hidden only if the grader keeps it out of others' reach;
  what a grading process stages in the temporary directory (a grading
  tree, a host lab's stage) is opened only to that process's own group,
  which all its runs and none of another's carry (tools/sandbox.py).
* *No network.* The system-call filter refuses every socket family but
  AF_UNIX; a socket with a path still answers by its permissions, and
  abstract AF_UNIX names are shared with the machine.
* *A private /tmp.* TMPDIR and HOME point to the private directory; what
  the run leaves in /tmp, /var/tmp and /dev/shm is removed after it (but
  counts against no quota while it runs: only the file size limit).
* *A PID namespace.* After the run every process of its uid is killed: no
  other run holds that uid. QEMU, started through ``wrap()``, runs as the
  caller's uid (the grader's own id, which no run has: grader.runs.own_uid)
  and is ended by its caller. The sandbox can list the machine's processes and
  read their command lines: the grader puts no student's name and no
  hidden value on one.
"""

import atexit
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
    """Close tree to others (``chmod o-rwx``) while this process runs, and
    open it again when the last process on the machine that closed it, or
    found it closed by another, exits (atexit; SIGTERM and SIGHUP exit
    through it). Each such process holds a shared lock on the tree's lock
    file, which keeps the tree's own mode; the one that exits and can then
    take the lock alone restores it. A process killed with SIGKILL leaves it
    closed until the next process starts (:func:`reopen_stale`). A tree
    that others cannot reach anyway (a folder on the way to it is closed to
    them, such as /root) is left as it is."""
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


def disown(number, roots, depth=SWEEP_DEPTH):
    """Take back from uid or gid number what it owns under roots (SWEEP_DEPTH
    levels, links not followed): root's, 0700 or 0600. What a run of a
    killed grader had been given stays where it was; the next run of that
    uid, another submission's, must not read it."""
    for root in roots:
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
                folder = entry.is_dir(follow_symlinks=False)
                if number in (info.st_uid, info.st_gid):
                    os.chown(entry.path, 0, 0, follow_symlinks=False)
                    if not entry.is_symlink():
                        os.chmod(entry.path, 0o700 if folder else 0o600)
                elif folder and depth > 1:
                    disown(number, [entry.path], depth - 1)
            except OSError:
                pass


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

    def clean_up(self, shared):
        """Kill the uid's processes; remove its private directory and its
        files from the shared temporary directories."""
        kill_all(self.uid)
        if self.home:
            shutil.rmtree(self.home, ignore_errors=True)
        for folder in shared:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.stat(follow_symlinks=False).st_uid != self.uid:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    else:
                        os.unlink(entry.path)
                except OSError:
                    pass

    def __exit__(self, *_):
        os.ftruncate(self.lock, 0)
        os.close(self.lock)
