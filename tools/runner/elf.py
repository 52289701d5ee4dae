"""The kernel's ELF file, as the host reads it: functions and code bytes.

The host checks what a kernel prints about its own code (a backtrace's
return addresses) against the image it booted, without trusting the
kernel: which function holds an address (the symbol table), and which
bytes sit at an address (the loaded segments). It also names the code at
an address for reports (:meth:`Elf.describe`), assembly labels included.
"""

import struct
from pathlib import Path


class ElfError(Exception):
    """The file is not a 64-bit little-endian ELF file, or lacks what we need."""


class Elf:
    """A 64-bit little-endian ELF file, read once."""

    def __init__(self, path):
        try:
            self.data = Path(path).read_bytes()
        except OSError as e:
            raise ElfError(f"cannot read {path}: {e.strerror}") from e
        self.path = path
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            raise ElfError(f"{path} is not a 64-bit little-endian ELF file")
        phoff, shoff = struct.unpack_from("<QQ", d, 0x20)
        phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", d, 0x36)
        # Loaded segments: (virtual address, file offset, size in the file).
        self.segments = []
        for i in range(phnum):
            p_type, _, offset, vaddr, _, filesz = struct.unpack_from(
                "<IIQQQQ", d, phoff + i * phentsize)
            if p_type == 1:                      # PT_LOAD
                self.segments.append((vaddr, offset, filesz))
        # Functions: (start, size, name), from the symbol table; every
        # symbol by name: (value, size); and the symbols in code sections
        # (functions and assembly labels): (start, size, name, section end).
        self.functions = []
        self.symbols = {}
        self.code_symbols = []
        sections = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize)
                    for i in range(shnum)]
        for _, sh_type, _, _, off, size, link, _, _, entsize in sections:
            if sh_type != 2 or not entsize:     # SHT_SYMTAB
                continue
            strings = sections[link][4]
            for j in range(size // entsize):
                st_name, info, _, shndx, value, st_size = struct.unpack_from(
                    "<IBBHQQ", d, off + j * entsize)
                end = d.find(b"\0", strings + st_name)
                name = d[strings + st_name:end].decode(errors="replace")
                self.symbols.setdefault(name, (value, st_size))
                if info & 0xF == 2 and st_size:  # STT_FUNC
                    self.functions.append((value, st_size, name))
                # Labels, data and functions (not sections or files) defined
                # in a code section (SHF_EXECINSTR), not absolute constants.
                if info & 0xF in (0, 1, 2) and name and 0 < shndx < len(sections):
                    _, _, flags, sec_addr, _, sec_size, _, _, _, _ = sections[shndx]
                    if flags & 0x4:
                        self.code_symbols.append((value, st_size, name, sec_addr + sec_size))
        self.code_symbols.sort()
        if not self.functions:
            raise ElfError(f"{path} has no function symbols")

    def function_at(self, address):
        """(name, offset) of the function that holds address, or None."""
        for start, size, name in self.functions:
            if start <= address < start + size:
                return name, address - start
        return None

    def describe(self, address):
        """'name+0xoff' for the code symbol that starts closest below address
        and holds it, or None. A symbol without a size (an assembly label)
        reaches up to the end of its section, so a closer one wins."""
        best = None
        for value, size, name, section_end in self.code_symbols:
            if value > address:
                break
            if (size == 0 and address < section_end) or address < value + size:
                best = (value, name)
        if best is None:
            return None
        offset = address - best[0]
        return best[1] + (f"+0x{offset:x}" if offset else "")

    def function(self, name):
        """The start address of the function called name, or None."""
        for start, _, fname in self.functions:
            if fname == name:
                return start
        return None

    def read(self, address, length):
        """The length bytes of the image at address, or None if it is not loaded."""
        for vaddr, offset, filesz in self.segments:
            if vaddr <= address and address + length <= vaddr + filesz:
                start = offset + address - vaddr
                return self.data[start:start + length]
        return None

    def called_at(self, return_address):
        """The target of the direct call (e8 rel32) that ends just before
        return_address, or None if no such call is there."""
        code = self.read(return_address - 5, 5)
        if code is None or code[0] != 0xE8:
            return None
        return (return_address + struct.unpack_from("<i", code, 1)[0]) & (1 << 64) - 1
