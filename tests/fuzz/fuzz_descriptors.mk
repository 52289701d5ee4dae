# Fuzz harness of the IDT gate, segment and TSS descriptor encoders (lessons 05-06).
FUZZ_TESTS += fuzz_descriptors
fuzz_descriptors_SOURCES = lessons/05-exceptions/idt_gate.c lessons/06-double-faults/descriptor.c
