"""What the host reads of the guest's own state, through the monitor.

A boot test that trusts only what the kernel prints can be fooled by a
kernel that prints the right words. The functions here look at the guest
from outside instead: QEMU's human monitor, reached through QMP's
``human-monitor-command``, walks the guest's page tables with the CPU's
current CR3 (``gva2gpa``), the way the MMU itself would.
"""

from .qmp import QMPError


def translate(qmp, address):
    """The physical address the guest's page tables map the virtual
    ``address`` to, or None when it is not mapped. The guest is paused
    meanwhile, so that its CR3 and tables cannot change under the walk."""
    qmp.execute("stop")
    try:
        out = str(qmp.execute("human-monitor-command",
                              {"command-line": f"gva2gpa {address:#x}"})).strip()
    finally:
        qmp.execute("cont")
    if out.startswith("Unmapped"):
        return None
    if out.startswith("gpa:"):
        try:
            return int(out.split(":", 1)[1], 16)
        except ValueError:
            pass
    raise QMPError(f"gva2gpa {address:#x}: unexpected answer {out!r}")
