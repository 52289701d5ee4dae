; The NMI's entry: NMIs that cannot overwrite each other on IST2.
;
; From the moment the CPU delivers an NMI it holds further NMIs back, until
; the next iretq -- any iretq. An exception inside the NMI handler (an int3,
; a page fault that lesson 08 repairs) returns with iretq, and from then on
; a new NMI is delivered at once. Its gate asks for IST2 too, so the CPU
; loads RSP with the top of IST2 again and writes the new frame over the
; frame, the registers and the C stack of the NMI it interrupts.
;
; Linux solves this on x86_64 with "nested NMI" handling in its entry code
; (arch/x86/entry/entry_64.S), and this file follows its idea, simplified
; for one CPU and no user mode:
;
; - A nested NMI is one whose interrupted RSP lies inside the NMI stack:
;   only NMI handling (and the exceptions it takes, which stay on the
;   current stack) ever runs there.
; - The top of the stack is left to nested NMIs: their frame and two saved
;   registers. Below it, the first NMI keeps a copy of its frame that
;   nothing overwrites (the "saved frame"), and below that the frame that
;   the final iretq returns through (the "return frame"), with the usual
;   struct interrupt_frame and the C stack under it.
; - A nested NMI does not run the handler. It rewrites the return frame so
;   that the first NMI's iretq goes to nmi_repeat, on this stack, instead
;   of back to the interrupted code, and returns to the first NMI at once.
;   nmi_repeat copies the saved frame into the return frame again and runs
;   the handler once more: the nested NMI is handled after the first one,
;   as the CPU would have done had it kept NMIs blocked. Like the CPU, it
;   remembers one NMI, not how many.
;
; IST2's top, T (16-byte aligned, as the CPU aligns RSP), from the top down:
;
;   T-40 .. T     the frame the CPU pushes for every NMI (a nested one too)
;   T-56 .. T-40  RAX and RDX, saved by this entry while it decides
;   T-96 .. T-56  the saved frame: the first NMI's, untouched until it ends
;   T-136.. T-96  the return frame: the CPU part of struct interrupt_frame
;   below         error code, vector, registers, then the C stack
;
; So the NMI handler must leave the CPU part of its frame alone: a nested
; NMI may have pointed it at nmi_repeat (frame->rip then says so).

extern interrupt_common
global nmi_entry

; Must equal NMI_STACK_SIZE in tss.h; nmi_init() checks.
NMI_STACK_SIZE equ 16 * 1024
EXCEPTION_NMI equ 2
; RFLAGS for nmi_repeat: bit 1 is always set, IF (bit 9) clear as in any NMI.
RFLAGS_FIXED equ 1 << 1

; Offsets from RSP once RAX and RDX are saved (RSP = T-56): the frame the
; CPU pushed for this NMI, and the top of the stack itself.
NMI_RIP equ 16
NMI_CS equ 24
NMI_RSP equ 40
NMI_SS equ 48
STACK_TOP equ 56
; The return frame, from the same RSP: RIP at T-136 ... SS at T-104, and
; its top (T-96), just below the saved frame.
RETURN_RIP equ -80
RETURN_CS equ -72
RETURN_RFLAGS equ -64
RETURN_RSP equ -56
RETURN_SS equ -48
RETURN_TOP equ -40

section .text
bits 64

; [entry]
nmi_entry:
        push rax
        push rdx
        ; Did this NMI interrupt NMI handling? Then the interrupted RSP is
        ; inside this stack: 0 < T - RSP <= NMI_STACK_SIZE.
        lea rax, [rsp + STACK_TOP]
        sub rax, [rsp + NMI_RSP]
        dec rax
        cmp rax, NMI_STACK_SIZE             ; unsigned: RSP at or above T wraps
        jb nmi_nested
        pop rdx
        pop rax
        sub rsp, 16                         ; leave the two slots to nested NMIs
        ; The saved frame: the CPU's five words, 56 bytes up. A push whose
        ; operand is addressed through RSP reads before RSP moves, so the
        ; same instruction copies one word after the other, SS first.
%rep 5
        push qword [rsp + 48]
%endrep
nmi_repeat:
        ; The return frame: a copy of the saved frame, 40 bytes up.
%rep 5
        push qword [rsp + 32]
%endrep
nmi_repeat_copied:
        push 0                              ; no error code
        push EXCEPTION_NMI
        jmp interrupt_common                ; the handler, then iretq through the return frame
; [entry]

; [nested]
nmi_nested:
        ; Interrupted while nmi_repeat copies the return frame: that copy is
        ; about to run the handler anyway, and this NMI merges with it.
        lea rax, [rel nmi_repeat]
        mov rdx, [rsp + NMI_RIP]
        sub rdx, rax
        cmp rdx, nmi_repeat_copied - nmi_repeat
        jb nmi_nested_return
        ; Otherwise make the interrupted NMI's final iretq go to nmi_repeat,
        ; with RSP just below the saved frame (T-96), interrupts still off.
        mov [rsp + RETURN_RIP], rax
        mov rdx, [rsp + NMI_CS]
        mov [rsp + RETURN_CS], rdx
        mov qword [rsp + RETURN_RFLAGS], RFLAGS_FIXED
        lea rdx, [rsp + RETURN_TOP]
        mov [rsp + RETURN_RSP], rdx
        mov rdx, [rsp + NMI_SS]
        mov [rsp + RETURN_SS], rdx
nmi_nested_return:
        pop rdx
        pop rax
        iretq                               ; back into the interrupted NMI handling
; [nested]

section .rodata
global nmi_entry_stack_size
nmi_entry_stack_size:
        dd NMI_STACK_SIZE

section .note.GNU-stack noalloc noexec nowrite progbits
