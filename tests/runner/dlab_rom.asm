; A PC option ROM that leaves COM1 in the state a boot loader or firmware
; may leave a real UART in: its divisor latch selected (DLAB, bit 7 of the
; line control register, set). Bytes written to the data port then change
; the baud-rate divisor instead of going out on the wire: a kernel that
; sends without programming the UART first says nothing. SeaBIOS runs it
; during POST (QEMU's -option-rom), before it starts the kernel.
; tests/runner/check_boot_error_uart.py builds it (nasm -f bin) and sets
; the checksum byte.
; (IBM PC option ROMs: 0x55 0xAA, the length in 512-byte blocks, then the
; entry point that the BIOS far-calls; all bytes add up to 0 modulo 256.)
bits 16
org 0

COM1_LINE_CONTROL equ 0x3fb
LCR_DLAB          equ 0x80

        db 0x55, 0xaa
        db 1                                ; one 512-byte block
        jmp short init
init:
        push ax
        push dx
        mov dx, COM1_LINE_CONTROL
        mov al, LCR_DLAB                    ; the divisor latch, 5N1
        out dx, al
        pop dx
        pop ax
        retf
        times 511 - ($ - $$) db 0
        db 0                                ; the checksum, set by the check
