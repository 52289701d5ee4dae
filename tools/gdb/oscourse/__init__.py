"""The course's GDB commands, one module per subject (as Linux's scripts/gdb).

target     reading the machine: physical memory, registers GDB does not show
vga        the text screen
idt        the interrupt descriptor table
gdt        the GDT and the TSS
paging     page-table walk and dump
frames     the interrupt frame, and the unwinder behind `bt` through interrupts
pic        the 8259 PICs
multiboot  the Multiboot2 boot information
"""
import gdb


class OsCourse(gdb.Command):
    """The course's commands for looking at the machine.

vga        the 25 text rows of the screen (vga /a: attributes, vga /c: colours)
idt [N]    the IDT's present gates, or gate N
gdt        the GDT's descriptors
tss        the TSS: RSP0 and the IST stacks
pagewalk ADDR  the four-level walk of a virtual address from CR3
ptdump     the mapped ranges of the current page tables
intframe [ADDR]  the interrupt frame of the handler being run
pic        the masks and state of the two 8259 PICs
multiboot [ADDR] the Multiboot2 boot information tags
bt         goes on through an interrupt into the interrupted code"""

    def __init__(self):
        super().__init__("os-course", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        print(self.__doc__)


def register():
    from . import frames, gdt, idt, multiboot, paging, pic, vga
    OsCourse()
    for module in (vga, idt, gdt, paging, frames, pic, multiboot):
        module.register()
