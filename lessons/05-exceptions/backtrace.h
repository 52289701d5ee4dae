/**
 * @file
 * A backtrace: the chain of calls that led to a point in the kernel.
 *
 * The kernel is compiled with frame pointers (-fno-omit-frame-pointer):
 * every function starts with `push rbp; mov rbp, rsp`. So RBP points at the
 * caller's saved RBP, and the word above it is the return address into the
 * caller. Following the saved RBPs from one frame to the next lists the
 * return addresses, innermost first, until the zero RBP that long_mode.asm
 * puts at the bottom of the chain. The exception report prints them, and
 * `addr2line -e kernel.elf ADDRESS` turns each into a file and line.
 */
#ifndef BACKTRACE_H
#define BACKTRACE_H

#include <stddef.h>
#include <stdint.h>

/** How many return addresses an exception report shows at most. */
#define BACKTRACE_MAX 8

/**
 * Follows the saved frame pointers from rbp and collects the return
 * addresses (lab 5.2). It never trusts a frame pointer: the walk stops at
 * a zero RBP, at one that is not 8-byte aligned, outside the kernel's image
 * (the stacks are in its .bss), not above the one before (stacks grow
 * down, so callers' frames lie higher), or whose frame (16 bytes) touches
 * one of the image's unmapped guard pages (kernel_guard_page()), and at a
 * return address outside the kernel's code (which it does not store). A
 * frame that passes the checks gives its return address even when the
 * saved RBP in it then ends the walk. It reads nothing it has not checked,
 * so it never faults.
 * @param rbp the frame pointer to start from: its frame's return address
 *        comes first
 * @param addresses receives the return addresses, innermost first
 * @param max how many addresses fit
 * @return how many addresses were stored
 */
size_t backtrace_walk(uint64_t rbp, uint64_t *addresses, size_t max);

#endif
