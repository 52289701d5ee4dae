"""The course's tree as the tools see it: the repository's root, its
lessons, and paths relative to it; one place, so no tool works them out
from its own ``__file__``. Standard library only (GDB's Python imports it).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent   # the repository


def lesson_dirs(root=ROOT):
    """The lesson directory names of a tree (those with a build.mk), in order."""
    lessons = Path(root) / "lessons"
    if not lessons.is_dir():
        return []
    return sorted(p.name for p in lessons.iterdir() if (p / "build.mk").is_file())


def rel(path, root=ROOT):
    """A path as printed in messages: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(root))
    except ValueError:
        return str(path)
