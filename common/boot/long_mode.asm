; The first 64-bit instructions: finish the switch and call C.
;
; The far jump in boot32.asm loaded CS with the 64-bit code segment. The
; data segment registers still hold values from GRUB's 32-bit GDT, so they
; are reloaded with our data segment. Then the two values GRUB handed over
; are passed to kernel_main as its arguments (System V ABI: rdi, rsi).

extern kernel_main, panic, text_screen_setup
extern boot_stack_top, GDT64_DATA
global long_mode_start

section .text
bits 64

; [long mode start]
long_mode_start:
        mov ax, GDT64_DATA
        mov ss, ax
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax

        ; The upper halves of the 64-bit registers are undefined after the
        ; switch. Writing a 32-bit register clears its upper half, so these
        ; two moves zero-extend the magic and the boot information address.
        mov edi, edi                        ; 1st argument: Multiboot2 magic
        mov esi, esi                        ; 2nd argument: boot information

        ; A fresh, 16-byte aligned stack (the ABI's rule at a call), and a
        ; zero frame pointer: debuggers stop walking the stack there.
        mov rsp, boot_stack_top
        xor ebp, ebp

        ; Under UEFI there is no VGA text mode: text_screen_setup
        ; (common/text_screen.c) makes 0xb8000 a page of RAM that it draws
        ; into the framebuffer. The arguments are kept in callee-saved
        ; registers across the call.
        mov r12, rdi
        mov r13, rsi
        call text_screen_setup
        mov rdi, r12
        mov rsi, r13
        call kernel_main

        ; kernel_main must never return: there is nothing to return to.
        lea rdi, [rel msg_returned]
        call panic
; [long mode start]

section .rodata
msg_returned:
        db "kernel_main returned", 0

section .note.GNU-stack noalloc noexec nowrite progbits
