/*
 * Lab 8.1's grader: unmap_page() removes a page, and the next access
 * faults.
 *
 * The accesses go through probe_read(), a two-instruction function in
 * assembly: if its load faults, this test's page-fault handler records CR2
 * and the error code and resumes at its ret with -1 in RAX. A page that
 * was read just before it was unmapped must fault: had unmap_page() left
 * out invlpg, QEMU's TLB would still hold the old translation and the read
 * would succeed.
 *
 * The host does not take the kernel's word for the first test: at two
 * checkpoints it walks the page tables itself and must find the page
 * mapped, then not mapped (lab_unmap.test). The instructor's hidden variant
 * builds this file with another LAB_UNMAP_PAGE.
 */
#include <stdint.h>
#include "error_code.h"
#include "exception_table.h"
#include "exceptions.h"
#include "host_checkpoint.h"
#include "interrupts.h"
#include "kernel_init.h"
#include "ktest.h"
#include "page_tables.h"
#include "x86.h"

#ifndef LAB_UNMAP_PAGE
#define LAB_UNMAP_PAGE 0x0000600000000000ull /* level-4 index 192: nothing else there */
#endif
#define PAGE	LAB_UNMAP_PAGE
#define FAULTED (-1)

void kernel_main(uint32_t magic, uint64_t boot_info);

/* int probe_read(uint64_t address): the byte at address, or FAULTED. */
int probe_read(uint64_t address);
extern const char probe_load[], probe_return[];
__asm__(".text\n"
	".global probe_read, probe_load, probe_return\n"
	"probe_read:\n"
	"probe_load: movzbl (%rdi), %eax\n"
	"probe_return: ret\n");

static uint64_t fault_address, fault_error_code;

static void probe_fault(struct interrupt_frame *frame)
{
	if (frame->rip != (uintptr_t)probe_load) {
		exception_unhandled(frame); /* a fault the test did not expect */
		return;
	}
	fault_address = read_cr2();
	fault_error_code = frame->error_code;
	frame->rax = (uint64_t)(int64_t)FAULTED;
	frame->rip = (uintptr_t)probe_return;
}

/* probe_read() with this test's page-fault handler in place. */
static int probe(uint64_t address)
{
	interrupt_handler lesson_handler = idt_handler(EXCEPTION_PAGE_FAULT);
	int value;

	fault_address = fault_error_code = 0;
	idt_set_handler(EXCEPTION_PAGE_FAULT, probe_fault, 0);
	value = probe_read(address);
	idt_set_handler(EXCEPTION_PAGE_FAULT, lesson_handler, 0);
	return value;
}

KTEST(lab_unmap_removes_the_translation)
{
	uint64_t frame = frame_alloc(), physical = 0;
	struct page_walk walk;

	map_page(PAGE, frame, PTE_WRITABLE | PTE_NO_EXECUTE);
	ASSERT(translate(PAGE + 0x10, &physical));
	host_checkpoint("page 0x%llx mapped", PAGE);
	unmap_page(PAGE);
	host_checkpoint("page 0x%llx unmapped", PAGE);
	ASSERT(!translate(PAGE + 0x10, &physical));
	/* The tables stay: the walk stops at the empty level-1 entry. */
	ASSERT_EQ(page_tables_walk(PAGE, &walk), PAGE_WALK_NOT_MAPPED);
	ASSERT_EQ(walk.level, 1);
}

KTEST(lab_unmap_access_faults_afterwards)
{
	uint64_t frame = frame_alloc();

	*(volatile uint8_t *)(uintptr_t)(frame + 0x42) = 'U';
	map_page(PAGE, frame, PTE_WRITABLE | PTE_NO_EXECUTE);
	ASSERT_EQ(probe(PAGE + 0x42), 'U'); /* the TLB now holds PAGE -> frame */
	unmap_page(PAGE);
	ASSERT_EQ(probe(PAGE + 0x42), FAULTED);
	ASSERT_EQ(fault_address, PAGE + 0x42);
	ASSERT_EQ(fault_error_code, 0); /* not present, read, kernel mode */
	ASSERT_EQ(*(volatile uint8_t *)(uintptr_t)(frame + 0x42), 'U'); /* the frame is intact */
}

KTEST(lab_unmap_then_map_elsewhere)
{
	uint64_t first = frame_alloc(), second = frame_alloc();

	*(volatile uint8_t *)(uintptr_t)first = '1';
	*(volatile uint8_t *)(uintptr_t)second = '2';
	map_page(PAGE, first, PTE_WRITABLE | PTE_NO_EXECUTE);
	ASSERT_EQ(probe(PAGE), '1');
	unmap_page(PAGE);
	map_page(PAGE, second, PTE_WRITABLE | PTE_NO_EXECUTE);
	ASSERT_EQ(probe(PAGE), '2');
	unmap_page(PAGE);
}

void kernel_main(uint32_t magic, uint64_t boot_info)
{
	(void)magic;
	(void)boot_info;
	kernel_init();
	ktest_run_file_and_exit(__FILE__);
}
