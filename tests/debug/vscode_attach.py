"""The editor's debugger, as VS Code drives it: .vscode/launch.json's
configuration for lesson 02, run through GDB's machine interface.

It sends what VS Code's C/C++ extension sends, read from launch.json and
tasks.json (the preLaunchTask, the setupCommands, -file-exec-and-symbols,
-target-select remote, postRemoteConnectCommands, a margin breakpoint,
-exec-continue), and checks where GDB stops and what it shows.

usage: vscode_attach.py BUILD_DIR      (exit 0: passed)
"""
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_session import ROOT, free_port, lesson_dirs, qemus_on  # noqa: E402

LESSON = "02-minimal-kernel"
WAIT = 60          # seconds for one answer: generous, so load cannot change the verdict
READY = "waiting for a debugger"    # the task's endsPattern: QEMU is listening


class Failed(Exception):
    """A check failed; the message says which."""


def load(name):
    with open(os.path.join(ROOT, ".vscode", name), encoding="utf-8") as f:
        return json.load(f)


def expand(text, build):
    """VS Code's ${workspaceFolder}, and this run's build directory."""
    text = text.replace("${workspaceFolder}/build/gcc", os.path.abspath(build))
    return text.replace("${workspaceFolder}", ROOT)


def check_files():
    """Every lesson has a configuration whose task exists; return lesson 02's and its task."""
    configs = {c["name"]: c for c in load("launch.json")["configurations"]}
    tasks = {t["label"]: t for t in load("tasks.json")["tasks"]}
    for lesson in lesson_dirs():
        config = configs.get(f"Debug lesson {lesson}")
        if config is None:
            raise Failed(f".vscode/launch.json has no configuration 'Debug lesson {lesson}'")
        if config.get("preLaunchTask") not in tasks:
            raise Failed(f"launch.json: the preLaunchTask of lesson {lesson} is not in tasks.json")
        if not config["program"].endswith(f"/{lesson}/kernel.elf"):
            raise Failed(f"launch.json: lesson {lesson}'s program is {config['program']}")
    for label in ("build", "run", "test lesson", "test everything", "grade"):
        if label not in tasks:
            raise Failed(f".vscode/tasks.json has no task '{label}'")
    config = configs[f"Debug lesson {LESSON}"]
    return config, tasks[config["preLaunchTask"]]


class MI:
    """gdb --interpreter=mi: commands with a token, answers read by a thread."""

    def __init__(self, args):
        self.proc = subprocess.Popen(["gdb", "--interpreter=mi"] + args, cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.lines = queue.Queue()
        self.log = []
        self.token = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, what):
        try:
            line = self.lines.get(timeout=WAIT)
        except queue.Empty:
            raise Failed(f"GDB said nothing for {WAIT} s while waiting for {what}")
        if line is None:
            raise Failed(f"GDB ended while waiting for {what}")
        self.log.append(line)
        return line

    def command(self, text, ok=("^done",)):
        """Send one MI command; return its result record (and console output)."""
        self.token += 1
        self.proc.stdin.write(f"{self.token}{text}\n")
        self.proc.stdin.flush()
        console = []
        while True:
            line = self.next_line(text)
            if line.startswith('~"'):
                console.append(json.loads(line[1:]))
            if line.startswith(f"{self.token}^"):
                if not line[len(str(self.token)):].startswith(ok):
                    raise Failed(f"{text}: GDB answered {line}")
                return line, "".join(console)

    def console(self, text):
        """A CLI command, as VS Code sends setupCommands and the debug console's input."""
        return self.command("-interpreter-exec console " + json.dumps(text))

    def stopped(self, what):
        """Wait for the next *stopped record."""
        while True:
            line = self.next_line(what)
            if line.startswith("*stopped"):
                return line


