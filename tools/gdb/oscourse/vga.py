"""`vga`: the screen's text, read from the 80x25 cells (a character and an
attribute byte each) where the kernel writes them: virtual 0xb8000, the VGA
text memory under BIOS and the page text_screen_cells under UEFI (see the
command's help); physical 0xb8000 only where that address is not mapped.
"""
import gdb

from . import target

VGA_BUFFER = 0xB8000
COLUMNS, ROWS = 80, 25

COLOR_NAMES = ("black", "blue", "green", "cyan", "red", "magenta", "brown", "light grey",
               "dark grey", "light blue", "light green", "light cyan", "light red", "pink",
               "yellow", "white")
# VGA colour n -> ANSI colour number (VGA counts blue=1, ANSI red=1).
_ANSI = (0, 4, 2, 6, 1, 5, 3, 7)


def _cell_buffer():
    """(bytes of the cells, columns, rows, where they came from)."""
    size = ROWS * COLUMNS * 2
    try:
        return (target.read_virtual(VGA_BUFFER, size), COLUMNS, ROWS,
                "the kernel's text cells at virtual 0x%x" % VGA_BUFFER)
    except gdb.GdbError:
        return (target.read_physical(VGA_BUFFER, size), COLUMNS, ROWS,
                "VGA text buffer at physical 0x%x (virtual 0x%x is not mapped)"
                % (VGA_BUFFER, VGA_BUFFER))


def _printable(byte):
    return chr(byte) if 32 <= byte < 127 else ("." if byte else " ")


def _ansi(attribute):
    fg, bg = attribute & 0xF, attribute >> 4 & 0x7
    return "\x1b[%d;%d%sm" % (40 + _ANSI[bg], 30 + _ANSI[fg & 7], ";1" if fg & 8 else "")


def _attribute_runs(attributes):
    """'0-23 0x0a light green on black; 24-79 0x07 ...' for one row."""
    runs, start = [], 0
    for i in range(1, len(attributes) + 1):
        if i == len(attributes) or attributes[i] != attributes[start]:
            a = attributes[start]
            runs.append("%d-%d 0x%02x %s on %s" % (start, i - 1, a, COLOR_NAMES[a & 0xF],
                                                   COLOR_NAMES[a >> 4]))
            start = i
    return "; ".join(runs)


class Vga(gdb.Command):
    """Show the screen: the 25 text rows of the VGA text buffer.

Usage: vga        the characters, one line per row (row numbers on the left)
       vga /a     also, under each row with text, its attributes: runs of
                  cells with their colour byte and its meaning
       vga /c     the rows in their colours, through ANSI escapes

The cells are read where the kernel writes them, at virtual 0xb8000: the
VGA text memory under BIOS, the page text_screen_cells under UEFI. A
character the screen shows as a symbol (below 32 or above 126) is printed
as '.'."""

    def __init__(self):
        super().__init__("vga", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        option = argument.strip()
        if option not in ("", "/a", "/c"):
            raise gdb.GdbError("vga: unknown option '%s' (use /a or /c)" % option)
        data, columns, rows, source = _cell_buffer()
        print("%s, %d x %d:" % (source, columns, rows))
        for row in range(rows):
            cells = data[row * columns * 2:(row + 1) * columns * 2]
            characters, attributes = cells[0::2], cells[1::2]
            if option == "/c":
                line = "".join(_ansi(a) + _printable(c) for c, a in zip(characters, attributes))
                print("%2d|%s\x1b[0m|" % (row, line))
                continue
            print("%2d|%s" % (row, "".join(_printable(c) for c in characters).rstrip()))
            if option == "/a" and characters.strip(b" \0"):
                print("  |   " + _attribute_runs(attributes))


def register():
    Vga()
