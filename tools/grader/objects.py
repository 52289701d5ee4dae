"""The student's object file, checked by the grader before it is linked.

Read here, in Python, from the ELF file itself (never by running a tool on
it outside the sandbox), and the same file is the one that is linked:

* **Symbols** -- every entry of the symbol table, whatever nm would call it
  (T, W, V, C, i, u, U, w, v ...). A global or weak definition must be one
  of the lab's own symbols (what the course's version of the same file
  defines): an object that defines cmocka's ``_assert_int_equal``, or
  ``main``, or ``printf``, is refused. A reference -- strong or weak --
  must be on the allow-list: the compiler's helpers (memcpy ...) and what
  the course's own version of the file and the test program give it.
* **Sections** -- no constructor or destructor (``.init_array`` and the
  like, by name or by type): no code of the student's runs outside a test.
* **System calls** -- no ``syscall`` (0f 05), ``sysenter`` (0f 34) or
  ``int 0x80`` (cd 80) bytes anywhere in an executable section, at any
  offset: a jump into the middle of a ``mov`` immediate would run bytes
  that no disassembly shows as an instruction.
"""

import struct

COMPILER_HELPERS = {"memcpy", "memset", "memmove", "memcmp"}
OBJECT_LIMIT = 16 << 20
FORBIDDEN_SECTIONS = (".init_array", ".fini_array", ".preinit_array", ".ctors", ".dtors",
                      ".init", ".fini")
FORBIDDEN_TYPES = {14: ".init_array", 15: ".fini_array", 16: ".preinit_array"}
SYSTEM_CALLS = {b"\x0f\x05": "syscall", b"\x0f\x34": "sysenter", b"\xcd\x80": "int 0x80"}
SHF_EXECINSTR = 0x4
SHT_SYMTAB = 2
SHN_UNDEF, SHN_LORESERVE = 0, 0xff00
STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2
STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE = 0, 1, 2, 3, 4


class BadObject(Exception):
    """The file is not a 64-bit little-endian relocatable ELF object."""


class Object:
    """An ELF64 object file: its sections and symbols."""

    def __init__(self, data):
        if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise BadObject("not a 64-bit little-endian ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
        if shentsize != 64 or shoff + shnum * 64 > len(data) or shstrndx >= shnum:
            raise BadObject("its section headers lie outside the file")
        self.data = data
        self.sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + 64 * i)
                         for i in range(shnum)]
        for s in self.sections:
            if s[1] != 8 and s[4] + s[5] > len(data):    # 8: NOBITS, no bytes in the file
                raise BadObject("a section lies outside the file")
        self.names = [self._string(self.sections[shstrndx], s[0]) for s in self.sections]

    def _string(self, table, offset):
        start = table[4] + offset
        end = self.data.find(b"\0", start, table[4] + table[5])
        if start >= len(self.data) or end < 0:
            raise BadObject("a name lies outside its string table")
        return self.data[start:end].decode("utf-8", "replace")

    def bytes_of(self, index):
        s = self.sections[index]
        return self.data[s[4]:s[4] + s[5]]

    def symbols(self):
        """(name, binding, type, section index) of every symbol."""
        found = []
        for s in self.sections:
            if s[1] != SHT_SYMTAB:
                continue
            if s[9] != 24 or s[6] >= len(self.sections):
                raise BadObject("a malformed symbol table")
            strings = self.sections[s[6]]
            table = self.data[s[4]:s[4] + s[5]]
            for off in range(24, len(table) - 23, 24):      # entry 0 is the null symbol
                name, info, _, shndx = struct.unpack_from("<IBBH", table, off)
                found.append((self._string(strings, name), info >> 4, info & 0xf, shndx))
        return found


def globals_of(obj):
    """(defined, referenced) global and weak names of an Object."""
    defined, referenced = set(), set()
    for name, binding, _, shndx in obj.symbols():
        if binding != STB_LOCAL:
            (referenced if shndx == SHN_UNDEF else defined).add(name)
    return defined, referenced


def check(name, data, may_define, may_use):
    """Why the student's object (data, the bytes of file name) is refused, or None."""
    try:
        obj = Object(data)
        symbols = obj.symbols()
    except (BadObject, struct.error) as e:
        return f"{name} refused: its object file is malformed ({e})"
    for index, (section, header) in enumerate(zip(obj.names, obj.sections)):
        if section.startswith(FORBIDDEN_SECTIONS) or header[1] in FORBIDDEN_TYPES:
            return (f"{name} refused: it has a constructor or destructor (section "
                    f"{section or FORBIDDEN_TYPES[header[1]]}), code that would run outside "
                    "the tests")
        if header[2] & SHF_EXECINSTR:
            code = obj.bytes_of(index)
            for pattern, what in SYSTEM_CALLS.items():
                if pattern in code:
                    return (f"{name} refused: its code holds the bytes of a system call "
                            f"({what}, {pattern.hex(' ')}, in {section} at offset "
                            f"{code.find(pattern):#x}): it may not call the host system")
    for symbol, binding, kind, shndx in symbols:
        if binding == STB_LOCAL:
            if kind not in (STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE):
                return f"{name} refused: {symbol or '(unnamed)'} is a symbol of an unusual kind"
            continue
        weak = "a weak " if binding == STB_WEAK else ""
        if binding not in (STB_GLOBAL, STB_WEAK):
            return f"{name} refused: {symbol} has an unusual binding ({binding})"
        if shndx == SHN_UNDEF:
            if symbol not in may_use:
                return (f"{name} refused: it uses {weak}{symbol}, outside the kernel's own "
                        "API for this lab")
        elif symbol not in may_define or kind not in (STT_NOTYPE, STT_OBJECT, STT_FUNC):
            return (f"{name} refused: it defines {weak}{symbol}, which is not one of the "
                    "lab's own functions (make a helper static)")
        elif shndx >= SHN_LORESERVE and shndx != 0xfff2:     # absolute and the like
            return f"{name} refused: {symbol} is defined outside any section"
    return None
