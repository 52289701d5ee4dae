"""The test runner: boot one kernel image in QEMU, headless, and give one verdict.

This is the machinery behind ``make test``: ``tools/run_tests.py`` calls
:func:`run` for every boot test, ``tools/grade.py`` for every lab. By hand::

    python3 tools/qemu_runner.py build/gcc/02-minimal-kernel/kernel.iso --screen
    python3 tools/qemu_runner.py ISO --spec lessons/02-minimal-kernel/tests/hello.test

A boot test is a *spec*, a ``.test`` file listing what to wait for ("serial
shows X", "row 0 of the screen starts with Y", "type Z") and whether the
kernel should exit by itself or keep running. **The spec language is
described in one place: the book's instructor appendix**
(``book/instructor.md``, *Boot test specs*); :mod:`runner.spec` parses it.

The modules, in the order a boot uses them (each can be read alone):

``spec``         parse a ``.test`` file into a :class:`Spec` of :class:`Step` s
``spec_line``    one line of a spec: words, quoted strings, argument checks
``spec_steps``   :class:`Step`: a step directive, parsed
``session``      :class:`BootSession`: start QEMU, poll it, follow the steps
``qemu_process`` start QEMU for a session; kill it and keep what it showed
``steps``        meet one step of a spec: the table of step kinds
``qemu``         the QEMU command line of a test boot
``guest_clock``  a time limit in guest seconds: QEMU's instruction counting,
                 and a watchdog on that clock that pauses the guest at the limit
``pace``         when the session looks at QEMU next; waking when QEMU exits
``lifetime``     QEMU's file size limit, its death with the runner, the reaper
                 that removes a boot's files even after SIGKILL; STOP, which
                 stops every boot on Ctrl-C, SIGTERM or SIGHUP
``host_checks``  the steps the host checks itself: the display, page tables, IST
                 stacks, a painted stack's use, a backtrace against the ELF file
``guest``        read the guest's own state through the monitor (for host_checks)
``elf``          the kernel's ELF symbols and calls
``qmp``          a minimal client for QEMU's JSON control socket
``screen``       read and decode the VGA text screen (code page 437)
``display``      under UEFI: find the kernel's cells, draw them with the font,
                 compare them with a screendump of the real display
``keyboard``     type text on the guest's PS/2 keyboard
``serial``       follow the serial log; in-kernel test lines; ``panic:`` lines
``printable``    show a kernel's or a submission's text with its control characters escaped
``verdict``      judge the end of a boot; :class:`Result`; the text report
``explain``      :func:`run` = boot + explain a triple fault from QEMU's log
``cli``          the command line of ``tools/qemu_runner.py``

Verdicts (exactly one per run; see :mod:`runner.verdict`): ``passed``,
``failed``, ``triple-fault`` (QEMU exited with status 0 under
``-no-reboot``; a second boot with ``-d int`` shows the exception chain),
``hang`` (the time limit, in host or guest seconds), ``boot-error``
(QEMU, the firmware or GRUB could not start the kernel) and
``too-much-output`` (the serial output passed the runner's limit).

Only the Python standard library is used, so the runner works anywhere the
course does.
"""

from .explain import explain_interrupt_log, run
from .printable import capped, printable
from .qmp import QMPClient, QMPError
from .screen import decode_screen, read_screen, screen_text
from .serial import ktest_results, tail
from .lifetime import STOP, Interrupted
from .session import BootSession, boot
from .spec import Spec, Step, load_spec, parse_spec
from .spec_line import SpecError
from .verdict import VERDICTS, Result, report

__all__ = [
    "BootSession", "Interrupted", "QMPClient", "QMPError", "Result", "STOP", "Spec",
    "SpecError", "Step", "VERDICTS", "boot", "capped", "decode_screen", "explain_interrupt_log",
    "ktest_results", "load_spec", "parse_spec", "printable", "read_screen", "report", "run",
    "screen_text", "tail",
]
