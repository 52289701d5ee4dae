"""The labs' system-call filter: a seccomp BPF program, written with struct.

tools/sandbox.py puts it on everything a submission runs, through ``bwrap
--seccomp FD`` or, without user namespaces, :data:`LOADER`. It is a deny
list, since the compilers, the sanitizers and QEMU use many calls. Refused
(EPERM, so the program sees an ordinary error): the calls in DENIED, which
reach beyond the process (another's memory, namespaces, mounts, keyrings,
bpf, modules, clocks, io_uring, whose requests bypass seccomp); ``clone``
with a CLONE_NEW* flag (``clone3`` answers ENOSYS: its flags are out of the
filter's sight, and the C library falls back to ``clone``); a socket of any
family but AF_UNIX (EAFNOSUPPORT; QEMU's QMP is AF_UNIX); ioctl TIOCSTI and
TIOCLINUX (typing into a terminal). The x32 ABI answers ENOSYS and any
architecture but x86_64 is killed (``int 0x80`` would reach other numbers).

usage: python3 tools/seccomp_filter.py > filter.bpf   (the raw program)
"""

import struct
import sys

AUDIT_ARCH_X86_64 = 0xC000003E
X32_SYSCALL_BIT = 0x40000000
AF_UNIX = 1
EPERM, ENOSYS, EAFNOSUPPORT = 1, 38, 97
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
CLONE_NEW = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 \
    | 0x20000000 | 0x40000000 | 0x00000080     # NS CGROUP UTS IPC USER PID NET TIME

# x86_64 system call numbers (asm/unistd_64.h): refused with EPERM.
DENIED = {
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
    "pidfd_getfd": 438,
    "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "mount_setattr": 442,
    "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
    "fspick": 433, "unshare": 272, "setns": 308,
    "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
    "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
    "delete_module": 176, "reboot": 169, "swapon": 167, "swapoff": 168, "acct": 163,
    "settimeofday": 164, "clock_settime": 227, "adjtimex": 159, "clock_adjtime": 305,
    "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173, "quotactl": 179,
    "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426,
    "io_uring_register": 427, "open_by_handle_at": 304, "name_to_handle_at": 303,
    "fanotify_init": 300, "syslog": 103, "vhangup": 153, "uselib": 134,
    "lookup_dcookie": 212,
}
SOCKET, SOCKETPAIR, CLONE, CLONE3, IOCTL = 41, 53, 56, 435, 16

# Classic BPF, as seccomp runs it over struct seccomp_data (linux/seccomp.h):
# int nr at 0, u32 arch at 4, u64 args[6] from 16 (the low half first).
LD_ABS, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
NR, ARCH = 0, 4
ALLOW, KILL_PROCESS = 0x7FFF0000, 0x80000000


def errno(number):
    """The action: fail the call with this errno."""
    return 0x00050000 | number


def arg(index):
    """Offset of the low 32 bits of argument index."""
    return 16 + 8 * index


def op(code, k, jt=0, jf=0):
    """One struct sock_filter."""
    return struct.pack("<HBBI", code, jt, jf, k)


def when(nr, body):
    """If the call is nr, run body (which must end in returns); A holds nr."""
    return [op(JEQ, nr, 0, len(body))] + body


def program():
    """The filter: the bytes of a struct sock_filter array."""
    code = [op(LD_ABS, ARCH), op(JEQ, AUDIT_ARCH_X86_64, 1, 0), op(RET, KILL_PROCESS),
            op(LD_ABS, NR), op(JGE, X32_SYSCALL_BIT, 0, 1), op(RET, errno(ENOSYS))]
    for nr in sorted(DENIED.values()):
        code += when(nr, [op(RET, errno(EPERM))])
    code += when(CLONE3, [op(RET, errno(ENOSYS))])
    # The blocks below load an argument into A, so each ends in returns.
    for nr in (SOCKET, SOCKETPAIR):
        code += when(nr, [op(LD_ABS, arg(0)), op(JEQ, AF_UNIX, 0, 1), op(RET, ALLOW),
                          op(RET, errno(EAFNOSUPPORT))])
    code += when(CLONE, [op(LD_ABS, arg(0)), op(JSET, CLONE_NEW, 0, 1),
                         op(RET, errno(EPERM)), op(RET, ALLOW)])
    code += when(IOCTL, [op(LD_ABS, arg(1)), op(JEQ, TIOCSTI, 1, 0), op(JEQ, TIOCLINUX, 0, 1),
                         op(RET, errno(EPERM)), op(RET, ALLOW)])
    code.append(op(RET, ALLOW))
    return b"".join(code)


# Installs the filter given in hex as argv[1], then runs argv[2:]. Run with
# `python3 -I -S -c LOADER HEX PROGRAM ARGS...` after no_new_privs is set
# (setpriv --no-new-privs), which lets an unprivileged process add a filter.
LOADER = """
import ctypes, os, sys
code = bytes.fromhex(sys.argv[1])
class Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
prog = Program(len(code) // 8, code)
if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) or \\
        libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0):
    sys.exit("sandbox: cannot install the system-call filter: "
             + os.strerror(ctypes.get_errno()))
try:
    os.execvp(sys.argv[2], sys.argv[2:])
except OSError as e:
    sys.exit(f"sandbox: {sys.argv[2]}: {e.strerror}")
"""


if __name__ == "__main__":
    sys.stdout.buffer.write(program())
