"""The labs' sandbox where user namespaces are allowed: bubblewrap.

:func:`command` builds the command line for tools/sandbox.py's bwrap mode:
the caller's ``drop`` (setpriv to the sandbox's uid, as root), then bwrap
with new namespaces, /usr and a few files of /etc read-only, a private
/dev, /proc and /tmp, the caller's binds, a clean environment, and the
system-call filter (``--seccomp 3``: a shell opens its file on fd 3 first).
"""

import atexit
import os
import tempfile

import seccomp_filter

ETC = ["/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
       "/etc/passwd", "/etc/group"]
MERGED_USR = ["bin", "sbin", "lib", "lib64", "lib32", "libx32"]   # /bin -> usr/bin ...
TMP_SIZE = 256 << 20      # the private /tmp
_filter = []              # the filter's file, written once


def filter_file():
    """The filter's bytes in a file only we can read (removed at exit)."""
    if not _filter:
        fd, path = tempfile.mkstemp(prefix="sandbox-seccomp-")
        with os.fdopen(fd, "wb") as f:
            f.write(seccomp_filter.program())
        atexit.register(os.unlink, path)
        _filter.append(path)
    return _filter[0]


def command(argv, binds, cwd, variables, limits, drop, disable_userns=True):
    """argv in bwrap: binds ((kind, source, target) triples), cwd, the
    environment variables (a dict), limits (prlimit ...) inside.
    disable_userns: bwrap 0.8 and later can forbid further user
    namespaces itself (the filter refuses them anyway)."""
    args = ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent",
            "--new-session", "--hostname", "sandbox", "--seccomp", "3",
            "--ro-bind", "/usr", "/usr"]
    if disable_userns:
        args.insert(3, "--disable-userns")
    for name in MERGED_USR:
        if os.path.islink(f"/{name}"):
            args += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            args += ["--ro-bind", f"/{name}", f"/{name}"]
    for path in ETC:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    for kind, source, target in binds:
        args += ["--bind" if kind == "rw" else "--ro-bind", str(source), str(target)]
    args += ["--chdir", str(cwd), "--clearenv"]
    for key, value in variables.items():
        args += ["--setenv", key, value]
    # sh opens the filter as us, before setpriv; bwrap reads it from fd 3.
    return (["sh", "-c", 'exec "$@" 3< "$0"', filter_file()] + drop + args + ["--"]
            + limits + list(argv))
