"""Text a kernel or a submission wrote, made safe to show a person or store in a file.

Whatever a kernel prints, and whatever a submission contains (file names,
compiler messages, serial output), is data. A terminal obeys control
characters: ESC starts sequences that move the cursor, clear the screen,
set the window title or the clipboard; C1 characters (U+0080-U+009F) do
the same in one byte on some terminals; Unicode's direction and
invisible-format characters reorder or hide what follows. So every such
character is *shown*, not sent: ``\\x1b``, ``\\x9b``, ``\\u202e``. This is
one pass over characters that escapes each one on its own, so no
combination of inputs can put a real ESC back together.

:func:`printable` is the one function the runner, the grader, the CSV,
the feedback files and Gradescope's ``results.json`` use for that;
:func:`capped` bounds a text and says how much was cut.
"""

import re
import unicodedata

# Kept as they are by default: they only move to the next line or column.
SAFE_CONTROLS = "\n\t"


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def _shown(ch):
    code = ord(ch)
    if code < 0x100:
        return "\\x%02x" % code
    if code < 0x10000:
        return "\\u%04x" % code
    return "\\U%08x" % code


def _unsafe(ch):
    # Cc: C0, DEL and C1 controls; Cf: format characters (bidirectional
    # overrides, zero-width joiners); Zl, Zp: line and paragraph separators;
    # Cs, Co, Cn: surrogates (from undecodable bytes), private use, unassigned.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def printable(text, keep=SAFE_CONTROLS):
    """``text`` with every control or invisible character shown as an escape.

    Characters in ``keep`` (by default newline and tab) pass unchanged; pass
    ``keep=""`` for a one-line field such as a CSV cell or a file name.
    Bytes are decoded as UTF-8, each undecodable byte shown as ``\\xNN``.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="backslashreplace")
    # Printable ASCII is always safe: only the other characters are looked
    # at one by one (a serial log of 2 MiB takes milliseconds, not seconds).
    return _NOT_PRINTABLE_ASCII.sub(
        lambda m: _shown(m[0]) if m[0] not in keep and _unsafe(m[0]) else m[0], text)


def capped(text, limit):
    """``text`` cut to ``limit`` characters, with a note of what was cut."""
    if len(text) <= limit:
        return text
    return text[:limit] + f" [... {len(text) - limit} characters cut]"