def attach(build):
    config, task = check_files()
    port = str(free_port())
    program = expand(config["program"], build)
    if not os.path.isfile(program):
        raise Failed(f"kernel not built: {program}")
    # The task's command, on a free port (and with this build's compiler).
    command = task["command"].replace(config["miDebuggerServerAddress"].split(":")[1], port)
    if os.path.basename(os.path.abspath(build)) == "clang":
        command += " CC=clang"
    qemu = subprocess.Popen(["sh", "-c", command], cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    mi = None
    try:
        task_output = []
        for line in qemu.stdout:
            task_output.append(line)
            if READY in line:
                break
        else:
            raise Failed("the task ended before QEMU waited for a debugger:\n"
                         + "".join(task_output[-15:]))
        mi = MI(config.get("miDebuggerArgs", "").split())
        for setup in config.get("setupCommands", []):
            mi.console(expand(setup["text"], build))
        mi.command(f"-file-exec-and-symbols {program}")
        address = config["miDebuggerServerAddress"].rsplit(":", 1)[0] + ":" + port
        mi.command(f"-target-select remote {address}", ok=("^connected", "^done"))
        for post in config.get("postRemoteConnectCommands", []):
            mi.console(expand(post["text"], build))
        # A breakpoint set in the editor's margin: -break-insert FILE:LINE, on
        # kernel_main's second statement. (On its first, clang's kernel_main
        # breakpoint and the margin's are one stop: clang puts the end of the
        # prologue on the first statement's line.)
        main_c = os.path.join("lessons", LESSON, "main.c")
        margin = 'serial_write_string("lesson 02: kernel_main ran\\n");'
        with open(os.path.join(ROOT, main_c), encoding="utf-8") as f:
            line = 1 + [i for i, text in enumerate(f) if text.strip() == margin][0]
        mi.command(f"-break-insert -f {main_c}:{line}")
        mi.command("-exec-continue", ok=("^running",))
        stop = mi.stopped("the stop at kernel_main")
        # Breakpoint 1 is the postRemoteConnectCommands' hbreak (the margin's is 2).
        if 'reason="breakpoint-hit"' not in stop or 'bkptno="1"' not in stop \
                or 'func="kernel_main"' not in stop or f'line="{line}"' in stop:
            raise Failed(f"the first stop is not the hbreak at kernel_main: {stop}")
        _, value = mi.command("-data-evaluate-expression magic")
        if 'value="920085129"' not in value and 'value="920085129"' not in _:
            raise Failed(f"magic is not the Multiboot2 magic: {_}")
        mi.command("-exec-continue", ok=("^running",))
        stop = mi.stopped(f"the stop at {main_c}:{line}")
        if f'line="{line}"' not in stop:
            raise Failed(f"the second stop is not the margin breakpoint at line {line}: {stop}")
        frames, _ = mi.command("-stack-list-frames")
        if 'func="kernel_main"' not in frames:
            raise Failed(f"the call stack has no kernel_main: {frames}")
        _, text = mi.console("multiboot")
        if not re.search(r'boot loader name +\d+ bytes +"GRUB', text):
            raise Failed(f"the course's multiboot command printed:\n{text}")
        mi.command("-gdb-exit", ok=("^exit",))
        mi.proc.wait(timeout=WAIT)
        print(f"{config['name']}: stopped at kernel_main (magic 0x36d76289), then at "
              f"{main_c}:{line}; bt and the course's commands work")
    finally:
        if mi:
            mi.proc.kill()
        # The task ends as VS Code ends it; tools/qemu_debug.sh then stops QEMU.
        os.killpg(qemu.pid, signal.SIGTERM)
        qemu.wait()
    # QEMU takes a moment to exit after tools/qemu_debug.sh's kill.
    deadline = time.monotonic() + WAIT
    while qemus_on(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    if qemus_on(port):
        raise Failed(f"QEMU (port {port}) still runs after the task was stopped")
    return mi


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1])
        return 2
    try:
        attach(argv[1])
    except Failed as e:
        print(f"FAILED: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
