/**
 * @file
 * The page-fault handler: what the kernel says when a memory access fails.
 *
 * Lesson 05's report already names the exception, decodes the error code
 * and shows CR2 (the address that faulted). With page tables the kernel
 * can read, it can also say *why* the address faulted: this handler adds
 * the walk of CR2 through the live hierarchy, which shows the level where
 * no entry was present, or the entry whose flags forbade the access.
 */
#ifndef PAGE_FAULT_H
#define PAGE_FAULT_H

/** Installs the page-fault handler on vector 14. */
void page_fault_init(void);

#endif
