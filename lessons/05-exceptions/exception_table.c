/*
 * The names of the CPU's exception vectors (Intel SDM vol. 3, "Exception
 * and Interrupt Reference"; AMD APM vol. 2 for #HV, #VC and #SX). Reserved
 * vectors keep an entry so a report can still say what arrived.
 */
#include <stddef.h>
#include "exception_table.h"

#define RESERVED { "-", "Reserved", false }

//! [table]
static const struct exception_info exceptions[EXCEPTION_VECTORS] = {
	[0] = { "#DE", "Divide Error", false },
	[1] = { "#DB", "Debug", false },
	[2] = { "NMI", "Non-Maskable Interrupt", false },
	[3] = { "#BP", "Breakpoint", false },
	[4] = { "#OF", "Overflow", false },
	[5] = { "#BR", "BOUND Range Exceeded", false },
	[6] = { "#UD", "Invalid Opcode", false },
	[7] = { "#NM", "Device Not Available", false },
	[8] = { "#DF", "Double Fault", true },
	[9] = { "-", "Coprocessor Segment Overrun", false },
	[10] = { "#TS", "Invalid TSS", true },
	[11] = { "#NP", "Segment Not Present", true },
	[12] = { "#SS", "Stack-Segment Fault", true },
	[13] = { "#GP", "General Protection", true },
	[14] = { "#PF", "Page Fault", true },
	[15] = RESERVED,
	[16] = { "#MF", "x87 Floating-Point Error", false },
	[17] = { "#AC", "Alignment Check", true },
	[18] = { "#MC", "Machine Check", false },
	[19] = { "#XM", "SIMD Floating-Point Exception", false },
	[20] = { "#VE", "Virtualization Exception", false },
	[21] = { "#CP", "Control Protection Exception", true },
	[22] = RESERVED,
	[23] = RESERVED,
	[24] = RESERVED,
	[25] = RESERVED,
	[26] = RESERVED,
	[27] = RESERVED,
	[28] = { "#HV", "Hypervisor Injection Exception", false },
	[29] = { "#VC", "VMM Communication Exception", true },
	[30] = { "#SX", "Security Exception", true },
	[31] = RESERVED,
};
//! [table]

const struct exception_info *exception_info(uint64_t vector)
{
	if (vector >= EXCEPTION_VECTORS)
		return NULL;
	return &exceptions[vector];
}

bool exception_has_error_code(uint64_t vector)
{
	return vector < EXCEPTION_VECTORS && exceptions[vector].has_error_code;
}
