/* The slow path of every generated stub (x86-64 System V).
 *
 * Stubs are written in assembly rather than as C functions with the real prototypes because
 * they must forward ~650 (cuBLAS) and ~260 (cuDNN) functions whose prototypes come from CUDA 12 /
 * cuDNN 8 headers this build does not have: a stub that keeps every argument register and the
 * stack untouched forwards any signature (integer, pointer, float and double arguments, struct
 * returns) exactly. */
    .intel_syntax noprefix
    .text

/* in: r10d = symbol index. Resolves the symbol (compat_resolve) and returns with every argument
 * register (rdi rsi rdx rcx r8 r9, rax for variadic calls, xmm0-xmm7) as it found them. */
    .globl compat_resolve_preserving
    .hidden compat_resolve_preserving
    .type compat_resolve_preserving, @function
    .p2align 4
compat_resolve_preserving:
    /* entry: rsp = 0 mod 16 (the stub was entered at 8 mod 16 and called us) */
    push rdi
    push rsi
    push rdx
    push rcx
    push r8
    push r9
    push rax
    sub rsp, 136                /* 7 pushes + 136 = 192: aligned again for the call below */
    movdqu [rsp], xmm0
    movdqu [rsp + 16], xmm1
    movdqu [rsp + 32], xmm2
    movdqu [rsp + 48], xmm3
    movdqu [rsp + 64], xmm4
    movdqu [rsp + 80], xmm5
    movdqu [rsp + 96], xmm6
    movdqu [rsp + 112], xmm7
    mov edi, r10d
    call compat_resolve
    movdqu xmm0, [rsp]
    movdqu xmm1, [rsp + 16]
    movdqu xmm2, [rsp + 32]
    movdqu xmm3, [rsp + 48]
    movdqu xmm4, [rsp + 64]
    movdqu xmm5, [rsp + 80]
    movdqu xmm6, [rsp + 96]
    movdqu xmm7, [rsp + 112]
    add rsp, 136
    pop rax
    pop r9
    pop r8
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    ret
    .size compat_resolve_preserving, .-compat_resolve_preserving

    .section .note.GNU-stack,"",@progbits
