# Thread switching (System V x86-64). A voluntary switch saves only what the ABI says a callee
# must preserve (rbx, rbp, r12-r15) on the old stack and restores them from the new one; the
# caller has already saved everything else. Interrupt entry saves the full state, SSE included
# (cpu.S), before the handler may switch, so preemption also goes through here.
        .intel_syntax noprefix
        .text

# void osv_switch_stack(ulong* saveStackPointer /* rdi */, ulong newStackPointer /* rsi */)
        .globl osv_switch_stack
osv_switch_stack:
        push    rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15
        mov     [rdi], rsp
        mov     rsp, rsi
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbx
        pop     rbp
        ret

# First return target of a new thread's stack (see Thread.Metal.cs, PrepareStack): r12 holds
# the thread object, r13 the managed entry point; interrupts come on as the thread starts.
        .globl osv_thread_trampoline
osv_thread_trampoline:
        sti
        mov     rdi, r12
        xor     ebp, ebp                # end of the frame-pointer chain for panics
        and     rsp, -16
        call    r13
        ud2                             # the entry point never returns

# nint osv_thread_trampoline_address(void): for building new thread stacks in C#.
        .globl osv_thread_trampoline_address
osv_thread_trampoline_address:
        lea     rax, [rip + osv_thread_trampoline]
        ret

        .section .note.GNU-stack,"",@progbits
