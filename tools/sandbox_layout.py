"""The sandbox's setpriv mode: what bwrap's binds do, done with permissions.

Before each run (:func:`lay_out`): a folder of ours in the temporary
directory that it binds is opened to this process's group (:func:`group`)
instead of to others; a read-only bind over another path becomes a
root-owned copy at the target; an instructor's course tree is closed to
others unless this process grades it. All of it lasts as long as the process.
"""

import os
import tempfile
import threading
from pathlib import Path

import sandbox_setpriv as setpriv
from course import ROOT

GRADER_GIDS = range(64700, 64764)   # one for each grading process
HIDDEN = "tests/labs/hidden"        # only an instructor's tree has it

_held = {}          # "group": this process's Slot of GRADER_GIDS; "own_tree": True
_laid_out = {}      # target -> source: the read-only copies made
_lock = threading.Lock()
_layout_lock = threading.Lock()


def group():
    """A group id of this process's own (GRADER_GIDS, under the same locks
    as the run uids), held until it exits: every run it starts carries it,
    and no run of another grader -- another submission's -- does."""
    with _lock:
        if "group" not in _held:
            _held["group"] = setpriv.Slot(GRADER_GIDS).__enter__()
        return _held["group"].uid


def lay_out(binds):
    """Stand in for binds ((kind, source, target) triples) before a run.

    A read-only bind over a path in the course tree itself is left out:
    its copy would replace the course's files (the hidden tests under a mask
    of public ones), and this process grades the instructor's own code,
    which may see them. OSError if a copy cannot be made.
    """
    bound = [Path(target).resolve() for _, _, target in binds]
    if any(p == ROOT or p in ROOT.parents for p in bound):
        _held["own_tree"] = True
    elif (ROOT / HIDDEN).is_dir() and not _held.get("own_tree"):
        setpriv.close_tree(ROOT)
    for _, source, _ in binds:
        _to_group(Path(source).resolve())
    for kind, source, target in binds:
        if kind != "ro" or Path(source).resolve() == Path(target).resolve():
            continue
        if Path(target).resolve() == ROOT or ROOT in Path(target).resolve().parents:
            continue
        # Once per target and source, one thread at a time: parallel labs
        # lay out the same masks, and a second copy would remove the first
        # one's files under a running build.
        with _layout_lock:
            if _laid_out.get(target) != source:
                setpriv.copy_over(source, target)
                _laid_out[target] = source


def _to_group(path):
    """A folder of ours in the temporary directory, open to others: open to
    this process's group instead (others' bits moved to the group's). The
    course's tree and what is not a folder are left as they are."""
    temp = Path(tempfile.gettempdir()).resolve()
    if temp not in path.parents or not path.is_dir() or path.is_symlink() \
            or path == ROOT or ROOT in path.parents or path in ROOT.parents:
        return
    mode = path.stat().st_mode & 0o7777
    if mode & 0o007:
        os.chown(path, -1, group(), follow_symlinks=False)
        os.chmod(path, (mode & ~0o077) | ((mode & 0o007) << 3))
