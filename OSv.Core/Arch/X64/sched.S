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
# the thread object, r13 the managed entry point. Interrupts are still off (the switch ran with
# them off); the entry point turns them on once it has finished the switch's bookkeeping.
        .globl osv_thread_trampoline
osv_thread_trampoline:
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

# Per-CPU data, reached through the GS base (nothing else uses GS: there is no user mode and
# no swapgs). Each CPU's block is one cache line: [0] the CPU's index, [8] its running thread.
# Reading the running thread is one instruction, so a thread that is preempted and migrated
# right after still got its own reference, never another CPU's.
        .set    CPU_BLOCK_SHIFT, 6
        .set    CPUS_MAX, 64
        .set    MSR_GS_BASE, 0xC0000101

# void osv_enter_cpu(int index): points this CPU's GS base at block[index] and records index.
        .globl osv_enter_cpu
osv_enter_cpu:
        mov     eax, edi
        shl     rax, CPU_BLOCK_SHIFT
        lea     rdx, [rip + cpu_blocks]
        add     rax, rdx
        mov     dword ptr [rax], edi
        mov     rdx, rax
        shr     rdx, 32
        mov     ecx, MSR_GS_BASE
        wrmsr
        ret

# int osv_cpu_index(void)
        .globl osv_cpu_index
osv_cpu_index:
        mov     eax, dword ptr gs:[0]
        ret

# Thread osv_current_thread(void)
        .globl osv_current_thread
osv_current_thread:
        mov     rax, qword ptr gs:[8]
        ret

# void osv_set_current_thread(Thread thread)
        .globl osv_set_current_thread
osv_set_current_thread:
        mov     qword ptr gs:[8], rdi
        ret

# void osv_pause(void): the spin-wait hint.
        .globl osv_pause
osv_pause:
        pause
        ret

        .bss
        .balign 64
cpu_blocks:
        .skip   CPUS_MAX << CPU_BLOCK_SHIFT

        .section .note.GNU-stack,"",@progbits
