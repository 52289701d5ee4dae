"""The VGA text screen: reading it from a running guest and decoding it.

In text mode the screen is 25 rows of 80 cells at physical address 0xb8000;
each cell is a character byte (code page 437) and an attribute byte.
"""

import os
import tempfile

VGA_ADDRESS = 0xB8000  # physical address of the VGA text buffer
VGA_COLUMNS = 80
VGA_ROWS = 25


def _cp437_table():
    """Byte -> character for showing VGA text.

    The VGA font is code page 437. Byte 0 (cleared memory) shows as a space;
    the other control bytes (smileys, arrows... in the VGA font) as '?', so
    that text comparisons stay plain.
    """
    table = []
    for b in range(256):
        if b == 0:
            table.append(" ")
        elif b < 0x20 or b == 0x7F:
            table.append("?")
        else:
            table.append(bytes([b]).decode("cp437"))
    return table


CP437 = _cp437_table()


def decode_screen(data):
    """Turn 4000 bytes of VGA memory into 25 rows of (text, attrs).

    Each cell is two bytes: the character, then its attribute (low nibble
    foreground colour, high nibble background). ``text`` is an 80-character
    str, ``attrs`` the 80 attribute bytes, exact.
    """
    rows = []
    for r in range(VGA_ROWS):
        cells = data[r * VGA_COLUMNS * 2:(r + 1) * VGA_COLUMNS * 2]
        text = "".join(CP437[b] for b in cells[0::2])
        rows.append((text.ljust(VGA_COLUMNS), bytes(cells[1::2]).ljust(VGA_COLUMNS, b"\0")))
    return rows


def read_screen(qmp, scratch=None, address=VGA_ADDRESS):
    """Read the VGA text screen of a running guest: 25 rows of (text, attrs)."""
    return decode_screen(read_cells(qmp, scratch, address))


def read_cells(qmp, scratch=None, address=VGA_ADDRESS):
    """The 4000 bytes of the screen's cells, at physical ``address``.

    QMP's ``pmemsave`` copies guest physical memory to a file; QEMU runs on
    this machine, so we read that file back. ``scratch`` is the file to use
    (a temporary one by default). Under UEFI the cells are not at 0xb8000
    but in the kernel's RAM (runner.display finds where).
    """
    own = scratch is None
    if own:
        fd, scratch = tempfile.mkstemp(prefix="vga-", suffix=".bin")
        os.close(fd)
    try:
        qmp.execute("pmemsave", {"val": address, "size": VGA_COLUMNS * VGA_ROWS * 2,
                                 "filename": str(scratch)})
        with open(scratch, "rb") as f:
            return f.read()
    finally:
        if own:
            os.unlink(scratch)


CRTC_INDEX, CRTC_DATA = 0x3d4, 0x3d5   # the CRT controller's register ports


def read_cursor(qmp):
    """The VGA hardware cursor as (row, column), read from the emulated CRT
    controller (registers 0x0e and 0x0f behind ports 0x3d4/0x3d5) through
    the monitor's I/O port commands: what the card shows, not what the
    kernel says. The guest is paused meanwhile, so that it never runs
    between our index and data accesses, and its index is put back."""
    with qmp.paused():
        index = qmp.inb(CRTC_INDEX)
        cell = 0
        for register in (0x0e, 0x0f):
            qmp.outb(CRTC_INDEX, register)
            cell = cell << 8 | qmp.inb(CRTC_DATA)
        qmp.outb(CRTC_INDEX, index)
    return divmod(cell, VGA_COLUMNS)


def screen_text(rows):
    """The screen as text: one line per row, trailing blanks and rows removed."""
    lines = [text.rstrip() for text, _ in rows]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def screen_lines(rows):
    """Non-empty screen rows, numbered, for showing in a report."""
    if rows is None:
        return []
    return [f"{r:2}| {text.rstrip()}" for r, (text, _) in enumerate(rows) if text.strip()]


def screen_block(rows):
    """'screen:' and the non-empty rows, or nothing if the screen is blank."""
    lines = screen_lines(rows)
    return ["screen:"] + lines if lines else []
