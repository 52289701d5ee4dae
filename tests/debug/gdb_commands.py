"""Scripted GDB sessions that check the course's GDB commands (tools/gdb).

Each session boots a lesson kernel paused in QEMU, attaches GDB with the
commands loaded, stops where the structures exist and runs several
commands, all sessions in parallel. Lessons 02 and 03 boot through GRUB
(their checks read the boot information GRUB hands over, and 03 also under
UEFI); the later ones boot directly (@direct: QEMU's -kernel, no GRUB),
which costs half the CPU time and shows the same once the kernel runs. A
check is a regular expression the output must match; where it can, it
compares the decoding with another source of the same fact (GDB's view of
the C struct, the serial output), so a wrong decoding fails. The
machinery of a session: gdb_session.py.

usage: gdb_commands.py BUILD_DIR [LESSON...]   (exit 0: every check passed)
LESSON (02-minimal-kernel) keeps only the sessions of that lesson.
"""
import concurrent.futures
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_session import ROOT, run_transcript  # noqa: E402

# A student tree (make handout writes .handout at its top) has the labs'
# stubs: a check that names a lab (a third item) is skipped there.
STUDENT_TREE = os.path.isfile(os.path.join(ROOT, ".handout"))


def line_of(path, text):
    """The number of the first line of PATH that contains TEXT."""
    with open(os.path.join(ROOT, path)) as f:
        for number, line in enumerate(f, 1):
            if text in line:
                return number
    raise SystemExit("gdb_commands: '%s' not found in %s" % (text, path))


