/*
 * Unbounded recursion the compiler cannot turn into a loop.
 *
 * An optimising compiler rewrites "return f(n + 1);" into a jump (tail call
 * elimination), and even "return f(n + 1) + 1;" into a loop with an
 * accumulator: then the stack never grows. Here each call owns a volatile
 * array that must exist in memory, and reads it again after the recursive
 * call returns; volatile accesses may be neither removed nor reordered, so
 * every level keeps its own stack frame.
 */
#include "stack_overflow.h"

#define FRAME_FILLER 64	/* bytes of volatile data per call */

//! [recursion]
__attribute__((noinline)) unsigned long stack_overflow(unsigned long depth)
{
	volatile unsigned char filler[FRAME_FILLER];

	filler[0] = (unsigned char)depth;
	/* Never true; without a way out, gcc and clang warn about infinite
	 * recursion, and -Werror turns that into an error. */
	if (depth == ~0ul)
		return 0;
	return stack_overflow(depth + 1) + filler[0];
}
//! [recursion]
