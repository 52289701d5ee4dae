"""A GRUB boot that cannot start the kernel is a boot error, never a pass.

tests/runner/check_broken_boot.sh runs this with the build directory. Most
test kernels boot directly (QEMU's -kernel, through the PVH note), so only
the boot-path tests still go through GRUB and the Multiboot2 header. This
check breaks each of those two on purpose, in scratch copies, and boots
each once through GRUB from the CD-ROM under SeaBIOS:

* ``grub.cfg``: the build's own GRUB configuration
  (BUILD/grub/grub.isodir/boot/grub/grub.cfg) with the kernel's path
  changed to a file that is not on the image. GRUB says "file ... not
  found", then "you need to load the kernel first".
* the Multiboot2 header: a copy of the runner's hang kernel whose header
  checksum is off by one (GRUB only accepts a header whose magic, fields
  and checksum add up to zero), wrapped in an ISO by tools/make_iso.sh.
  GRUB says "no multiboot header found". ``grub-file`` must agree that the
  copy is no longer a Multiboot2 kernel, and that the original is.

The spec is the trap a wrong runner would fall into: ``expect running``
with no steps, so a boot that the runner does not see fail would reach its
time limit and *pass*. Only the verdict ``boot-error``, with GRUB's own
message for this fault as the reason, passes the check.
"""

import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402

KERNEL = "hang"         # tests/runner/hang.c: it would run forever if booted
# A wrong runner passes this spec at the time limit: see the docstring.
SPEC = "boot cdrom\nexpect running\ntimeout 20\n"
GRUB_KERNEL_PATH = "/boot/kernel.elf"
MISSING_PATH = "/boot/missing.elf"

# The Multiboot2 header (Multiboot2 specification, 3.1.1): magic,
# architecture, header length, checksum; 8-byte aligned, in the first
# 32 KiB of the file.
MB2_MAGIC = 0xE85250D6
MB2_SEARCH = 32768
MB2_ALIGN = 8


def multiboot2_header(data):
    """The file offset of the first valid Multiboot2 header in data, or None."""
    for offset in range(0, min(len(data), MB2_SEARCH) - 16, MB2_ALIGN):
        magic, arch, length, checksum = struct.unpack_from("<IIII", data, offset)
        if magic == MB2_MAGIC and (magic + arch + length + checksum) & 0xFFFFFFFF == 0:
            return offset
    return None


def break_header(elf, copy):
    """Write to copy the ELF file elf with its header checksum off by one."""
    data = bytearray(elf.read_bytes())
    offset = multiboot2_header(data)
    if offset is None:
        raise RuntimeError(f"{elf}: no valid Multiboot2 header in its first {MB2_SEARCH} bytes")
    checksum = struct.unpack_from("<I", data, offset + 12)[0]
    struct.pack_into("<I", data, offset + 12, (checksum + 1) & 0xFFFFFFFF)
    copy.write_bytes(data)


def is_multiboot2(elf):
    """What grub-file says: is elf a Multiboot2 kernel?"""
    return subprocess.run(["grub-file", "--is-x86-multiboot2", str(elf)]).returncode == 0


def iso_with_broken_config(build, tmp):
    """A copy of the kernel's ISO whose grub.cfg names a missing kernel file."""
    config = (build / "grub" / "grub.isodir" / "boot" / "grub" / "grub.cfg").read_text()
    if f"multiboot2 {GRUB_KERNEL_PATH}" not in config:
        raise RuntimeError(f"the build's grub.cfg has no 'multiboot2 {GRUB_KERNEL_PATH}' line")
    broken = tmp / "grub.cfg"
    broken.write_text(config.replace(GRUB_KERNEL_PATH, MISSING_PATH))
    iso = tmp / "broken_config.iso"
    shutil.copyfile(build / "runner" / f"{KERNEL}.iso", iso)
    # A new session on the copy, as tools/make_iso.sh adds the kernel: GRUB
    # reads the newest one, so it finds this grub.cfg in place of its own.
    subprocess.run(["xorriso", "-dev", str(iso), "-boot_image", "any", "keep",
                    "-map", str(broken), "/boot/grub/grub.cfg", "-commit"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return iso


def iso_with_broken_header(build, tmp):
    """A GRUB ISO of the kernel whose Multiboot2 header checksum is wrong."""
    elf = build / "runner" / f"{KERNEL}.elf"
    broken = tmp / "broken_header.elf"
    break_header(elf, broken)
    if not is_multiboot2(elf) or is_multiboot2(broken):
        raise RuntimeError("grub-file does not see the header as broken: "
                           f"original {is_multiboot2(elf)}, copy {is_multiboot2(broken)}")
    iso = tmp / "broken_header.iso"
    subprocess.run(["sh", str(ROOT / "tools" / "make_iso.sh"), str(broken), str(iso),
                    str(build / "grub" / "grub.iso")], check=True)
    return iso


def check(name, iso, grub_says, problems):
    """Boot iso once; add to problems unless GRUB's message is the boot error."""
    result = runner.boot(iso, runner.parse_spec(SPEC, name=KERNEL))
    print(runner.report(result, name))
    if result.verdict != "boot-error":
        problems.append(f"{name}: verdict {result.verdict}, not boot-error ({result.reason})")
    elif grub_says not in result.reason:
        problems.append(f"{name}: a boot error, but not GRUB's {grub_says!r}: {result.reason}")


def main(build):
    build = Path(build).resolve()
    problems = []
    with tempfile.TemporaryDirectory(prefix="check-broken-boot-") as tmp:
        tmp = Path(tmp)
        check("broken grub.cfg", iso_with_broken_config(build, tmp),
              f"file `{MISSING_PATH}' not found", problems)
        check("broken Multiboot2 header", iso_with_broken_header(build, tmp),
              "no multiboot header found", problems)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("a broken grub.cfg and a broken Multiboot2 header are each a boot error")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/gcc"))
