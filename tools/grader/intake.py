"""Intake: a student's archive (or folder) read as data into a directory of our own.

A submission is data, never a file-system operation to replay. Python's
``extractall`` would create what the archive describes: links that later
members write through, hard links to the grader's own files, devices, a
name full of terminal escapes, gigabytes from a few kilobytes. Here each
member is read on its own and judged before a byte of it is written:

* **Kinds.** Only regular files and directories. A symbolic or hard link,
  a device, a FIFO or a sparse file refuses the whole submission.
* **Names.** Relative, made of at most ``MAX_DEPTH`` parts of at most
  ``MAX_PART`` characters (``MAX_NAME`` in all), none of them ``..``, with
  no control or invisible character and no backslash. ``.`` parts and
  doubled slashes are dropped (``tar -C dir .`` writes ``./name``).
* **Size.** At most ``MAX_MEMBERS`` members and ``MAX_BYTES`` unpacked
  bytes, counted from the member headers *before* anything is written; the
  archive file itself at most ``MAX_ARCHIVE`` bytes. ``make submit``'s
  archive of the whole course is about 480 files and 2 MB.
* **Time.** A deadline (the submission's own time limit) is checked
  between members and between the chunks of a member.
* **Writing.** Every directory is made by this code; each file is created
  with ``O_CREAT | O_EXCL | O_NOFOLLOW`` relative to a directory opened
  with ``O_NOFOLLOW``, one path part at a time. No call here follows a
  link, so even a link that appeared from elsewhere could not redirect a
  write; a name that comes twice is refused rather than overwritten.

It is the code above that keeps the unpacking inside the submission's
directory. As root, grader.unpacker also takes away its privilege: an
archive is read by a child process running as a uid of its own. Anything wrong raises :class:`Refused`
whose message names what was refused, already escaped for a terminal.
"""

import os
import stat
import tarfile
import time
import zipfile
from pathlib import Path

from runner.printable import capped, printable

ARCHIVES = (".tar.gz", ".tgz", ".tar", ".zip")
MAX_ARCHIVE = 32 << 20    # bytes of the archive file as handed in
MAX_MEMBERS = 2000        # files and directories in it
MAX_BYTES = 32 << 20      # bytes of all its files once unpacked
MAX_NAME = 200            # characters of a member's name
MAX_PART = 100            # characters of one part of it
MAX_DEPTH = 12            # parts of it
CHUNK = 1 << 16
SKIPPED_DIRS = (".git", "build")   # of a folder submission: history and build output


class Refused(Exception):
    """The submission cannot be taken; the message says what was refused and why."""


def shown(name):
    """A name from the submission as it may be printed: escaped, bounded."""
    return capped(printable(name, keep=""), 120)


def name_parts(name):
    """The parts of a member's name, or Refused if the name is not a plain relative one."""
    if len(name) > MAX_NAME:
        raise Refused(f"a name longer than {MAX_NAME} characters: {shown(name)}")
    if printable(name, keep="") != name or "\\" in name:
        raise Refused(f"a name with a control, invisible or backslash character: {shown(name)}")
    if name.startswith("/"):
        raise Refused(f"an absolute name: {shown(name)}")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise Refused(f"a name with '..' in it: {shown(name)}")
    if len(parts) > MAX_DEPTH or any(len(p) > MAX_PART for p in parts):
        raise Refused(f"a name deeper than {MAX_DEPTH} folders or with a part longer than "
                      f"{MAX_PART} characters: {shown(name)}")
    return tuple(parts)


