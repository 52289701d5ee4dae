; The PVH ELF note: the few bytes that tell QEMU "this ELF file can be
; started directly, without a boot loader".
;
; QEMU's -kernel option loads a Linux bzImage, a Multiboot1 kernel, or an
; ELF file that carries this note (the PVH boot protocol, which comes from
; the Xen hypervisor). It reads the ELF file's PT_NOTE segment, finds the
; note named "Xen" of type XEN_ELFNOTE_PHYS32_ENTRY, loads the PT_LOAD
; segments itself and jumps to the 32-bit physical address the note holds:
; protected mode, paging off, ebx = the address of struct hvm_start_info
; (common/include/pvh.h). Our entry is the same _start that GRUB jumps to;
; boot32.asm tells the two apart by the magic number at [ebx].
;
; An ELF note is a header of three 32-bit words (name size, descriptor
; size, type), then the name and then the descriptor, each padded to
; 4 bytes. kernel.ld gives this section a PT_NOTE segment of its own.

XEN_ELFNOTE_PHYS32_ENTRY equ 18

extern _start                               ; boot32.asm

section .note.Xen progbits alloc noexec nowrite align=4
; [note]
pvh_note:
        dd pvh_note_name_end - pvh_note_name ; name size, with its NUL
        dd pvh_note_desc_end - pvh_note_desc ; descriptor size
        dd XEN_ELFNOTE_PHYS32_ENTRY         ; type
pvh_note_name:
        db "Xen", 0
pvh_note_name_end:
        align 4, db 0
pvh_note_desc:
        ; QEMU reads 8 bytes here, so the address is written as 64 bits.
        dq _start
pvh_note_desc_end:
; [note]

section .note.GNU-stack noalloc noexec nowrite progbits
