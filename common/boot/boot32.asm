; The 32-bit entry point: GRUB (or QEMU's direct boot) jumps here.
;
; Nothing is set up for us yet: no stack we own, paging off, and a CPU that
; runs 32-bit code. This file checks that we were loaded the right way and
; that the CPU can run 64-bit code, builds the page tables that long mode
; requires, switches long mode on and far-jumps into 64-bit code
; (long_mode.asm). C cannot do any of this: the compiler emits 64-bit code,
; which this CPU cannot run until the switch is complete.

MULTIBOOT2_BOOTLOADER_MAGIC equ 0x36d76289  ; what GRUB leaves in eax
HVM_START_MAGIC equ 0x336ec578              ; what a direct boot's [ebx] starts with

; [constants]
PTE_PRESENT     equ 1 << 0
PTE_WRITABLE    equ 1 << 1
PTE_HUGE        equ 1 << 7                  ; 2 MiB page in a level-2 table
PTE_NX_HIGH     equ 1 << 31                 ; bit 63 (no-execute), seen from the high dword

CR0_WP          equ 1 << 16                 ; read-only pages are read-only for the kernel too
CR0_PG          equ 1 << 31                 ; paging on
CR4_PAE         equ 1 << 5                  ; 64-bit page table entries (required by long mode)
MSR_EFER        equ 0xc0000080
EFER_LME        equ 1 << 8                  ; long mode enable
EFER_NXE        equ 1 << 11                 ; honour the no-execute bit

CPUID_EFLAGS_ID     equ 1 << 21             ; writable only if the CPU has CPUID
CPUID_EXTENDED_MAX  equ 0x80000000
CPUID_EXTENDED_INFO equ 0x80000001
CPUID_EDX_NX        equ 1 << 20
CPUID_EDX_LONG_MODE equ 1 << 29
; [constants]

VGA_TEXT_BUFFER equ 0xb8000
VGA_WHITE_ON_RED equ 0x4f
COM1_DATA       equ 0x3f8
COM1_LINE_STATUS equ 5                      ; offset from COM1_DATA
COM1_TRANSMIT_EMPTY equ 0x20                ; line status: can take a byte

BOOT_STACK_SIZE equ 16 * 1024

extern long_mode_start                      ; long_mode.asm
extern __kernel_start, __text_start, __text_end ; kernel.ld
extern __double_fault_stack_guard, __nmi_stack_guard ; kernel.ld: IST guard pages
global _start, boot_stack_top, boot_stack_guard, boot_pml4
global GDT64_CODE, GDT64_DATA

section .text
bits 32

; [entry]
_start:
        cld
        mov esp, boot_stack_top
        mov edi, eax                        ; keep the magic for kernel_main
        mov esi, ebx                        ; keep the boot information's address

        call check_boot_protocol            ; GRUB or a direct boot?
        call check_cpuid
        call check_long_mode
        call build_page_tables
        call enable_paging_in_long_mode

        ; Paging is on and we are in compatibility mode: 64-bit mode with a
        ; 32-bit code segment. Loading a 64-bit code segment into CS, which
        ; only a far jump can do, completes the switch.
        lgdt [gdt64.pointer]
        jmp GDT64_CODE:long_mode_start

; [entry]

; check_boot_protocol is further down, beside boot_error; the functions that
; follow here come in the order _start calls them.

; [check long mode]
; CPUID exists if the ID bit of EFLAGS (bit 21) can be flipped.
check_cpuid:
        pushfd
        pop eax
        mov ecx, eax                        ; original EFLAGS
        xor eax, CPUID_EFLAGS_ID
        push eax
        popfd
        pushfd
        pop eax                             ; EFLAGS as the CPU kept it
        push ecx
        popfd                               ; restore the original
        cmp eax, ecx
        je .no_cpuid                        ; the bit would not change
        ret
.no_cpuid:
        mov ebx, msg_no_cpuid
        jmp boot_error

; Extended CPUID leaf 0x80000001 tells whether long mode and the
; no-execute bit exist. Older CPUs do not even have that leaf.
check_long_mode:
        mov eax, CPUID_EXTENDED_MAX
        cpuid
        cmp eax, CPUID_EXTENDED_INFO
        jb .no_long_mode
        mov eax, CPUID_EXTENDED_INFO
        cpuid
        test edx, CPUID_EDX_LONG_MODE
        jz .no_long_mode
        test edx, CPUID_EDX_NX
        jz .no_nx
        ret
.no_long_mode:
        mov ebx, msg_no_long_mode
        jmp boot_error
.no_nx:
        mov ebx, msg_no_nx
        jmp boot_error
; [check long mode]

; [page tables]
; Identity-map the first 1 GiB: virtual address = physical address.
;   level 4 (boot_pml4)[0] -> level 3 (boot_pdpt)[0] -> level 2 (boot_pd)
;   boot_pd[0]      -> boot_pt: the first 2 MiB in 4 KiB pages, so that each
;                      page can get its own permissions (below)
;   boot_pd[1..511] -> 2 MiB pages, read-write, no-execute
; Permissions of the first 2 MiB, page by page:
;   page 0                       not present: a null pointer access faults
;   below the kernel (BIOS, VGA) read-write, no-execute
;   .rodata (and the header)     read-only, no-execute
;   .text                        read + execute
;   boot_stack_guard             not present: a stack overflow faults
;   the IST stacks' guard pages  not present, the same way (kernel.ld)
;   .data, .bss, the rest        read-write, no-execute
build_page_tables:
        mov eax, boot_pdpt
        or eax, PTE_PRESENT | PTE_WRITABLE
        mov [boot_pml4], eax
        mov eax, boot_pd
        or eax, PTE_PRESENT | PTE_WRITABLE
        mov [boot_pdpt], eax
        mov eax, boot_pt
        or eax, PTE_PRESENT | PTE_WRITABLE
        mov [boot_pd], eax

        mov ecx, 1                          ; boot_pd[1..511]: 2 MiB pages
.huge_page:
        mov eax, ecx
        shl eax, 21                         ; physical address = index * 2 MiB
        or eax, PTE_PRESENT | PTE_WRITABLE | PTE_HUGE
        mov [boot_pd + ecx * 8], eax
        mov dword [boot_pd + ecx * 8 + 4], PTE_NX_HIGH
        inc ecx
        cmp ecx, 512
        jne .huge_page

        xor ecx, ecx                        ; boot_pt[0..511]: 4 KiB pages
.small_page:
        mov eax, ecx
        shl eax, 12                         ; physical address = index * 4 KiB
        xor edx, edx                        ; high dword: bit 63 is no-execute
        test eax, eax
        jz .not_present
        cmp eax, boot_stack_guard
        je .not_present
        cmp eax, __double_fault_stack_guard
        je .not_present
        cmp eax, __nmi_stack_guard
        je .not_present
        cmp eax, __kernel_start
        jb .read_write
        cmp eax, __text_start
        jb .read_only
        cmp eax, __text_end
        jb .executable
.read_write:
        or eax, PTE_PRESENT | PTE_WRITABLE
        mov edx, PTE_NX_HIGH
        jmp .store
.read_only:
        or eax, PTE_PRESENT
        mov edx, PTE_NX_HIGH
        jmp .store
.executable:
        or eax, PTE_PRESENT
        jmp .store
.not_present:
        xor eax, eax
.store:
        mov [boot_pt + ecx * 8], eax
        mov [boot_pt + ecx * 8 + 4], edx
        inc ecx
        cmp ecx, 512
        jne .small_page
        ret
; [page tables]

; [enable long mode]
; The order matters: CR3 and PAE first, then long mode (and NX) in EFER,
; and only then paging; turning paging on with EFER.LME set activates long
; mode.
enable_paging_in_long_mode:
        mov eax, boot_pml4
        mov cr3, eax
        mov eax, cr4
        or eax, CR4_PAE
        mov cr4, eax
        mov ecx, MSR_EFER
        rdmsr
        or eax, EFER_LME | EFER_NXE
        wrmsr
        mov eax, cr0
        or eax, CR0_PG | CR0_WP
        mov cr0, eax
        ret
; [enable long mode]

; [boot protocol]
; Two ways in. GRUB leaves its magic in eax and the Multiboot2 information
; at ebx. QEMU's direct boot (PVH) promises only ebx: it points to a start
; info whose first field is HVM_START_MAGIC, and eax holds whatever the
; firmware left there (under qboot even the old Multiboot1 magic). So the
; magic at [ebx] is checked first; with paging off, reading any address
; cannot fault. Leaves the protocol's magic in edi for boot_info_setup().
check_boot_protocol:
        cmp dword [ebx], HVM_START_MAGIC
        jne .multiboot2
        mov edi, HVM_START_MAGIC
        ret
.multiboot2:
        cmp edi, MULTIBOOT2_BOOTLOADER_MAGIC
        jne .not_multiboot2
        ret
.not_multiboot2:
        mov ebx, msg_not_multiboot2
        jmp boot_error
; [boot protocol]

; [boot error]
; Shows the NUL-terminated message at ebx in the top-left corner of the VGA
; text screen (white on red) and on COM1, then stops the CPU for good.
; This is all the output we have before C runs. No C code has set COM1 up
; either, so it gets serial_init()'s settings here first (a real UART may
; still hold the firmware's speed, or none), and each byte waits until the
; transmitter can take it.
boot_error:
        mov esi, uart_setup
        mov ecx, UART_SETUP_STEPS
.setup:
        movzx edx, byte [esi]               ; a register of COM1...
        add edx, COM1_DATA
        mov al, [esi + 1]                   ; ...and its value
        out dx, al
        add esi, 2
        loop .setup
        mov edi, VGA_TEXT_BUFFER
.next_char:
        mov cl, [ebx]
        test cl, cl
        jz .stop
        mov ch, VGA_WHITE_ON_RED
        mov [edi], cx
        call serial_out
        add edi, 2
        inc ebx
        jmp .next_char
.stop:
        mov cl, 10                          ; end the serial line
        call serial_out
        cli
.halt:
        hlt
        jmp .halt

; Sends the byte in cl on COM1 once its transmit register is empty.
serial_out:
        mov dx, COM1_DATA + COM1_LINE_STATUS
.wait:
        in al, dx
        test al, COM1_TRANSMIT_EMPTY
        jz .wait
        mov dx, COM1_DATA
        mov al, cl
        out dx, al
        ret

section .rodata
; COM1's set-up as serial_init() does it: (register offset, value) pairs.
uart_setup:
        db 1, 0x00                          ; no interrupts
        db 3, 0x80                          ; DLAB: the next two are the divisor
        db 0, 1                             ; divisor 1: 115200 baud
        db 1, 0
        db 3, 0x03                          ; 8 data bits, no parity, 1 stop bit
        db 2, 0x07                          ; FIFOs on and cleared
        db 4, 0x0b                          ; DTR, RTS, OUT2
UART_SETUP_STEPS equ ($ - uart_setup) / 2
msg_not_multiboot2:
        db "boot error: not started by a Multiboot2 boot loader (such as GRUB 2) or QEMU's direct boot", 0
msg_no_cpuid:
        db "boot error: this CPU has no CPUID instruction", 0
msg_no_long_mode:
        db "boot error: this CPU has no 64-bit long mode", 0
msg_no_nx:
        db "boot error: this CPU has no no-execute (NX) page protection", 0
; [boot error]

; [gdt]
; A 64-bit GDT: in long mode segments no longer have a base or a limit, but
; CS must still name a descriptor with the L (64-bit code) bit set, and the
; data registers a present, writable data descriptor. The accessed bit (40)
; is set in advance, so the CPU never has to write to this read-only table.
SEG_ACCESSED    equ 1 << 40
SEG_WRITABLE    equ 1 << 41                 ; for data; "readable" for code
SEG_EXECUTABLE  equ 1 << 43
SEG_CODE_DATA   equ 1 << 44                 ; not a system segment
SEG_PRESENT     equ 1 << 47
SEG_LONG_MODE   equ 1 << 53

align 8
gdt64:
        dq 0                                ; the CPU requires a null first entry
GDT64_CODE equ $ - gdt64
        dq SEG_ACCESSED | SEG_WRITABLE | SEG_EXECUTABLE | SEG_CODE_DATA | SEG_PRESENT | SEG_LONG_MODE
GDT64_DATA equ $ - gdt64
        dq SEG_ACCESSED | SEG_WRITABLE | SEG_CODE_DATA | SEG_PRESENT
.pointer:
        dw .pointer - gdt64 - 1             ; limit: size in bytes minus one
        dq gdt64                            ; base
; [gdt]

; Page tables and the boot stack. GRUB (or QEMU, in a direct boot) zero-fills
; .bss when it loads us.
; [page table memory]
section .bss nobits alloc noexec write align=4096
boot_pml4:      resb 4096
boot_pdpt:      resb 4096
boot_pd:        resb 4096
boot_pt:        resb 4096
; [page table memory]
; [stack]
boot_stack_guard:                           ; left unmapped by build_page_tables
                resb 4096
boot_stack_bottom:
                resb BOOT_STACK_SIZE
boot_stack_top:
; [stack]

section .note.GNU-stack noalloc noexec nowrite progbits
