"""Sandboxed runs: the submission's tree, its build, and how the grader runs
anything of the student's (tools/sandbox.py; with --no-sandbox, as it is).

What make sees when it builds a submission (:func:`grading_binds`): the
submission's tree read-only, the course's grading files (Makefile, tools/,
tests/host) read-only over it, each lesson's tests/ without the hidden
variants (grader.hidden), and its build directory writable.
"""

import atexit
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import labs as lab_registry  # noqa: E402  (tools/ is on the path)
import sandbox  # noqa: E402

from . import hidden  # noqa: E402

ROOT = lab_registry.ROOT  # the course's tree: the grading files always come from here
BUILD_TIMEOUT = 900     # seconds for building one lesson's lab targets
HOST_TIMEOUT = 60       # seconds for compiling, or running, one host test


@dataclass
class Setup:
    """Where and how one grading run works."""
    tree: Path                # the submission's tree (its sources)
    build: Path               # where its build goes (inside tree)
    cc: str
    jobs: int
    isolate: bool = True      # run its code in the sandbox
    uid: int = sandbox.SANDBOX_UID
    refused_lists: dict = field(default_factory=dict)   # lesson -> why its build.mk is refused
    ccache: Path = None       # a compiler cache the sandbox may read, never write
    public: dict = field(default_factory=dict)   # tests/ dirs without hidden files (hidden.py)
    record: bool = False      # host labs: write the expected observations (host_labs.py)
    build_only: bool = False  # build the labs' targets, run no test (grade.py --build-only)
    confine: object = None    # QEMU's sandbox, for the runner (qemu_sandbox; None: none)
    cache: object = None      # the batch's grader.cache.Cache of the course's objects, or None

def relative(path, tree):
    """A path as make must see it: relative to the tree if inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(tree.resolve()))
    except ValueError:
        return str(path)

class Refused(Exception):
    """Something of the submission is refused; the message says what and why."""

def inside(tree, name):
    """tree/name as a real path, refused if a link takes it outside the tree."""
    path = (tree / name).resolve()
    if path != tree.resolve() and tree.resolve() not in path.parents:
        raise Refused(f"{name} is a link to outside the submission: refused")
    return path

def read_source(tree, name):
    """The bytes of the submission's file name: a regular file inside its tree."""
    path = inside(tree, name)
    if not path.exists():
        raise Refused(f"{name} is missing")
    if not path.is_file():
        raise Refused(f"{name} is not a regular file: refused")
    return path.read_bytes()


# A build list may only assign lists of files: NAME := words, with $(NAME)
# references. Anything else (a function such as $(shell ...), include, a
# rule, export) would run the student's make code when the grader builds.
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*\s*(:=|\+=|=|\?=)(?P<value>.*)$")
REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.]*)\)")


