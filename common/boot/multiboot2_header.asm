; The Multiboot2 header: the few bytes that tell GRUB "this file is a kernel
; you can load, and it wants the Multiboot2 boot protocol".
;
; GRUB searches the first 32 KiB of the file for the magic number on an
; 8-byte boundary, then checks that magic + architecture + length + checksum
; add up to zero (mod 2^32). The header ends with a list of tags; we ask for
; nothing special, so the list holds only the end tag. GRUB then loads our
; ELF segments, enters 32-bit protected mode and jumps to the ELF entry point.

MULTIBOOT2_MAGIC        equ 0xe85250d6
MULTIBOOT2_ARCH_I386    equ 0           ; 32-bit protected mode on x86

section .multiboot2 progbits alloc noexec nowrite align=8
; [header]
multiboot2_header:
        dd MULTIBOOT2_MAGIC
        dd MULTIBOOT2_ARCH_I386
        dd multiboot2_header_end - multiboot2_header         ; header length
        dd 0x100000000 - (MULTIBOOT2_MAGIC + MULTIBOOT2_ARCH_I386 + \
                          (multiboot2_header_end - multiboot2_header))
        ; end tag: type 0, flags 0, size 8
        dw 0
        dw 0
        dd 8
multiboot2_header_end:
; [header]

section .note.GNU-stack noalloc noexec nowrite progbits
