"""The batch's object cache: what the course's own files compile to, compiled once per class.

A host lab compiles the course's reference sources and test programs, and
a hidden variant's kernel compiles the hidden test's C file: neither holds
a byte of the student's, so the objects are the same for every submission
of a batch. tools/grade_all.py gives each tools/grade.py it starts the
same folder (``--cache``); the first submission to need an object
compiles it in the sandbox as before and keeps a copy here, and the others
copy it back instead of compiling again.

The folder is the grader's own (root's, 0700, inside the batch's private
scratch folder) and lives as long as the batch: no run of a student's code
can reach it, and it never outlives the course files it was compiled from.
A copy is read without following links and only as a regular file of a
reasonable size, as the grader reads any file a sandboxed run wrote.
"""

import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

LIMIT = 16 << 20     # bytes of one kept object (the course's are a few hundred KB)


class CacheError(Exception):
    """The folder given is not a private folder of ours."""


class Cache:
    """Objects kept by key: a tuple of strings that says how they were made
    (the compile's arguments, with the run's own folder left out)."""

    def __init__(self, folder):
        self.folder = Path(folder)
        info = os.lstat(self.folder)
        if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid()
                or info.st_mode & 0o077):
            raise CacheError(f"{folder} is not a folder of ours that only we can read (0700)")

    def _entry(self, key):
        return self.folder / hashlib.sha256(repr(tuple(key)).encode()).hexdigest()

    def fetch(self, key, names, into):
        """Copy the objects names of key into the folder into; False (and
        nothing copied) if they are not all kept."""
        entry = self._entry(key)
        if not all((entry / name).is_file() for name in names):
            return False
        for name in names:
            # into/ is the sandbox's folder too: never write through a link
            # or over a file that is already there.
            try:
                fd = os.open(Path(into) / name,
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            except OSError:
                return False
            with os.fdopen(fd, "wb") as f:
                f.write((entry / name).read_bytes())
        return True

    def keep(self, key, names, source):
        """Keep a copy of the objects names that a sandboxed compile wrote
        into source; a no-op if they are kept already or cannot be read."""
        entry = self._entry(key)
        if entry.exists():
            return
        staged = Path(tempfile.mkdtemp(dir=self.folder, prefix="new-"))
        try:
            for name in names:
                (staged / name).write_bytes(_read_regular(Path(source) / name))
            os.rename(staged, entry)        # whole, or not at all (another kept it)
        except OSError:
            shutil.rmtree(staged, ignore_errors=True)


def _read_regular(path):
    """The bytes of a file a sandboxed run wrote: a regular file, not a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > LIMIT:
            raise OSError(f"{path.name}: not a regular file of a reasonable size")
        return f.read(LIMIT)
