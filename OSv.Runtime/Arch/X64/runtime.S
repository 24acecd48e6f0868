# Runtime helpers whose register contracts C# cannot express (x86-64, System V).
#
# Write barriers: the JIT assumes these clobber only a few scratch registers, and a C# store of
# a reference would itself call the barrier. The interim heap neither moves nor collects, so
# each barrier is a plain store.
        .intel_syntax noprefix
        .text

# void RhpAssignRef(object* destination /* rdi */, object value /* rsi */)
        .globl RhpAssignRef
        .type RhpAssignRef, @function
RhpAssignRef:
        mov     [rdi], rsi
        ret

# Same contract; "checked" means the destination may be outside the heap (a stack slot).
        .globl RhpCheckedAssignRef
        .type RhpCheckedAssignRef, @function
RhpCheckedAssignRef:
        mov     [rdi], rsi
        ret

# Copies one reference from [rsi] to [rdi] and advances both by 8; clobbers rcx only.
        .globl RhpByRefAssignRef
        .type RhpByRefAssignRef, @function
RhpByRefAssignRef:
        mov     rcx, [rsi]
        mov     [rdi], rcx
        add     rdi, 8
        add     rsi, 8
        ret

# Interface call entry: r11 = dispatch cell, rdi = receiver, arguments in rdi..r9 and
# xmm0..xmm7. Saves them, asks RhpResolveInterfaceDispatch(receiver, cell) for the target
# code, restores them and tail-jumps there.
        .globl RhpInitialDynamicInterfaceDispatch
        .type RhpInitialDynamicInterfaceDispatch, @function
RhpInitialDynamicInterfaceDispatch:
        push    rbp
        mov     rbp, rsp
        sub     rsp, 208                # 8 GPRs + 8 XMM registers, keeps rsp 16-byte aligned
        mov     [rsp + 0], rdi
        mov     [rsp + 8], rsi
        mov     [rsp + 16], rdx
        mov     [rsp + 24], rcx
        mov     [rsp + 32], r8
        mov     [rsp + 40], r9
        mov     [rsp + 48], rax
        mov     [rsp + 56], r10
        movdqu  [rsp + 64], xmm0
        movdqu  [rsp + 80], xmm1
        movdqu  [rsp + 96], xmm2
        movdqu  [rsp + 112], xmm3
        movdqu  [rsp + 128], xmm4
        movdqu  [rsp + 144], xmm5
        movdqu  [rsp + 160], xmm6
        movdqu  [rsp + 176], xmm7
        mov     rsi, r11
        call    RhpResolveInterfaceDispatch
        mov     r11, rax
        mov     rdi, [rsp + 0]
        mov     rsi, [rsp + 8]
        mov     rdx, [rsp + 16]
        mov     rcx, [rsp + 24]
        mov     r8, [rsp + 32]
        mov     r9, [rsp + 40]
        mov     rax, [rsp + 48]
        mov     r10, [rsp + 56]
        movdqu  xmm0, [rsp + 64]
        movdqu  xmm1, [rsp + 80]
        movdqu  xmm2, [rsp + 96]
        movdqu  xmm3, [rsp + 112]
        movdqu  xmm4, [rsp + 128]
        movdqu  xmm5, [rsp + 144]
        movdqu  xmm6, [rsp + 160]
        movdqu  xmm7, [rsp + 176]
        leave
        jmp     r11

# The runtime's spinlocks (Internal/Runtime/InterruptsOffSpinLock.cs) are held with interrupts
# off, as the kernel's are; these are the runtime's own copies because it cannot name OSv.Core.

# ulong osv_runtime_disable_interrupts(void): returns the previous RFLAGS.
        .globl osv_runtime_disable_interrupts
        .type osv_runtime_disable_interrupts, @function
osv_runtime_disable_interrupts:
        pushfq
        pop     rax
        cli
        ret

# void osv_runtime_restore_interrupts(ulong flags): interrupts back on if they were on in flags.
        .globl osv_runtime_restore_interrupts
        .type osv_runtime_restore_interrupts, @function
osv_runtime_restore_interrupts:
        test    edi, 0x200
        jz      1f
        sti
1:      ret

# void osv_runtime_pause(void): the spin-wait hint, for loops that wait on another CPU.
        .globl osv_runtime_pause
        .type osv_runtime_pause, @function
osv_runtime_pause:
        pause
        ret

# Last resort when the runtime fails before the kernel installed its panic service.
        .globl osv_runtime_halt
        .type osv_runtime_halt, @function
osv_runtime_halt:
        cli
1:      hlt
        jmp     1b

        .data
        .balign 8
# Stack-buffer canary that ilc-compiled code checks in methods with stackalloc.
        .globl __security_cookie
__security_cookie:
        .quad   0x2f5d7a3c91e84b16

        .section .note.GNU-stack,"",@progbits