# Each session: the lesson, where to stop, then (command, [(regex, what it proves)]).
# A regex may use {name}: a value taken from an earlier command's output or from
# the serial log by a "capture" entry (command None).
def sessions():
    # Lesson 07: once kernel_main's loop is near, the first tick may still
    # land anywhere (it may have been pending); the second one, 10 ms later,
    # always finds the CPU in the idle loop's hlt.
    lesson07_loop = "lessons/07-hardware-interrupts/main.c:%d" % line_of(
        "lessons/07-hardware-interrupts/main.c", "line_editor_init(&editor")
    lesson08_done = "lessons/08-paging/main.c:%d" % line_of(
        "lessons/08-paging/main.c", 'serial_printf("lesson 08: done')
    return [
        # The debug path a student takes after make lesson 2 debug.
        ("02-minimal-kernel", ["hbreak kernel_main", "continue"], [
            # gcc stops at kernel_main's first line, so next shows
            # serial_init(); clang's prologue ends on that line itself, so
            # the stop is there and next shows the line after it.
            ("next", [(r"^\d+\t\s*serial_(init\(\);|write_string\(\"lesson 02: kernel_main ran)",
                       "next shows the next source line")]),
            ("print/x magic", [(r"^\$\d+ = 0x36d76289$", "the Multiboot2 magic argument")]),
            ("bt", [(r"^#0  kernel_main ", "frame #0 in kernel_main"),
                    (r"^#1  .* in long_mode_start \(\) at common/boot/long_mode\.asm",
                     "frame #1 in long_mode_start"),
                    (r"\A(?![\s\S]*(^#2|Backtrace stopped|Cannot access memory))",
                     "bt ends at long_mode_start, no made-up frame after it")]),
        ]),
        # Under UEFI the kernel's cells are in RAM (text_screen_cells), mapped
        # at virtual 0xb8000; physical 0xb8000 holds nothing the kernel wrote.
        ("03-vga-text@uefi", ["hbreak halt_forever", "continue"], [
            ("vga", [(r"(?m)^ ?\d+\|Lesson 03: VGA text mode$",
                      "the title row under UEFI, read where the kernel writes it")]),
        ]),
        ("03-vga-text", ["hbreak kernel_main", "continue", "hbreak halt_forever", "continue"], [
            ("vga", [(r"(?m)^ ?\d+\|Lesson 03: VGA text mode$", "the title row, read from 0xb8000"),
                     (r"(?m)^23\|This line is longer than one row of eighty columns, so the "
                      r"writer continues it o\n24\|n the next row by itself\.$",
                      "80 characters a row, 25 rows")]),
            ("vga /a", [(r"0-79 0x1e yellow on blue", "the title bar's attribute decoded")]),
            ("multiboot", [(r'boot loader name +\d+ bytes +"GRUB', "the boot loader tag"),
                           (r"memory map .*\n(?: +0x.*\n)*? +0x0000000000100000-0x[0-9a-f]+ "
                            r"available", "the memory map has RAM from 1 MiB"),
                           (r"type +0 end", "the walk reaches the end tag")]),
            ("gdt", [(r"0x08 code 64-bit", "the boot GDT's 64-bit code segment")]),
            ("idt", [(r"no IDT loaded", "a clear message before lesson 05")]),
            ("tss", [(r"no TSS loaded: TR is 0", "a clear message before lesson 06")]),
            ("intframe", [(r"no interrupt entry stubs", "a clear message before lesson 05")]),
        ]),
        ("05-exceptions@direct", ["hbreak exception_report_with", "continue"], [
            ("intframe", [(r"vector +3 #BP", "vector 3 read from the frame"),
                          (r"RIP +0x0*([0-9a-f]+) <kernel_main\+\d+>", "rip"),
                          (r"CS +0x8 \(ring 0\)", "CS of the kernel")]),
            ("p/x frame->rip", [(r"= 0x{rip}$", "intframe's RIP is what the C struct holds")]),
            ("x/i frame->rip - 1", [(r"int3", "the byte before RIP is the int3")]),
            ("bt", [(r"in interrupt_common \(\)", "the stub's frame"),
                    (r"interrupt_common .*\n#\d+ +0x0*{rip} in ", "the next frame is at the int3"),
                    (r"(?s)interrupt_common.*\n#\d+ .*kernel_main \(", "bt reaches kernel_main"),
                    (r"\n#\d+ +0x[0-9a-f]+ in long_mode_start \(\) at [^\n]*(\n\[Inferior .*)?\Z",
                     "bt ends at long_mode_start, no made-up frame after it")]),
            ("idt 14", [(r"14 #PF +0x[0-9a-f]+ <interrupt_stub_14> +sel 0x08 interrupt DPL 0 -",
                         "gate 14 names the #PF stub")]),
            ("idt", [(r"  3 #BP +0x[0-9a-f]+ <interrupt_stub_3> ", "gate 3"),
                     (r"  9 - +0x[0-9a-f]+ <interrupt_stub_9> ",
                      "vector 9 has no mnemonic, as in exception_table.c"),
                     (r" 31 reserved +0x[0-9a-f]+ <interrupt_stub_31> ", "the last exception"),
                     (r"32 present", "the 32 exception gates, no more")]),
        ]),
        ("06-double-faults@direct", ["hbreak double_fault_handler", "continue"], [
            ("tss", [(r"IST1 +0x[0-9a-f]+ <double_fault_stack\+0x4000>",
                      "IST1 is the top of the #DF stack (16 KiB)"),
                     (r"IST2 +0x[0-9a-f]+ <nmi_stack\+0x4000>", "IST2 is the NMI stack's top",
                      "6.1")]),
            ("p/x sizeof(double_fault_stack)", [(r"= 0x4000", "the #DF stack is 16 KiB")]),
            ("gdt", [(r"0x08 code 64-bit readable +DPL 0", "kernel code"),
                     (r"0x10 data writable +DPL 0", "kernel data"),
                     (r"0x18 TSS \(busy\) +DPL 0 base 0x{tss} limit 0x67", "the TSS descriptor")]),
            ("idt 8", [(r"  8 #DF +0x[0-9a-f]+ <interrupt_stub_8> .* IST1", "#DF uses IST1")]),
            ("intframe", [(r"vector +8 #DF", "vector 8"),
                          (r"RIP +0x[0-9a-f]+ <stack_overflow", "interrupted in the recursion")]),
            ("bt 4", [(r"(?s)interrupt_common.*\n#\d+ .*stack_overflow ", "bt leaves the IST stack")]),
            # The whole way back: through the recursion to kernel_main and the
            # clean end, whichever way the linker placed the IST stack.
            ("bt -3", [(r"#\d+ .* in kernel_main \(.*\n#\d+ +0x[0-9a-f]+ in long_mode_start \(\)",
                        "bt crosses the IST switch down to kernel_main and long_mode_start"),
                       (r"\A(?![\s\S]*Backtrace stopped)", "no 'Backtrace stopped'")]),
        ]),
        ("07-hardware-interrupts@direct", ["hbreak " + lesson07_loop, "continue", "delete",
                                    "hbreak pit_interrupt", "continue", "continue"], [
            ("pic", [(r"master IRQ 0-7 -> vectors 0x20-0x27 .* ISR 0\b",
                      "remapped to 0x20; IRQ 0 in service in its handler"),
                     (r"slave +IRQ 8-15 -> vectors 0x28-0x2f", "the slave at 0x28"),
                     (r"masks 0x{masks}: unmasked IRQ 0 timer \(PIT\), IRQ 1 keyboard",
                      "the masks pic_masks() returns")]),
            ("intframe", [(r"vector +32 IRQ 0", "the timer's vector"),
                          (r"RFLAGS +0x[0-9a-f]+ \[.* IF .*\]", "interrupts were on")]),
            ("bt", [(r"interrupt_common .*\n#\d+ +0x0*{rip} in ", "the next frame is the interrupted one"),
                    (r"(?s)interrupt_common.*\n#\d+ .*kernel_main \(", "bt reaches kernel_main"),
                    (r"\n#\d+ +0x[0-9a-f]+ in long_mode_start \(\) at [^\n]*(\n\[Inferior .*)?\Z",
                     "bt ends at long_mode_start, no made-up frame after it")]),
        ]),
        ("08-paging@direct", ["hbreak " + lesson08_done, "continue"], [
            ("pagewalk 0x803FE7F5CE", [
                (r"indices L4 1, L3 0, L2 511, L1 127, offset 0x5ce", "the seed's split"),
                (r"L4 \(PML4\) \[  1\] .* P W", "level 4 entry 1 present"),
                (r"L1 \(PT\) +\[127\] .* P W.* NX", "level 1 entry 127, writable, NX"),
                (r"4 KiB page at 0x{frame}, offset 0x5ce -> physical 0x[0-9a-f]+5ce",
                 "the frame the kernel mapped")]),
            ("pagewalk 0", [(r"L1 \(PT\) +\[  0\] .* -\nnot mapped", "page 0 is not mapped")]),
            ("ptdump", [(r"(?m)^0x0000000000001000-0x00000000000fffff +1020K -> 0x1000 +4K pages  "
                         r"P W NX$", "low memory, page 0 left out"),
                        (r"(?m)^0x000000803fe7f000-0x000000803fe7ffff +4K -> 0x{frame} +4K pages  "
                         r"P W NX$", "the worked example's page"),
                        (r"2M pages  P W H NX", "the huge pages")]),
        ]),
        # The test kernel's last step: the lesson's #PF handler, on a write to
        # the unmapped 0xdeadbeef000 (tests/page_faults.c).
        ("08-paging/page_faults@direct", ["hbreak page_fault_handler", "continue"], [
            ("p/x frame->error_code", [(r"= 0x2$", "the C struct's error code")]),
            ("intframe", [(r"vector +14 #PF", "vector 14"),
                          (r"error +0x2 \(not present, write, kernel\)", "error code 2 decoded"),
                          (r"CR2 +0xdeadbeef000 ", "CR2, the address written"),
                          (r"RIP +0x[0-9a-f]+ <run_steps\+\d+>", "the faulting write")]),
            ("pagewalk 0xdeadbeef000", [(r"indices L4 27, ", "level-4 index 27"),
                                        (r"L4 \(PML4\) \[ 27\] .* -\nnot mapped: the L4 entry",
                                         "nothing mapped at level 4")]),
        ]),
    ]


