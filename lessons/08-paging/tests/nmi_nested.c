/*
 * Lesson 06's nested-NMI test kernel, run on this lesson's kernel with the
 * exception this lesson adds that returns: the NMI handler's first touch of
 * a demand-paged page faults, the page-fault handler maps the page and
 * returns with iretq, and the pending second NMI must still wait until the
 * first NMI is done.
 */
#include <stdint.h>
#include "demand_paging.h"

/* A page of the demand-paged region that nothing else in this kernel touches. */
#define RETURNING_EXCEPTION() \
	((void)*(volatile uint8_t *)(uintptr_t)(DEMAND_REGION_START + 3 * PAGE_SIZE))
#define RETURNING_EXCEPTION_NAME "a demand-paged page fault"

#include "../../06-double-faults/tests/nmi_nested.c"
