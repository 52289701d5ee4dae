/*
 * Error-code decoding (Intel SDM vol. 3, "Error Code" and "Interrupt 14 -
 * Page-Fault Exception"). Turning bits into named fields here keeps the
 * report code free of masks and shifts.
 */
#include "error_code.h"
#include "exception_table.h"

//! [decode page fault]
struct page_fault_error page_fault_error_decode(uint64_t error_code)
{
	return (struct page_fault_error){
		.present = error_code & PAGE_FAULT_PRESENT,
		.write = error_code & PAGE_FAULT_WRITE,
		.user = error_code & PAGE_FAULT_USER,
		.reserved_bit = error_code & PAGE_FAULT_RESERVED_BIT,
		.instruction_fetch = error_code & PAGE_FAULT_INSTRUCTION_FETCH,
	};
}
//! [decode page fault]

//! [decode selector]
struct selector_error selector_error_decode(uint64_t error_code)
{
	struct selector_error decoded = {
		.external = error_code & SELECTOR_ERROR_EXTERNAL,
		.table = DESCRIPTOR_TABLE_GDT,
		.index = (error_code >> SELECTOR_ERROR_INDEX_SHIFT) & SELECTOR_ERROR_INDEX_MASK,
	};

	if (error_code & SELECTOR_ERROR_IDT)
		decoded.table = DESCRIPTOR_TABLE_IDT;
	else if (error_code & SELECTOR_ERROR_LDT)
		decoded.table = DESCRIPTOR_TABLE_LDT;
	return decoded;
}
//! [decode selector]

bool is_selector_error_vector(uint64_t vector)
{
	return vector == EXCEPTION_INVALID_TSS || vector == EXCEPTION_SEGMENT_NOT_PRESENT ||
	       vector == EXCEPTION_STACK_SEGMENT || vector == EXCEPTION_GENERAL_PROTECTION;
}

const char *descriptor_table_name(enum descriptor_table table)
{
	switch (table) {
	case DESCRIPTOR_TABLE_GDT:
		return "GDT";
	case DESCRIPTOR_TABLE_IDT:
		return "IDT";
	case DESCRIPTOR_TABLE_LDT:
		return "LDT";
	}
	return "?";
}