# Values for the {name} placeholders: (session lesson, source, regex). Source is
# "serial" (the kernel's serial log) or a GDB command run in the session first.
CAPTURES = {
    "05-exceptions": [("rip", "intframe", r"RIP +0x0*([0-9a-f]+)")],
    "06-double-faults": [("tss", "p/x &kernel_tss", r"= 0x([0-9a-f]+)")],
    "07-hardware-interrupts": [("masks", "p/x pic_masks()", r"= 0x([0-9a-f]+)"),
                               ("rip", "intframe", r"RIP +0x0*([0-9a-f]+)")],
    "08-paging": [("frame", "serial", r"worked example: page 0x803fe7f000 -> frame 0x([0-9a-f]+)")],
}


def check_session(build, lesson, stops, checks):
    captures = CAPTURES.get(lesson.partition("@")[0], [])
    extra = [c[1] for c in captures if c[1] != "serial" and c[1] not in dict(checks)]
    commands = extra + [command for command, _ in checks]
    started = time.monotonic()
    transcript, serial, problem = run_transcript(build, lesson, stops, commands)
    outputs = dict(transcript[1:])
    outputs[""] = transcript[0][1]
    lines, failures = ["%s: GDB session of %.1f s" % (lesson, time.monotonic() - started)], 0
    if problem:
        return ["FAIL  %s: %s" % (lesson, problem)] + outputs.get("", "").splitlines()[-20:], 1
    values = {}
    for name, source, regex in captures:
        match = re.search(regex, serial if source == "serial" else outputs.get(source, ""))
        if not match:
            lines.append("FAIL  %s: no value for {%s} in %s" % (lesson, name, source))
            failures += 1
            continue
        values[name] = match.group(1)
    for command, expectations in checks:
        output = outputs.get(command)
        if output is None:
            lines.append("FAIL  %s: '%s' printed nothing (GDB stopped early?)" % (lesson, command))
            lines += ["      " + l for l in outputs.get("", "").splitlines()[-15:]]
            failures += 1
            continue
        bad = []
        for regex, what, *lab in expectations:
            if lab and STUDENT_TREE:
                lines.append("SKIP  %s: %s: %s (lab %s's solution, not in a student tree)"
                             % (lesson, command, what, lab[0]))
                continue
            pattern = re.sub(r"\{([a-z]+)\}", lambda m: values.get(m.group(1), "(no value)"),
                             regex)
            if not re.search(pattern, output, re.MULTILINE):
                bad.append(what)
        if bad:
            failures += 1
            lines.append("FAIL  %s: %s: %s" % (lesson, command, "; ".join(bad)))
            lines += ["      " + l for l in output.splitlines()[:40]]
        else:
            lines.append("PASS  %s: %s" % (lesson, command))
    return lines, failures


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__.strip().split("\n\n")[-1])
        return 2
    build, only = argv[1], argv[2:]
    chosen = [s for s in sessions() if not only or re.split(r"[/@]", s[0])[0] in only]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(chosen))) as pool:
        futures = [pool.submit(check_session, build, lesson, stops, checks)
                   for lesson, stops, checks in chosen]
        results = [f.result() for f in futures]
    failures, failed_lines = 0, []
    for lines, failed in results:
        print("\n".join(lines))
        failures += failed
        failed_lines += [line for line in lines if line.startswith("FAIL")]
    if failed_lines:    # again at the end, where a runner's tail of the output shows them
        print("\n".join(["failed:"] + failed_lines))
    print("gdb commands: %d sessions, %d failed checks (%.1f s)"
          % (len(results), failures, time.monotonic() - start))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
