#!/usr/bin/env python3
"""Boot one kernel image in QEMU, headless, and print exactly one verdict.

The command line of the test runner, whose code is the package
``tools/runner/`` (start reading at its ``__init__.py``)::

    python3 tools/qemu_runner.py build/gcc/02-minimal-kernel/kernel.iso --screen
    python3 tools/qemu_runner.py ISO --spec lessons/02-minimal-kernel/tests/hello.test
"""

import sys
from pathlib import Path

# Import the package from beside this file, without leaving a __pycache__
# directory in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from runner.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