def check_build_list(text, where):
    """None if a build.mk only assigns file lists, else why it is refused."""
    logical = text.replace("\\\n", " ").splitlines()
    for lineno, line in enumerate(logical, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = ASSIGNMENT.match(stripped)
        value = m.group("value") if m else ""
        if not m or "$" in REFERENCE.sub("", value) or line.startswith("\t"):
            shown = stripped if len(stripped) < 60 else stripped[:57] + "..."
            what = "a make function" if "$" in stripped else "not a plain assignment"
            return (f"{where} refused: a build list may only assign lists of files "
                    f"({what}: {shown})")
    return None

def check_build_lists(setup, lessons):
    """Refuse the build lists that hold make code; a lesson -> reason dict."""
    refused = {}
    for lesson in lessons:
        name = f"lessons/{lesson}/build.mk"
        try:
            text = read_source(setup.tree, name).decode(errors="replace")
        except Refused as e:
            refused[lesson] = str(e)
            continue
        why = check_build_list(text, name)
        if why:
            refused[lesson] = why
    return refused

def first_error(output):
    """The line of a failed build that best says what is wrong."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"\berror\b", line, re.IGNORECASE) and not line.startswith("make"):
            return line
    for line in lines:
        if "undefined reference" in line or "No rule to make target" in line:
            return line
    return lines[-1] if lines else "(no output)"

def grading_binds(setup):
    """The course's grading files, read-only over the submission's tree: what
    make reads besides the student's sources (the Makefile, tools/, the host
    tests' lists, every lesson's tests/). A refused build list is replaced by
    the course's, so that the other lessons still build."""
    tree = setup.tree.resolve()
    names = ["Makefile", "tools", "tests/host"]
    names += [f"lessons/{lesson}/build.mk" for lesson in setup.refused_lists]
    # Each lesson's tests/ without the hidden variants (hidden.py), also
    # over the course's own tree: the student's build never sees them.
    binds = []
    for name, copy in setup.public.items():
        target = inside(setup.tree, name)
        if name == str(hidden.HOST_DIR) and not target.exists():
            continue                    # nothing to mask
        if not target.exists():
            target.mkdir(parents=True)
        binds.append(sandbox.ro(copy, target))
    for name in names:
        source = ROOT / name
        if tree == ROOT.resolve():
            if name.endswith("build.mk"):
                raise Refused(setup.refused_lists[name.split("/")[1]])
            continue
        target = inside(setup.tree, name)
        if not target.exists() and not target.is_symlink():   # a mount point for bwrap
            target.parent.mkdir(parents=True, exist_ok=True)
            target.mkdir() if source.is_dir() else target.touch()
        binds.append(sandbox.ro(source, target))
    return binds

def sandboxed(setup, argv, binds, cwd, seconds, env=None, memory=sandbox.Limits.memory,
              processes=sandbox.Limits.processes):
    """Run argv in the sandbox (or, with --no-sandbox, as it is); a sandbox.Completed."""
    limits = sandbox.Limits(seconds=seconds, memory=memory, processes=processes)
    if setup.isolate:
        return sandbox.run(argv, binds, cwd, env, limits, setup.uid)
    try:
        proc = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=seconds,
                              env=dict(os.environ, **(env or {})))
        return sandbox.Completed(proc.returncode, proc.stdout.decode(errors="replace"))
    except subprocess.TimeoutExpired:
        return sandbox.Completed(-9, "", f"time limit of {seconds:g} s")


_views = {}     # a ccache folder -> its view for this process's runs (ccache_view)
_views_lock = threading.Lock()


def ccache_view(folder):
    """The ccache folder as the sandbox's runs can read it: folder itself,
    unless in the setpriv mode, as root, the runs cannot reach it (under the
    course tree, closed while it grades: sandbox_setpriv.close_tree; or
    another closed folder), where every compile missed it. Then a view of it
    made once per process in the temporary directory: its files that anyone
    may read, hard-linked (else copied) into root's folders, readable by the
    runs and never writable. Folder itself if the view cannot be made."""
    folder = Path(folder)
    if sandbox.mode() != "setpriv" or os.geteuid() != 0 or not (
            ROOT.resolve() in folder.resolve().parents or sandbox.closed_parent(folder, -1)):
        return folder
    with _views_lock:
        if folder not in _views:
            _views[folder] = _make_view(folder)
        return _views[folder]


def _make_view(folder):
    """ccache_view()'s view of folder, or folder if it cannot be made."""
    view = Path(tempfile.mkdtemp(prefix="grade-ccache-"))
    atexit.register(shutil.rmtree, view, True)
    try:
        for top, _, files in os.walk(folder):
            here = view / Path(top).relative_to(folder)
            here.mkdir(exist_ok=True)
            os.chmod(here, 0o755)
            for name in files:
                source, target = os.path.join(top, name), here / name
                info = os.lstat(source)
                if info.st_mode & 0o170004 != 0o100004:
                    continue        # a link, or a file others may not read (nor can bwrap's)
                if info.st_uid == 0 and not info.st_mode & 0o022:
                    with contextlib.suppress(OSError):      # else another file system
                        os.link(source, target)
                        continue
                shutil.copyfile(source, target, follow_symlinks=False)  # a link would share
                os.chmod(target, 0o644)                     # what others may change
    except OSError:
        return folder
    return view


