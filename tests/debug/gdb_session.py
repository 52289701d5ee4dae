"""One scripted GDB session against a real lesson kernel, printed as a
transcript ("(gdb) COMMAND" and what GDB printed): the book's GDB outputs
are made by it, so tests/book/gdb_outputs.sh finds them stale when the
kernel or tools/gdb change.

usage: gdb_session.py KERNEL.elf [@STOP...] COMMAND...

The kernel's .iso beside it boots paused; the @ arguments run first and are
not shown (@, not --, which an HTML comment must not hold). The session has
gdb_commands.py's time limit. Exit status 0 when GDB ran the commands.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gdb_commands  # noqa: E402  (the session machinery of the GDB tests)

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
    transcript, _, problem = gdb_commands.run_transcript(build, lesson, stops, commands)
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
