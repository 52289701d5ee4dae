"""GDB commands that speak the course: load with `source tools/gdb/os_course.py`.

tools/qemu_debug.sh (make lesson N debug) sources this file. It adds the
commands vga, idt, gdt, tss, pagewalk, ptdump, intframe, pic and multiboot,
and an unwinder that lets `bt` continue through an interrupt. `help vga`
(and so on) explains each one; `help os-course` lists them.
"""
import os
import sys


# Nothing is written into the source tree (the build writes only under
# build/): no __pycache__ beside these files.
sys.dont_write_bytecode = True
_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import oscourse  # noqa: E402  (the path above must come first)

oscourse.register()
