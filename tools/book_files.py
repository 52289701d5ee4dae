"""Where the book's pages are, for the tools that read or rewrite them
(check_book.py, snippets.py, figures.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent   # the repository


def rel(path):
    """A path as printed in messages: relative to the repository."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def book_pages():
    """Every page of the book: the front matter, appendices and chapters."""
    pages = sorted((ROOT / "book").glob("*.md"))
    pages += sorted((ROOT / "lessons").glob("*/README.md"))
    return pages
