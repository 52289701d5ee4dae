/**
 * @file
 * What the kernel does about CPU exceptions (vectors 0-31): print a report
 * of the interrupted state on the screen and on serial, then stop, except
 * after a breakpoint (int3), which is reported and then resumed.
 */
#ifndef EXCEPTIONS_H
#define EXCEPTIONS_H

#include <stdnoreturn.h>
#include "format.h"
#include "interrupts.h"

/**
 * Installs the report-and-halt handler for every exception vector 0-31, and
 * the report-and-resume handler for the breakpoint (vector 3). Call after
 * idt_init(). Panics if exception_table.c and the entry stubs disagree on
 * which vectors have an error code.
 */
void exceptions_init(void);

/**
 * Prints the report of an exception: its vector, mnemonic and name, the
 * error code and what it means, CR2 for a page fault, and the registers.
 * The whole report goes to serial first and then to the screen, and it
 * never waits for a lock: an exception (or an NMI) can interrupt any code,
 * also code that holds the console lock, such as a kprintf() whose
 * argument is a bad pointer. See exception_report_with().
 * @param frame the state the entry stub saved
 */
void exception_report(const struct interrupt_frame *frame);

/**
 * Lines a handler adds to its exception's report, below the registers: the
 * page walk of CR2, the stack the handler ran on. Called twice, once for
 * serial and once for the screen, so it must only print.
 * @param frame the state the entry stub saved
 * @param sink where the lines go (format_to(sink, sink_context, ...))
 * @param sink_context passed to sink
 * @param context what the handler passed to exception_report_with()
 */
typedef void (*exception_report_more)(const struct interrupt_frame *frame, format_sink sink,
				      void *sink_context, void *context);

/**
 * exception_report() with lines of the handler's own added to the report,
 * on serial and on screen alike. The screen part takes the console lock if
 * it is free; if it is held (by the code the exception interrupted, on
 * this same CPU), it writes with an emergency writer instead
 * (console_report_begin()), so it neither deadlocks nor mixes its text
 * into the interrupted line.
 * @param frame the state the entry stub saved
 * @param more prints the handler's lines, or NULL for none
 * @param more_context passed to more
 */
void exception_report_with(const struct interrupt_frame *frame, exception_report_more more,
			   void *more_context);

/**
 * A function that sees a fatal exception before the kernel stops: how a
 * test kernel that expects a fault checks it (see expect_fault.h).
 * @param frame the state the entry stub saved, already reported
 */
typedef void (*exception_hook)(const struct interrupt_frame *frame);

/**
 * Sets the function exception_halt() calls before it stops the kernel.
 * @param hook the function (usually one that exits QEMU), or NULL for none
 */
void exception_set_fatal_hook(exception_hook hook);

/**
 * Stops the kernel after a fatal exception has been reported. Calls the
 * hook set with exception_set_fatal_hook() if there is one; otherwise, in a
 * test build (KTEST_BUILD) it panics, which fails the running test; in the
 * lesson's kernel it says so on screen and halts.
 * @param frame the state the entry stub saved
 */
noreturn void exception_halt(const struct interrupt_frame *frame);

/**
 * The default handler of vectors 0-31 (except 3): exception_report(), then
 * exception_halt(). Lesson 06 installs it for the double fault on an IST
 * stack.
 * @param frame the state the entry stub saved
 */
noreturn void exception_unhandled(struct interrupt_frame *frame);

/**
 * The breakpoint handler: reports, then returns, so that iretq resumes
 * after the int3 (a trap: the saved RIP already points past it).
 * @param frame the state the entry stub saved
 */
void exception_breakpoint(struct interrupt_frame *frame);

#endif
