/* Calls a target whose status must be renumbered before it returns to the caller (cuDNN 9 ->
 * cuDNN 8). A tail call cannot post-process the result, and a plain call moves the stack
 * arguments, so this copies the caller's first 32 stack slots (arguments 7 to 38: more than any
 * cuDNN 8 function takes) into a new frame, calls the target with the argument registers
 * untouched, and passes eax through compat_status_from_target. Reading slots the caller did not
 * pass is harmless: they lie in the caller's own, mapped, frames. */
    .intel_syntax noprefix
    .text

/* in: r11 = target; entered by jmp from a stub, so [rsp] is the caller's return address */
    .globl compat_call_mapped
    .hidden compat_call_mapped
    .type compat_call_mapped, @function
    .p2align 4
compat_call_mapped:
    push rbp
    mov rbp, rsp
    push r11                    /* target at [rbp - 8] */
    sub rsp, 264                /* 32 slots + pad: rsp = 0 mod 16 at the call */
    xor r10d, r10d
.Lcopy:
    mov r11, [rbp + 16 + r10 * 8]
    mov [rsp + r10 * 8], r11
    inc r10
    cmp r10, 32
    jb .Lcopy
    call [rbp - 8]
    mov edi, eax
    call compat_status_from_target
    leave
    ret
    .size compat_call_mapped, .-compat_call_mapped

    .section .note.GNU-stack,"",@progbits
