/*
 * kernel_init() for lesson 04: what every kernel of this lesson (main,
 * test runner, integration tests) needs before it does anything else.
 */
#include "console.h"
#include "kernel_init.h"
#include "serial.h"

//! [init]
void kernel_init(void)
{
	serial_init();	/* first: the test runner and panic reports use it */
	console_init();
}
//! [init]
