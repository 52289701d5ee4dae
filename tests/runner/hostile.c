/*
 * Runner self-test: a kernel whose output attacks the terminal that shows
 * it. It prints what a terminal obeys rather than shows: OSC sequences that
 * set the window title and the clipboard, ESC c (reset), CSI 2J (clear),
 * C1 controls (raw and UTF-8 encoded), NUL, a Unicode direction override,
 * and sequences split by another sequence, so that a strip of known
 * sequences in one pass puts a working one back together. Then it fails a
 * fake in-kernel test and panics with more of the same, and exits with the
 * failure code, so that every report path shows its text.
 * tests/runner/check_output.sh checks that no control character reaches
 * the runner's output.
 */
#include <stddef.h>
#include <stdint.h>
#include "panic.h"
#include "serial.h"
#include "x86.h"

#define QEMU_EXIT_PORT	  0xf4
#define QEMU_EXIT_FAILURE 0x11

void kernel_main(uint32_t magic, uint64_t boot_info);

/* After the panic's report: end the test with the failure code. */
static void exit_failure(const char *message)
{
	(void)message;
	outl(QEMU_EXIT_PORT, QEMU_EXIT_FAILURE);
}

/* Sends a byte array, NULs included (serial_write_string stops at one). */
#define SEND(bytes) serial_write(bytes, sizeof(bytes) - 1)

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	serial_init();
	SEND("hostile: title \x1b]0;pwned title\x07 clipboard \x1b]52;c;cHduZWQ=\x07\n");
	SEND("hostile: reset \x1b"
	     "c clear \x1b[2J\x1b[H home\n");
	SEND("hostile: C1 raw \x9b"
	     "31m utf-8 \xc2\x9b"
	     "31m \xc2\x9d"
	     "0;c1 title\xc2\x9c\n");
	SEND("hostile: NUL \0 BEL \a BS \b CR \r DEL \x7f override \xe2\x80\xae"
	     "desrever\n");
	SEND("hostile: spliced \x1b[\x1b[0m2J and \x1b\x1b[0m]0;spliced title\x07\n");
	SEND("\x1b]0;fake\x07test\x1b[2J ... [failed]\n");
	SEND("\x1b[2Jclear\x1b]0;t\x07 ... [ok]\n");
	panic_set_hook(exit_failure);
	panic("\x1b]0;panic title\x07\x1b"
	      "c\x1b[2J\x9b"
	      "0m");
}
