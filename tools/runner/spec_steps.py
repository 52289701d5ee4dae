"""The steps of a spec, parsed: :class:`Step`, and the reader of a step
directive's arguments. The language is described in :mod:`runner.spec`;
:mod:`runner.steps` meets the steps during a boot.
"""

from dataclasses import dataclass, field

from .keyboard import key_codes
from .screen import VGA_COLUMNS, VGA_ROWS

DEFAULT_NMI_INTERVAL_MS = 100


@dataclass
class Step:
    """One thing to wait for (or do) during a boot test."""
    kind: str            # serial, screen, screen-row, screen-attr, cursor, display,
                         # send-keys, inject-nmi, page, stack, stack-used, backtrace
    text: str = ""       # the text to find or to type
    row: int = 0         # for screen-row, screen-attr and cursor
    col: int = 0         # for screen-attr and cursor
    attr: int = 0        # for screen-attr
    count: int = 0       # for inject-nmi: how many
    interval: float = 0  # for inject-nmi: seconds between two
    each: str = ""       # for inject-nmi: the serial text each NMI's handling prints
    address: int = 0     # for page: the virtual address; for stack: the vector
    paint: int = 0       # for stack-used: the byte the stack was painted with
    index: int = 0       # for stack: the IST entry
    names: list = field(default_factory=list)  # for backtrace: the call chain
    source: str = ""     # the spec line, to name the step in messages

    def describe(self):
        """The step as written in the spec, e.g. 'serial "Hello"'."""
        return self.source or self.kind



def parse_step(line, source):
    """The Step a step directive describes (source: the line as written)."""
    word = line.word
    if word in ("serial", "screen"):
        (value,) = line.need("s", '"text"')
        if not value:
            raise line.error("empty text")
        return Step(word, text=value, source=source)
    if word == "send-keys":
        (value,) = line.need("s", '"text"')
        for ch in value:            # reject untypable text now, not mid-boot
            try:
                key_codes(ch)
            except ValueError as e:
                raise line.error(str(e))
        return Step(word, text=value, source=source)
    if word == "inject-nmi" and len(line.args) == 3:
        count, each, text = line.need("wws", 'COUNT each "text"')
        if each != "each" or not text:
            raise line.error('usage: inject-nmi COUNT each "text"')
        return Step(word, source=source, count=line.number(count, 1, 1000, "COUNT"), each=text)
    if word == "inject-nmi":
        values = line.need("w" if len(line.args) < 2 else "ww",
                           'COUNT [INTERVAL_MS] | COUNT each "text"')
        count = values[0]
        interval = values[1] if len(values) > 1 else str(DEFAULT_NMI_INTERVAL_MS)
        return Step(word, source=source, count=line.number(count, 1, 1000, "COUNT"),
                    interval=line.number(interval, 0, 10000, "INTERVAL_MS") / 1000)
    if word == "display":
        line.need("", "")
        return Step(word, source=source)
    if word == "screen-row":
        row, value = line.need("ws", 'ROW "text"')
        return Step(word, text=value, source=source,
                    row=line.number(row, 0, VGA_ROWS - 1, "ROW"))
    if word == "screen-attr":
        row, col, attr = line.need("www", "ROW COL 0xAT")
        return Step(word, source=source,
                    row=line.number(row, 0, VGA_ROWS - 1, "ROW"),
                    col=line.number(col, 0, VGA_COLUMNS - 1, "COL"),
                    attr=line.number(attr, 0, 0xFF, "attribute"))
    if word == "cursor":
        row, col = line.need("ww", "ROW COL")
        return Step(word, source=source,
                    row=line.number(row, 0, VGA_ROWS - 1, "ROW"),
                    col=line.number(col, 0, VGA_COLUMNS - 1, "COL"))
    if word == "page":
        address, state = line.need("ww", "ADDRESS mapped|unmapped")
        if state not in ("mapped", "unmapped"):
            raise line.error("page: the state must be mapped or unmapped")
        return Step(word, text=state, source=source,
                    address=line.number(address, 0, (1 << 64) - 1, "ADDRESS"))
    if word == "backtrace":
        names = [value for _, value in line.args]
        if len(names) < 2 or any(quoted for quoted, _ in line.args):
            raise line.error("usage: backtrace FUNCTION CALLER...")
        return Step(word, names=names, source=source)
    if word == "stack":
        vector, index, name = line.need("www", "VECTOR IST SYMBOL")
        return Step(word, text=name, source=source,
                    address=line.number(vector, 0, 255, "VECTOR"),
                    index=line.number(index, 1, 7, "IST"))
    if word == "stack-used":
        name, paint = line.need("ww", "SYMBOL 0xPAINT")
        return Step(word, text=name, source=source,
                    paint=line.number(paint, 0, 0xFF, "PAINT"))
    raise line.error(f"unknown directive {word!r}")
