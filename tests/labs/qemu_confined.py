#!/usr/bin/env python3
"""The grader boots a student's kernel with QEMU inside the sandbox.

tools/grade.py hands the runner QEMU's sandbox as an argument (Setup.confine,
made by grader.runs.qemu_sandbox), not through a global of the runner's. A
boot that lost it would still pass, with QEMU outside the sandbox, so this
checks the hand-over itself: it grades lesson 02's hello test as a lab's boot
test is graded (grader.boot_labs.boot_image), with a confine that notes each
command it is given before passing it to the real one, and wants the boot
both wrapped and passed.
usage: tests/labs/qemu_confined.py [BUILD_DIR]   (exit 0: passed, 77: cannot run here)
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import runner  # noqa: E402
import sandbox  # noqa: E402
from grader.boot_labs import boot_image  # noqa: E402
from grader.runs import Setup, own_uid, qemu_sandbox  # noqa: E402

SPEC = ROOT / "lessons" / "02-minimal-kernel" / "tests" / "hello.test"


def main():
    build = ROOT / (sys.argv[1] if len(sys.argv) > 1 else "build/gcc")
    spec = runner.load_spec(SPEC)
    iso = build / "02-minimal-kernel" / f"{spec.image_name()}.iso"
    if not iso.is_file():
        print(f"skip: {iso} is not built")
        return 77
    problem = sandbox.available()
    if problem:
        print(f"skip: the sandbox cannot run here: {problem}")
        return 77
    setup = Setup(ROOT, build, "cc", 1)
    own_uid(setup)      # QEMU's id in the setpriv mode, as tools/grade.py sets it
    real, wrapped = qemu_sandbox(setup), []

    def confine(command, workdir, image):
        wrapped.append(Path(command[0]).name)
        return real(command, workdir, image)

    setup.confine = confine
    lab = SimpleNamespace(id="2.0", lesson="02-minimal-kernel")    # what a reason names
    # A copy QEMU's user may read: the setpriv mode closes the course tree
    # to others while it grades (grade.py boots images of the graded tree).
    with tempfile.TemporaryDirectory(prefix="qemu-confined-") as scratch:
        os.chmod(scratch, 0o755)
        for image in (iso, iso.with_suffix(".elf")):
            shutil.copy(image, scratch)
        why = boot_image(lab, "hello", spec, Path(scratch) / iso.name, setup, False)
    if why is not None or wrapped != ["qemu-system-x86_64"]:
        print(f"FAIL: the boot's reason {why!r}; commands given to the sandbox: {wrapped} "
              "(expected exactly the one QEMU)")
        return 1
    print("ok    a graded boot started QEMU through the sandbox, and passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