def build_lesson(setup, targets):
    """Build targets with make, in the sandbox; None if it worked, else the reason."""
    if not targets:
        return None
    tree = setup.tree.resolve()
    cc, env, cache = setup.cc, {}, []
    if setup.ccache:
        # Read-only: only the course's own builds fill it, so a submission
        # cannot plant an object that another one would then use.
        where = ccache_view(setup.ccache)
        cc = f"ccache {setup.cc}"
        env = {"CCACHE_DIR": str(where), "CCACHE_READONLY": "1",
               "CCACHE_NOHASHDIR": "1", "CCACHE_TEMPDIR": "/tmp"}
        cache = [sandbox.ro(where)]
    command = ["make", "-s", "--no-print-directory", f"-j{setup.jobs}", f"CC={cc}",
               *sorted({relative(t, tree) for t in targets})]
    # The build writes its objects under build/<compiler>, and the font it
    # generates from Debian's console-data package under build/font (shared
    # by both compilers): those two are the only writable places.
    font = tree / "build" / "font"
    try:
        setup.build.mkdir(parents=True, exist_ok=True)
        font.mkdir(parents=True, exist_ok=True)
        binds = ([sandbox.ro(tree)] + grading_binds(setup)
                 + [sandbox.rw(setup.build), sandbox.rw(font)] + cache)
        if setup.isolate:
            sandbox.give(setup.build, setup.uid)
            sandbox.give(font, setup.uid)
    except Refused as e:
        return str(e)
    except OSError as e:
        return f"does not build: cannot prepare the build: {e}"
    done = sandboxed(setup, command, binds, tree, BUILD_TIMEOUT, env)
    if done.limit:
        return f"does not build: the build reached the {done.limit}"
    if done.status != 0:
        return "does not build: " + first_error(done.output)
    return None

def admit_tree(setup):
    """Open a grading tree that was made private (0700, by grader.tree) to
    this grading process's runs; True if it did.

    In the sandbox's setpriv mode, to this process's own group (0750): the
    runs of another grading process -- another submission's -- never reach
    it, not even for a moment. In the bwrap mode, whose sandboxes see no
    folder of ours but their binds, to others (bwrap's user must reach it
    to bind it). Any other tree is left as it is."""
    tree = setup.tree
    if not setup.isolate or os.geteuid() != 0 or tree.resolve() == ROOT.resolve():
        return False
    info = os.lstat(tree)
    if info.st_uid != 0 or info.st_mode & 0o777 != 0o700:
        return False
    if sandbox.mode() == "setpriv":
        os.chown(tree, -1, sandbox.layout.group())
        os.chmod(tree, 0o750)
    else:
        os.chmod(tree, 0o755)
    return True

def own_uid(setup):
    """In the sandbox's setpriv mode as root: make setup.uid this grading
    process's own id, in place of nobody: the number of its group
    (sandbox.GRADER_GIDS, held until it exits), which no run's uid is. QEMU
    runs as it, and what the runs leave (a hidden test kernel, the host
    labs' stages, a build) is given back to it between runs: the QEMUs of
    another grading process -- another submission's -- run as another uid,
    so none can signal, trace or read another's (without a PID namespace,
    one shared uid could), and no later run of the student's code gets it."""
    if setup.isolate and os.geteuid() == 0 and sandbox.mode() == "setpriv":
        setup.uid = sandbox.layout.group()

def qemu_sandbox(setup):
    """The QEMU runner's hook: QEMU in the sandbox, seeing only its image and
    its private directory (serial log, QMP socket), which is QEMU's user's
    alone (0700): a run of the same submission, which may run beside it,
    cannot read what a hidden variant's kernel printed."""
    def wrap(command, workdir, iso):
        sandbox.give(workdir, setup.uid)
        os.chmod(workdir, 0o700)
        binds = [sandbox.rw(workdir), sandbox.ro(iso)]
        return sandbox.wrap(command, binds, workdir, None,
                            sandbox.Limits(seconds=BUILD_TIMEOUT), setup.uid)
    return wrap
