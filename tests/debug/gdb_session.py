"""One scripted GDB session against a real lesson kernel, printed as a
transcript ("(gdb) COMMAND" and what GDB printed): the book's GDB outputs
are made by it, so tests/book/gdb_outputs.sh finds them stale when the
kernel or tools/gdb change. Its run_transcript() is the machinery of the
other debug tests too.

usage: gdb_session.py KERNEL.elf [@STOP...] COMMAND...

The kernel's .iso beside it boots paused, through GRUB as make lesson N debug
boots it; with BOOT=direct in the environment QEMU loads KERNEL.elf itself
(its PVH note), as make lesson N debug BOOT=direct does: about half the CPU
time of a session, for a session that looks at the kernel once it runs, not
at its way in. The @ arguments run first and are not shown (@, not --, which
an HTML comment must not hold). The session has a time limit
(GDB_TIME_LIMIT). Exit status 0 when GDB ran the commands.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ in tools/
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from course import ROOT, lesson_dirs  # noqa: E402,F401  (the debug tests import them from here)

ROOT = str(ROOT)
COMMANDS = os.path.join(ROOT, "tools", "gdb", "os_course.py")
GDB_TIME_LIMIT = 100    # seconds for one session (about 5 s each on an idle machine)
MARK = "@@@ "           # echoed before each command, to cut GDB's output
# GDB connects to the session's socket once QEMU has made it (run_transcript).
CONNECT = """python
try:
    gdb.execute("target remote %s")
except gdb.error as e:
    print("%s: " + str(e))
end
"""
SOCKET_WAIT = 60   # seconds QEMU may take to make its GDB socket (a busy machine)
NOT_CONNECTED = "gdb_session: no connection to QEMU"


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qemus_on(port):
    """Pids of the processes whose GDB stub is on port (from /proc: a bare
    Debian may have no pgrep)."""
    wanted = f"tcp:127.0.0.1:{port}".encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if wanted in f.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            pass
    return found


def run_transcript(build, lesson, stops, commands):
    """Boot LESSON, run the GDB commands; return ([(command, output)] in order,
    with ("", what GDB printed before the first command) first, serial log,
    problem)."""
    # "08-paging" is the lesson's kernel, "08-paging/page_faults" one of its
    # test kernels; "03-vga-text@uefi" boots under UEFI (OVMF) instead of BIOS
    # and GRUB, "05-exceptions@direct" without GRUB (QEMU's -kernel, SeaBIOS).
    lesson, _, boot = lesson.partition("@")
    directory, _, image = lesson.partition("/")
    elf = os.path.join(build, directory, (image or "kernel") + ".elf")
    iso = os.path.join(build, directory, (image or "kernel") + ".iso")
    for path in (elf,) if boot == "direct" else (elf, iso):
        if not os.path.isfile(path):
            return [("", "")], "", "image not built: %s" % path
    with tempfile.TemporaryDirectory() as work:
        serial = os.path.join(work, "serial.log")
        # The GDB stub listens on a socket file of this session's own: a TCP
        # port chosen free could be taken by a session beside it before its
        # QEMU binds it, and GDB would then debug the other session's kernel.
        stub = os.path.join(work, "gdb.sock")
        qemu_log = open(os.path.join(work, "qemu.log"), "w")
        # -nodefaults: no network card, whose boot ROM costs the firmware time.
        qemu = subprocess.Popen(
            ["qemu-system-x86_64", "-accel", "tcg", "-m", "128M", "-display", "none",
             "-no-reboot", "-nodefaults", "-vga", "std", "-serial", "file:" + serial]
            + (["-kernel", elf] if boot == "direct" else ["-cdrom", iso])
            + (["-bios", "/usr/share/ovmf/OVMF.fd"] if boot == "uefi" else [])
            + ["-S", "-gdb", "unix:%s,server=on,wait=off" % stub],
            stdout=subprocess.DEVNULL, stderr=qemu_log)
        try:
            # QEMU needs a moment to make its socket, seconds on a busy
            # machine (make test boots many kernels at once).
            deadline = time.monotonic() + SOCKET_WAIT
            while not os.path.exists(stub) and qemu.poll() is None \
                    and time.monotonic() < deadline:
                time.sleep(0.01)
            connect = os.path.join(work, "connect.gdb")
            with open(connect, "w") as f:
                f.write(CONNECT % (stub, NOT_CONNECTED))
            args = ["gdb", "-q", "-nx", "-batch", "-ex", "set pagination off",
                    "-ex", "file " + elf, "-ex", "source " + COMMANDS, "-x", connect]
            for stop in stops:
                args += ["-ex", stop]
            for command in commands:
                args += ["-ex", "echo \\n%s%s\\n" % (MARK, command), "-ex", command]
            try:
                proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, timeout=GDB_TIME_LIMIT)
                text = proc.stdout.decode(errors="replace")
                problem = None
            except subprocess.TimeoutExpired as e:
                text = (e.stdout or b"").decode(errors="replace")
                problem = "GDB did not finish within the time limit of %d s" % GDB_TIME_LIMIT
        finally:
            qemu.kill()
            qemu.wait()
            qemu_log.close()
        serial_text = ""
        if os.path.exists(serial):
            with open(serial, errors="replace") as f:
                serial_text = f.read()
        if problem is None and NOT_CONNECTED in text:
            with open(os.path.join(work, "qemu.log"), errors="replace") as f:
                problem = "GDB could not connect to QEMU; QEMU said: " + (f.read().strip() or
                                                                          "nothing")
    parts = text.split("\n" + MARK)
    transcript = [("", parts[0])]
    for part in parts[1:]:
        command, _, output = part.partition("\n")
        transcript.append((command, output.rstrip("\n")))
    return transcript, serial_text, problem


DETACHED = "[Inferior 1 (process 1) detached]"


def main(argv):
    if len(argv) < 3 or not argv[1].endswith(".elf"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    elf = argv[1]
    if not os.path.isfile(elf):
        print("gdb_session: %s is not built (make all builds it)" % elf, file=sys.stderr)
        return 1
    stops = [a[1:] for a in argv[2:] if a.startswith("@")]
    commands = [a for a in argv[2:] if not a.startswith("@")]
    if not commands:
        print("gdb_session: no command to show (only @STOPs)", file=sys.stderr)
        return 2
    # build/gcc/05-exceptions/kernel.elf: lesson "05-exceptions";
    # build/gcc/08-paging/page_faults.elf: "08-paging/page_faults".
    build = os.path.dirname(os.path.dirname(elf))
    lesson = os.path.basename(os.path.dirname(elf))
    image = os.path.basename(elf)[:-len(".elf")]
    if image != "kernel":
        lesson += "/" + image
    boot = os.environ.get("BOOT", "grub")
    if boot not in ("grub", "direct"):
        print("gdb_session: BOOT is grub or direct, not %r" % boot, file=sys.stderr)
        return 2
    if boot == "direct":
        lesson += "@direct"
    transcript, _, problem = run_transcript(build, lesson, stops, commands)
    if problem:
        print("gdb_session: " + problem, file=sys.stderr)
        return 1
    if len(transcript) != len(commands) + 1:
        print("gdb_session: GDB stopped after %d of the %d commands; it printed:\n%s"
              % (len(transcript) - 1, len(commands), transcript[-1][1]), file=sys.stderr)
        return 1
    for command, output in transcript[1:]:
        lines = output.split("\n")
        # GDB's goodbye after the last command is not the command's output.
        if lines and lines[-1] == DETACHED:
            lines.pop()
        print("(gdb) " + command)
        if lines != [""]:
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
