; The first 64-bit instructions: finish the switch and call C.
;
; The far jump in boot32.asm loaded CS with the 64-bit code segment; the data
; segment registers, still GRUB's, are reloaded here. boot_info_setup (C) then
; readies the boot information for kernel_main (System V ABI: rdi, rsi).
MULTIBOOT2_BOOTLOADER_MAGIC equ 0x36d76289  ; what kernel_main gets either way

extern kernel_main, panic, text_screen_setup, boot_info_setup
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
        mov edi, edi                        ; 1st argument: the magic
        mov esi, esi                        ; 2nd argument: boot information

        ; A fresh, 16-byte aligned stack (the ABI's rule at a call), and a
        ; zero frame pointer: debuggers stop walking the stack there.
        mov rsp, boot_stack_top
        xor ebp, ebp

        ; Map the boot information and make it Multiboot2 (boot_info.c); under
        ; UEFI, draw 0xb8000 into the framebuffer (text_screen.c). r13 survives calls.
        call boot_info_setup
        mov r13, rax
        mov edi, MULTIBOOT2_BOOTLOADER_MAGIC
        mov rsi, r13
        call text_screen_setup
        mov edi, MULTIBOOT2_BOOTLOADER_MAGIC
        mov rsi, r13
        call kernel_main

        ; kernel_main must never return: there is nothing to return to.
        lea rdi, [rel msg_returned]
        call panic
; [long mode start]
long_mode_start_end:                        ; for the CFI below

; Where a debugger's backtrace ends. GDB finds a caller through the call
; frame information (CFI) the compiler writes for each C function, and
; guesses for code without it, such as this file: it took the word above
; boot_stack_top for long_mode_start's return address and showed one more,
; made-up frame (`0x0000000000000000 in ?? ()`). Zeroing a return address
; would not help: GDB still shows the zero as a frame. So long_mode_start
; gets CFI of its own that says "the return address is undefined", the
; DWARF way of marking the outermost frame (the C library's _start does the
; same). NASM has no .cfi_* directives, so this is the .debug_frame record
; written out byte by byte (DWARF 4 standard, section 6.4, describes the
; record; this one is a version 1 CIE, the DWARF 2 layout that GDB and
; readelf read in any .debug_frame): a CIE with x86_64's rules, then an FDE
; for long_mode_start. It is debug information only: nothing of it is
; loaded into memory.
section .debug_frame noalloc
cie:
        dd cie_end - cie_id                 ; length of the CIE
cie_id:
        dd 0xffffffff                       ; this is a CIE
        db 1                                ; CIE version 1 (DWARF 2's format)
        db 0                                ; no augmentation
        db 1                                ; code alignment factor
        db 0x78                             ; data alignment factor -8
        db 16                               ; return address: DWARF register 16, rip
        db 0x0c, 7, 8                       ; DW_CFA_def_cfa: rsp + 8
        db 0x90, 1                          ; DW_CFA_offset: rip at cfa - 8
        align 8, db 0                       ; DW_CFA_nop padding
cie_end:
        dd fde_end - fde_cie                ; length of the FDE
fde_cie:
        dd cie                              ; its CIE
        dq long_mode_start                  ; the code it covers
        dq long_mode_start_end - long_mode_start
        db 0x07, 16                         ; DW_CFA_undefined rip: outermost frame
        align 8, db 0
fde_end:

section .rodata
msg_returned:
        db "kernel_main returned", 0

section .note.GNU-stack noalloc noexec nowrite progbits
