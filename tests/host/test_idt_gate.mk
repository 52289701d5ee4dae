# Host test of the IDT gate encoding (lesson 05).
HOST_TESTS += test_idt_gate
test_idt_gate_SOURCES = lessons/05-exceptions/idt_gate.c
