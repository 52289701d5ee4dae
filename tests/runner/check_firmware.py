"""Which PC BIOS a direct boot gets when its spec names none.

tests/runner/check_firmware.sh runs this. A spec that reads the screen or
injects NMIs needs SeaBIOS (qboot sets up neither the VGA text mode nor the
local APIC's virtual wire mode), and so does one that boots GRUB or UEFI
too; any other direct boot gets qboot, the faster. An explicit ``bios``
line wins, and the chosen BIOS is the one on QEMU's command line. Parsing
only: no boot.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402
from runner.qemu import QBOOT, qemu_command  # noqa: E402

HEAD = "kernel k\nexpect exit\n"
CASES = [   # (the spec's lines after HEAD, the BIOS it must get)
    ('serial "ok"\n', "qboot"),
    ('send-keys "\\n"\nserial "ok"\n', "qboot"),
    ('screen "ok"\n', "seabios"),
    ('screen-row 0 "ok"\n', "seabios"),
    ("screen-attr 0 0 0x1f\n", "seabios"),
    ("cursor 1 0\n", "seabios"),
    ("display\n", "seabios"),
    ("inject-nmi 2\n", "seabios"),
    ('inject-nmi 2 each "nmi"\n', "seabios"),
    ('bios seabios\nserial "ok"\n', "seabios"),
    ("bios qboot\ninject-nmi 2\n", "qboot"),
    ('boot cdrom\nserial "ok"\n', "seabios"),
    ('firmware bios uefi\nserial "ok"\n', "seabios"),
]


def main():
    problems = []
    for text, wanted in CASES:
        spec = runner.parse_spec(HEAD + text, name="k")
        command = qemu_command("k.iso", "serial.log", "qmp.sock", spec.firmware, (),
                               spec.boot_path(), spec.bios)
        on_command_line = "qboot" if QBOOT in command else "seabios"
        if (spec.bios, on_command_line) != (wanted, wanted):
            problems.append(f"{text!r}: bios {spec.bios}, QEMU gets {on_command_line}; "
                            f"wanted {wanted}")
    for problem in problems:
        print(problem)
    print(f"{len(CASES) - len(problems)} of {len(CASES)} specs get the BIOS they need")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
