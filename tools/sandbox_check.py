"""``python3 tools/sandbox.py --check``: prove that the labs' sandbox works here.

It runs one program in the sandbox and checks from outside what it could do:
run as another user than root, read a 0600 file of ours, write the course
tree, connect to a port we listen on, escape the system-call filter. One
line per check; exit status 1 if any failed, 2 if the sandbox cannot run.
Gradescope's setup.sh runs it, so a broken sandbox fails the image build.
"""

import argparse
import os
import shutil
import socket
import tempfile

import sandbox

SECRET = "sandbox-check-secret-text"


def script(secret, probe, port):
    """What the sandboxed program tries; it prints a word for each success."""
    course = sandbox.ROOT
    return f"""
echo "uid=$(id -u)"
cat {secret} 2>/dev/null
touch {probe} 2>/dev/null && echo WROTE-COURSE
(: >> {course / "Makefile"}) 2>/dev/null && echo OPENED-MAKEFILE
/usr/bin/python3 -I -S -c '
import socket
try:
    s = socket.create_connection(("127.0.0.1", {port}), timeout=3)
    print("CONNECTED")
except OSError as e:
    print("no connection:", e)
'
grep "^Seccomp:" /proc/self/status
/usr/bin/python3 -I -S -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print("PTRACE-ALLOWED" if libc.ptrace(0, 0, 0, 0) == 0 else "ptrace refused")
'
"""


def check(uid=sandbox.SANDBOX_UID):
    """Run the probe program; a list of (ok, what) pairs."""
    root = os.geteuid() == 0
    work = tempfile.mkdtemp(prefix="sandbox-check-")
    outside = tempfile.mkdtemp(prefix="sandbox-check-secret-")
    probe = sandbox.ROOT / f".sandbox-check-{os.getpid()}"
    listener = socket.socket()
    try:
        os.chmod(work, 0o755)
        os.chmod(outside, 0o755)
        secret = os.path.join(outside, "secret")
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, SECRET.encode())
        os.close(fd)
        sandbox.give(work, uid)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        done = sandbox.run(["sh", "-c", script(secret, probe, port)], [sandbox.rw(work)], work,
                           limits=sandbox.Limits(seconds=30), uid=uid)
        out = done.output
        same_user = sandbox.own_code_only()
        results = [(done.status == 0 and "uid=" in out,
                    f"a program ran in the sandbox (exit status {done.status})")]
        if same_user:
            results.append((None, same_user))
        else:
            if root:
                results.append(("uid=0" not in out and "uid=" in out,
                                f"it ran as {out.split('uid=')[-1].split()[0] if 'uid=' in out else '?'}"
                                ", not root"))
            results.append((SECRET not in out, "it could not read a 0600 file of ours"))
            results.append(("WROTE-COURSE" not in out and "OPENED-MAKEFILE" not in out
                            and not probe.exists(),
                            f"it could not write the course tree ({sandbox.ROOT})"))
        results.append(("CONNECTED" not in out,
                        "no network: it could not connect to a port of 127.0.0.1 here"))
        results.append(("Seccomp:\t2" in out and "ptrace refused" in out,
                        "its system-call filter was in place and refused ptrace"))
        if not all(ok is not False for ok, _ in results):
            results.append((None, "its output:\n" + out.rstrip()))
        return results
    finally:
        listener.close()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)
        if probe.exists():
            probe.unlink()


def main(argv):
    """The command line: --check."""
    parser = argparse.ArgumentParser(prog="tools/sandbox.py",
                                     description="Check the labs' sandbox on this machine.")
    parser.add_argument("--check", action="store_true", required=True,
                        help="run a program in the sandbox and check what it could do")
    parser.parse_args(argv)
    problem = sandbox.available()
    if problem:
        print(f"sandbox: FAILED: it cannot run here: {problem}")
        return 2
    results = check()
    for ok, what in results:
        print(f"{'ok  ' if ok else 'note' if ok is None else 'FAIL'}  {what}")
    failed = [what for ok, what in results if ok is False]
    print(f"sandbox ({sandbox.mode()}): {'FAILED' if failed else 'works'}")
    return 1 if failed else 0
