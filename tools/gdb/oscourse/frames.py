"""`intframe` and the unwinder that makes `bt` go through an interrupt.

Lesson 05's stubs leave a struct interrupt_frame on the stack and call
interrupt_dispatch() with RSP pointing at it; NASM emits no call frame
information, so GDB alone stops the backtrace there. The first unwinder
reads the frame at the one place it is complete, the return address after
`call interrupt_dispatch` (why not CFI in the stub: book/gdb.md, "idt,
intframe and bt").

After a switch to an IST stack that lies above the interrupted one (#DF in
lesson 06), GDB would stop with "previous frame inner to this frame": it
insists that a caller's frame address is higher than its callee's, and no
setting turns that off. So InterruptedStackUnwinder takes over every frame
of the interrupted stack: it follows the saved frame pointers ([RBP] the
caller's RBP, [RBP+8] its return address; the kernel keeps them) and shifts
each frame's identity above the IST stack, so the addresses GDB compares
keep rising. Its limits: a function interrupted before `push rbp; mov rbp,
rsp` unwinds wrongly, and a caller's variables outside RIP, RSP and RBP
show as <optimized out>. It stops where RBP is 0 (long_mode_start zeroes
it), leaving that frame to long_mode_start's own CFI.
"""
import gdb
import gdb.unwinder

from . import idt, target

STUB_ENTRY = "interrupt_common"
DISPATCH = "interrupt_dispatch"
# struct interrupt_frame (interrupts.h), in the order the stub pushes it.
FRAME_FIELDS = ("r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8", "rbp", "rdi", "rsi",
                "rdx", "rcx", "rbx", "rax", "vector", "error_code", "rip", "cs", "rflags",
                "rsp", "ss")
FRAME_SIZE = 8 * len(FRAME_FIELDS)
RFLAGS_BITS = ((0, "CF"), (2, "PF"), (4, "AF"), (6, "ZF"), (7, "SF"), (8, "TF"), (9, "IF"),
               (10, "DF"), (11, "OF"), (14, "NT"), (16, "RF"), (17, "VM"), (18, "AC"),
               (21, "ID"))
SELECTOR_ERRORS = (10, 11, 12, 13, 17)    # #TS #NP #SS #GP, and #AC's 0


def _return_addresses():
    """The addresses in interrupt_common right after `call interrupt_dispatch`:
    the pc that frame has while a handler runs. Found by disassembling the
    stub once per kernel (it is the same in every lesson from 05 on)."""
    start = target.symbol_address(STUB_ENTRY)
    if start is None:
        return None
    arch = gdb.selected_inferior().architecture()
    found = set()
    for insn in arch.disassemble(start, start + 128):
        if insn["asm"].startswith("call") and DISPATCH in insn["asm"]:
            found.add(insn["addr"] + insn["length"])
    return start, found


class Stub:
    """What the unwinders and intframe share of this kernel's entry stub:
    where it is, per kernel file, and the stack switch found in the
    backtrace being unwound (``switch``: the level of interrupt_common's
    frame and the shift for the frames' identities; GDB unwinds from frame
    0 outwards after every stop, so frame 0 resets it)."""

    def __init__(self):
        self.known = {}
        self.switch = {}

    def addresses(self):
        """(start of interrupt_common, {return addresses}) for this kernel, or None."""
        objfile = gdb.current_progspace().filename
        if objfile not in self.known:
            try:
                stub = _return_addresses()
            except gdb.error:
                return None
            # Before GRUB has loaded the kernel, memory holds no stub: ask again later.
            if stub is not None and not stub[1]:
                return stub
            self.known[objfile] = stub
        return self.known[objfile]


def read_frame(address):
    """struct interrupt_frame at ADDRESS as a dict."""
    return dict(zip(FRAME_FIELDS, target.u64s(target.read_virtual(address, FRAME_SIZE))))


def find_frame(stub):
    """The address of the interrupt frame of the innermost handler in the backtrace."""
    where = stub.addresses()
    if where is None:
        raise target.Unavailable("this kernel has no interrupt entry stubs (%s): "
                                 "lesson 05 adds them" % STUB_ENTRY)
    frame = gdb.selected_frame()
    while frame is not None:
        if frame.pc() in where[1]:
            return int(frame.read_register("rsp"))
        frame = frame.older()
    raise gdb.GdbError("intframe: not inside an interrupt handler (no %s frame in the "
                       "backtrace). Stop in one first, e.g. hbreak exception_breakpoint, "
                       "or give the frame's address: intframe ADDRESS" % STUB_ENTRY)


class InterruptUnwinder(gdb.unwinder.Unwinder):
    """Unwinds interrupt_common's frame: the caller's registers are the saved
    ones in struct interrupt_frame, which starts at this frame's RSP."""

    def __init__(self, stub):
        super().__init__("os-course-interrupt-frame")
        self.stub = stub

    def __call__(self, pending_frame):
        if pending_frame.level() == 0:
            self.stub.switch.clear()
        where = self.stub.addresses()
        if where is None:
            return None
        pc = int(pending_frame.read_register("rip"))
        if pc not in where[1]:
            return None
        sp = int(pending_frame.read_register("rsp"))
        saved = read_frame(sp)
        if saved["rsp"] < sp:
            # The interrupted code ran on a lower stack: an IST switch.
            # Its frames get identities from here up (see the module's comment).
            self.stub.switch.update(shift=sp + FRAME_SIZE - saved["rsp"],
                                    level=pending_frame.level())
        # The frame's identity: its stack address (the end of the CPU's part
        # of the frame) and the function.
        # Values of the registers' sizes: GDB checks the size, not the type.
        u64 = gdb.lookup_type("unsigned long")
        u32 = gdb.lookup_type("unsigned int")
        info = pending_frame.create_unwind_info(
            FrameId(gdb.Value(sp + FRAME_SIZE).cast(u64), gdb.Value(where[0]).cast(u64)))
        for name in ("rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi",
                     "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"):
            info.add_saved_register(name, gdb.Value(saved[name]).cast(u64))
        info.add_saved_register("eflags", gdb.Value(saved["rflags"]).cast(u32))
        return info