class Writer:
    """Writes files and directories under one directory, never through a link."""

    def __init__(self, dest, deadline):
        self.dest = dest if isinstance(dest, int) else Path(dest)
        self.deadline = deadline
        self.members = 0
        self.bytes = 0

    def count(self, name, size):
        """Count one more member of size bytes; Refused past a cap or the deadline."""
        self.members += 1
        self.bytes += size
        if self.members > MAX_MEMBERS:
            raise Refused(f"more than {MAX_MEMBERS} files and folders (a bomb?)")
        if self.bytes > MAX_BYTES:
            raise Refused(f"more than {MAX_BYTES >> 20} MiB once unpacked (a bomb?), "
                          f"reached at {shown(name)}")
        self.check_time()

    def check_time(self):
        if time.monotonic() > self.deadline:
            raise Refused("the time limit was reached while unpacking")

    def _open_dir(self, parts, create):
        """A descriptor of dest/parts, each part opened (or made) without following links."""
        if isinstance(self.dest, int):      # dest given as a descriptor (grader.unpacker)
            fd = os.dup(self.dest)
        else:
            fd = os.open(self.dest, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            for part in parts:
                if part in ("", ".", "..") or "/" in part:    # name_parts() let it through?
                    raise Refused(f"a name part that is not a plain name: {shown(part)}")
                if create:
                    try:
                        os.mkdir(part, 0o755, dir_fd=fd)
                    except FileExistsError:
                        pass
                try:
                    nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except (NotADirectoryError, OSError):
                    raise Refused(f"a file and a folder of the same name: {shown(part)}")
                os.close(fd)
                fd = nxt
        except BaseException:
            os.close(fd)
            raise
        return fd

    def directory(self, parts):
        if parts:
            os.close(self._open_dir(parts, create=True))

    def file(self, parts, chunks, executable=False):
        """Create dest/parts (it must not exist) from an iterable of byte chunks."""
        if not parts or parts[-1] in ("", ".", "..") or "/" in parts[-1]:
            raise Refused(f"a file without a plain name: {shown('/'.join(parts))}")
        parent = self._open_dir(parts[:-1], create=True)
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            try:
                fd = os.open(parts[-1], flags, 0o755 if executable else 0o644, dir_fd=parent)
            except FileExistsError:
                raise Refused(f"the same name twice: {shown('/'.join(parts))}")
        finally:
            os.close(parent)
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                self.check_time()
                out.write(chunk)


def _chunks(stream, size):
    """The chunks of a member's data, at most size bytes in all."""
    left = size
    while left > 0:
        chunk = stream.read(min(CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        yield chunk


def unpack_tar(stream, writer):
    """Take a tar archive (plain or compressed) member by member."""
    with tarfile.open(fileobj=stream, mode="r:*") as archive:
        for member in archive:
            name = member.name
            if member.isdir():
                parts = name_parts(name)
                writer.count(name, 0)
                writer.directory(parts)
            elif member.type in (tarfile.REGTYPE, tarfile.AREGTYPE):
                parts = name_parts(name)
                writer.count(name, member.size)
                stream = archive.extractfile(member)
                writer.file(parts, _chunks(stream, member.size), bool(member.mode & 0o100))
            else:
                kind = ("a symbolic link" if member.issym() else "a hard link"
                        if member.islnk() else "a device or FIFO" if member.isdev() or member.isfifo()
                        else "a sparse file" if member.issparse() else "a special member")
                raise Refused(f"{kind} (only files and folders are taken): {shown(name)}")


def unpack_zip(stream, writer):
    """Take a zip archive member by member."""
    with zipfile.ZipFile(stream) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused(f"more than {MAX_MEMBERS} files and folders (a bomb?)")
        for info in infos:
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if info.is_dir() and kind in (0, stat.S_IFDIR):
                writer.count(info.filename, 0)
                writer.directory(name_parts(info.filename))
            elif kind in (0, stat.S_IFREG):
                parts = name_parts(info.filename)
                writer.count(info.filename, info.file_size)
                with archive.open(info) as stream:
                    writer.file(parts, _chunks(stream, info.file_size), bool(mode & 0o100))
            else:
                what = "a symbolic link" if kind == stat.S_IFLNK else "a special member"
                raise Refused(f"{what} (only files and folders are taken): "
                              f"{shown(info.filename)}")


def copy_folder(folder, writer):
    """Take a folder submission: its regular files and directories, links refused."""
    root = Path(folder)
    for top, dirs, files in os.walk(root):
        rel = Path(top).relative_to(root)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in sorted(dirs) + sorted(files):
            full = Path(top) / name
            member = str(rel / name) if rel != Path(".") else name
            info = os.lstat(full)
            parts = name_parts(member)
            if stat.S_ISDIR(info.st_mode):
                writer.count(member, 0)
                writer.directory(parts)
            elif stat.S_ISREG(info.st_mode):
                writer.count(member, info.st_size)
                fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW)
                with os.fdopen(fd, "rb") as stream:
                    writer.file(parts, _chunks(stream, info.st_size),
                                bool(info.st_mode & 0o100))
            else:
                what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "a special file"
                raise Refused(f"{what} (only files and folders are taken): {shown(member)}")


def unpack(entry, dest, deadline):
    """Take the submission entry (a folder or an archive) into the empty directory dest.

    Returns the Writer (its members and bytes counts). Raises Refused for
    anything that is not plain files and folders within the caps and the
    deadline (time.monotonic() seconds), or that cannot be read.
    """
    entry = Path(entry)
    writer = Writer(dest, deadline)
    if stat.S_ISDIR(os.lstat(entry).st_mode):
        copy_folder(entry, writer)
        return writer
    check_archive(entry)
    with open(os.open(entry, os.O_RDONLY | os.O_NOFOLLOW), "rb") as stream:
        unpack_archive(stream, entry.name, writer)
    return writer


def check_archive(entry):
    """Refused unless entry is a regular file named as an archive, within MAX_ARCHIVE."""
    info = os.lstat(entry)
    if not stat.S_ISREG(info.st_mode) or not Path(entry).name.endswith(ARCHIVES):
        raise Refused(f"not a submission: expected a folder or a {', '.join(ARCHIVES)} archive")
    if info.st_size > MAX_ARCHIVE:
        raise Refused(f"the archive is larger than {MAX_ARCHIVE >> 20} MiB")


def unpack_archive(stream, name, writer):
    """Take the archive open as stream (a .zip if name says so, else a tar) with writer."""
    try:
        if name.endswith(".zip"):
            unpack_zip(stream, writer)
        else:
            unpack_tar(stream, writer)
    except Refused:
        raise
    except Exception as e:      # noqa: BLE001  (a hostile archive may break any reader)
        why = " ".join(str(e).split())
        raise Refused(f"cannot read the archive ({type(e).__name__}: "
                      f"{capped(printable(why, keep=''), 200)})")
    if writer.members == 0:
        raise Refused("an empty archive")


def read_regular(root, name, limit=MAX_BYTES):
    """The bytes of root/name if it is a regular file reached without any link, else None."""
    parts = name_parts(name)
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        for part in parts[:-1]:
            nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = nxt
        try:
            file_fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW, dir_fd=fd)
        finally:
            os.close(fd)
    except OSError:
        return None
    with os.fdopen(file_fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return None
        return f.read(limit)
