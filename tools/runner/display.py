"""The real display under UEFI: does the framebuffer show the text cells?

Under UEFI the kernel keeps the 80x25 VGA cells in RAM (the symbol
``text_screen_cells``, common/text_screen.c) and draws them into the
framebuffer itself. This module finds those cells, renders them on the host
with the same code page 437 font and the same layout (the largest whole
scale at which 640x400 fits, centred, black around it), and compares the
picture pixel by pixel with QEMU's ``screendump`` of the display.

The comparison is exact: the framebuffers OVMF offers have 8 bits per
colour, so every VGA colour has one exact pixel value.
"""

import functools
import sys
from pathlib import Path

from .elf import Elf, ElfError
from .screen import VGA_COLUMNS, VGA_ROWS

TOOLS = Path(__file__).resolve().parent.parent
FONT_PSF = "/usr/share/consolefonts/default8x16.psf.gz"   # as in the Makefile
CELLS_SYMBOL = "text_screen_cells"
GLYPH_WIDTH, GLYPH_HEIGHT = 8, 16

# The VGA palette as (red, green, blue), as in common/framebuffer.c.
PALETTE = [bytes.fromhex(c) for c in (
    "000000", "0000aa", "00aa00", "00aaaa", "aa0000", "aa00aa", "aa5500", "aaaaaa",
    "555555", "5555ff", "55ff55", "55ffff", "ff5555", "ff55ff", "ffff55", "ffffff")]

class DisplayError(Exception):
    """The display cannot be checked (no symbol, no font, unreadable dump)."""


@functools.lru_cache(maxsize=None)
def glyphs():
    """The font's 256 glyphs, read once (tools/psf_font.py checks them)."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    import psf_font
    try:
        return psf_font.load_cp437(FONT_PSF)
    except psf_font.FontError as e:
        raise DisplayError(f"font: {e} (install console-data)") from e


def symbol_address(elf_path, name):
    """The value of a symbol in a 64-bit little-endian ELF file's symbol table."""
    return symbol(elf_path, name)[0]


def symbol(elf_path, name):
    """(value, size) of a symbol in a 64-bit little-endian ELF file's symbol table."""
    try:
        found = Elf(elf_path).symbols.get(name)
    except ElfError as e:
        raise DisplayError(str(e)) from e
    if found is None:
        raise DisplayError(f"no symbol {name} in {elf_path}")
    return found


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (P6, 8 bits) screendump."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:                    # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        raise DisplayError(f"{path}: not an 8-bit binary PPM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + width * height * 3]
    if len(pixels) != width * height * 3:
        raise DisplayError(f"{path}: {len(pixels)} bytes of pixels for {width}x{height}")
    return width, height, pixels


def layout(width, height):
    """(scale, left, top) of the text area, as framebuffer_init() computes it."""
    text_width, text_height = VGA_COLUMNS * GLYPH_WIDTH, VGA_ROWS * GLYPH_HEIGHT
    scale = min(width // text_width, height // text_height)
    if scale < 1:
        raise DisplayError(f"a {width}x{height} display cannot hold 80x25 cells of 8x16")
    return scale, (width - text_width * scale) // 2, (height - text_height * scale) // 2


def render(cells, width, height):
    """The RGB picture the kernel should show for 4000 bytes of cells."""
    font = glyphs()
    scale, left, top = layout(width, height)
    black = PALETTE[0]
    picture = bytearray(black * (width * height))
    strips = {}
    for row in range(VGA_ROWS):
        for line in range(GLYPH_HEIGHT * scale):
            y = top + row * GLYPH_HEIGHT * scale + line
            parts = []
            for column in range(VGA_COLUMNS):
                char = cells[2 * (row * VGA_COLUMNS + column)]
                attr = cells[2 * (row * VGA_COLUMNS + column) + 1]
                key = (font[char][line // scale], attr & 0x0F, attr >> 4 & 0x07)
                strip = strips.get(key)
                if strip is None:
                    bits, fg, bg = key
                    strip = b"".join((PALETTE[fg] if bits & 0x80 >> (x // scale) else PALETTE[bg])
                                     for x in range(GLYPH_WIDTH * scale))
                    strips[key] = strip
                parts.append(strip)
            start = (y * width + left) * 3
            picture[start:start + VGA_COLUMNS * GLYPH_WIDTH * scale * 3] = b"".join(parts)
    return bytes(picture)


def compare(cells, ppm_path):
    """None if the screendump shows exactly the cells, else what differs."""
    width, height, shown = read_ppm(ppm_path)
    expected = render(cells, width, height)
    if shown == expected:
        return None
    differ = [i for i in range(0, len(shown), 3) if shown[i:i + 3] != expected[i:i + 3]]
    first = differ[0] // 3
    x, y = first % width, first // width
    scale, left, top = layout(width, height)
    where = "outside the text area"
    column, row = (x - left) // (GLYPH_WIDTH * scale), (y - top) // (GLYPH_HEIGHT * scale)
    if 0 <= column < VGA_COLUMNS and 0 <= row < VGA_ROWS and x >= left and y >= top:
        i = 2 * (row * VGA_COLUMNS + column)
        where = (f"in the cell at row {row} column {column} "
                 f"(character 0x{cells[i]:02x}, attribute 0x{cells[i + 1]:02x})")
    return (f"{len(differ)} of {width * height} pixels differ from the cells drawn with "
            f"the font; the first at x={x} y={y}, {where}: the display shows "
            f"#{shown[first * 3:first * 3 + 3].hex()}, the cells ask for "
            f"#{expected[first * 3:first * 3 + 3].hex()}")