class InterruptedStackUnwinder(gdb.unwinder.Unwinder):
    """Unwinds the frames of the stack an interrupt left when the CPU
    switched to a higher IST stack, through the frame pointer chain."""

    def __init__(self, stub):
        super().__init__("os-course-interrupted-stack")
        self.switch = stub.switch

    def __call__(self, pending_frame):
        level = pending_frame.level()
        if level == 0:
            self.switch.clear()
            return None
        if "shift" not in self.switch or level <= self.switch["level"]:
            return None
        rbp = int(pending_frame.read_register("rbp"))
        if rbp == 0:    # long_mode_start: GDB's CFI says it is the outermost frame
            return None
        saved_rbp, return_address = target.u64s(target.read_virtual(rbp, 16))
        u64 = gdb.lookup_type("unsigned long")
        cfa = rbp + 16
        info = pending_frame.create_unwind_info(FrameId(
            gdb.Value(cfa + self.switch["shift"]).cast(u64),
            gdb.Value(int(pending_frame.read_register("rip"))).cast(u64)))
        info.add_saved_register("rip", gdb.Value(return_address).cast(u64))
        info.add_saved_register("rsp", gdb.Value(cfa).cast(u64))
        info.add_saved_register("rbp", gdb.Value(saved_rbp).cast(u64))
        return info


class FrameId:
    """A frame's identity as the unwinder API wants it: any object with sp
    and pc attributes. GDB 13 wants them as gdb.Value (GDB 14 and later
    also take ints, and offer gdb.unwinder.FrameId, which 13 lacks)."""

    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


def decode_rflags(value):
    names = [name for bit, name in RFLAGS_BITS if value >> bit & 1]
    return "[ %s ] IOPL %d" % (" ".join(names) or "-", value >> 12 & 3)


def decode_error_code(vector, code):
    if vector == 14:
        bits = ["present" if code & 1 else "not present", "write" if code & 2 else "read",
                "user" if code & 4 else "kernel"]
        for bit, name in ((3, "reserved bit"), (4, "instruction fetch"), (5, "protection key"),
                          (6, "shadow stack"), (15, "SGX")):
            if code >> bit & 1:
                bits.append(name)
        return ", ".join(bits)
    if vector in SELECTOR_ERRORS and code:
        table = ("GDT", "IDT", "LDT", "IDT")[code >> 1 & 3]
        return "%s index %d (selector 0x%x)%s" % (table, code >> 3, code & ~7,
                                                  ", external event" if code & 1 else "")
    return ""


class IntFrame(gdb.Command):
    """Show the interrupt frame of the handler being run.

Usage: intframe [ADDRESS]

Stop inside a handler (e.g. hbreak exception_breakpoint on lesson 05), and
intframe finds the struct interrupt_frame that the entry stub built: the
vector and its name, the error code decoded (for #PF also CR2, the address
that faulted), and the interrupted code's RIP with its symbol, CS, RFLAGS
decoded, RSP and SS. ADDRESS: decode the frame at that address instead."""

    def __init__(self, stub):
        super().__init__("intframe", gdb.COMMAND_STACK)
        self.stub = stub

    def invoke(self, argument, from_tty):
        if argument.strip():
            address = target.parse_address(argument, "intframe")
        else:
            address = find_frame(self.stub)
        f = read_frame(address)
        vector = f["vector"]
        if vector > 255:
            raise gdb.GdbError("intframe: 0x%x is not an interrupt frame (vector %d)"
                               % (address, vector))
        print("interrupt frame at 0x%x" % address)
        print("vector  %d %s" % (vector, idt.vector_name(vector)))
        decoded = decode_error_code(vector, f["error_code"])
        print("error   0x%x%s" % (f["error_code"], " (%s)" % decoded if decoded else ""))
        if vector == 14:
            print("CR2     0x%x (the address that faulted)" % target.register("cr2"))
        print("RIP     0x%016x%s" % (f["rip"], target.describe(f["rip"])))
        print("CS      0x%x (ring %d)" % (f["cs"], f["cs"] & 3))
        print("RFLAGS  0x%x %s" % (f["rflags"], decode_rflags(f["rflags"])))
        print("RSP     0x%016x" % f["rsp"])
        print("SS      0x%x" % f["ss"])


def register():
    stub = Stub()
    IntFrame(stub)
    # Each registration goes first in GDB's list: the interrupt frame's
    # unwinder is asked before the other (an interrupt inside an interrupt).
    gdb.unwinder.register_unwinder(None, InterruptedStackUnwinder(stub), replace=True)
    gdb.unwinder.register_unwinder(None, InterruptUnwinder(stub), replace=True)
