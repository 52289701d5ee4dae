"""boot32.asm's boot error reaches serial whatever state the UART was left in.

tests/runner/check_boot_error_uart.sh runs this with the build directory.
Before any C code runs, ``boot_error`` (common/boot/boot32.asm) is the only
way the kernel can say why it stops, on the screen and on COM1. QEMU's UART
sends whatever is written to its data port as long as the line control
register's DLAB bit is clear, which it is after a reset: so on a plain boot
a boot_error that never programs the UART looks fine. A real PC's firmware
or boot loader may leave the UART in any state. This check leaves it with
the divisor latch selected, through an option ROM that SeaBIOS runs before
it starts the kernel (tests/runner/dlab_rom.asm): bytes written to the data
port then set the divisor instead of going out. It boots the runner's hang
kernel directly on a CPU without long mode (as tests/runner/no_long_mode.test
does), so boot32.asm stops with its message, and passes only if that message
is on serial. A boot_error without the UART set-up (review S16) prints
nothing there.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402

KERNEL = "hang"         # tests/runner/hang.c: boot32.asm stops it first
SPEC = "cpu qemu32\nverdict boot-error\ntimeout 10\n"
MESSAGE = "boot error: this CPU has no 64-bit long mode"
ROM_BLOCK = 512


def build_rom(tmp):
    """Assemble tests/runner/dlab_rom.asm and set its checksum byte."""
    rom = tmp / "dlab.rom"
    subprocess.run(["nasm", "-f", "bin", "-o", str(rom), str(Path(__file__).with_name("dlab_rom.asm"))],
                   check=True)
    data = bytearray(rom.read_bytes())
    if len(data) != ROM_BLOCK or data[:2] != b"\x55\xaa":
        raise RuntimeError(f"{rom}: not a one-block option ROM ({len(data)} bytes)")
    data[-1] = -sum(data[:-1]) & 0xFF
    rom.write_bytes(data)
    return rom


def main(build):
    iso = Path(build).resolve() / "runner" / f"{KERNEL}.iso"
    with tempfile.TemporaryDirectory(prefix="check-boot-error-uart-") as tmp:
        rom = build_rom(Path(tmp))
        result = runner.boot(iso, runner.parse_spec(SPEC, name=KERNEL),
                             extra_args=["-option-rom", str(rom)])
    print(runner.report(result, "boot error, UART left with DLAB set"))
    if result.verdict != "boot-error":
        print(f"verdict {result.verdict}, not boot-error: {result.reason}")
        return 1
    if MESSAGE not in result.serial:
        print(f"the screen has the boot error, serial does not ({MESSAGE!r}): "
              "boot_error sent its bytes without programming COM1")
        return 1
    print("the boot error reaches serial with the UART's divisor latch left selected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
