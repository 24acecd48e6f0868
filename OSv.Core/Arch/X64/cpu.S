# Small CPU primitives the C# kernel calls through [RuntimeImport] (plain System V calls), and
# the exception entry stubs.
        .intel_syntax noprefix
        .text

        .globl osv_outb
osv_outb:                               # void osv_outb(ushort port, byte value)
        mov     edx, edi
        mov     eax, esi
        out     dx, al
        ret

        .globl osv_inb
osv_inb:                                # byte osv_inb(ushort port)
        mov     edx, edi
        xor     eax, eax
        in      al, dx
        ret

        .globl osv_outl
osv_outl:                               # void osv_outl(ushort port, uint value)
        mov     edx, edi
        mov     eax, esi
        out     dx, eax
        ret

        .globl osv_halt_forever
osv_halt_forever:
        cli
1:      hlt
        jmp     1b

        .globl osv_read_tsc
osv_read_tsc:                           # ulong osv_read_tsc(void), ordered after earlier loads
        lfence
        rdtsc
        shl     rdx, 32
        or      rax, rdx
        ret

        .globl osv_read_cr3
osv_read_cr3:
        mov     rax, cr3
        ret

        .globl osv_invalidate_page
osv_invalidate_page:                    # void osv_invalidate_page(ulong address)
        invlpg  [rdi]
        ret

        .globl osv_boot_stack_guard_address
osv_boot_stack_guard_address:
        lea     rax, [rip + boot_stack_guard]
        ret

# The image's file archive (section .osv_files, kernel.ld): its first byte and one past its last.
        .globl osv_image_files_start
osv_image_files_start:                  # byte* osv_image_files_start(void)
        lea     rax, [rip + __osv_files_start]
        ret

        .globl osv_image_files_end
osv_image_files_end:                    # byte* osv_image_files_end(void)
        lea     rax, [rip + __osv_files_end]
        ret

# The FS base (IA32_FS_BASE): the thread pointer of C code on this CPU (Scheduler.Metal.cs
# loads the running thread's on every switch). The kernel itself never addresses through FS.
        .set    MSR_FS_BASE, 0xC0000100

        .globl osv_write_fs_base
osv_write_fs_base:                      # void osv_write_fs_base(ulong base)
        mov     ecx, MSR_FS_BASE
        mov     rax, rdi
        mov     rdx, rdi
        shr     rdx, 32
        wrmsr
        ret

        .globl osv_read_fs_base
osv_read_fs_base:                       # ulong osv_read_fs_base(void)
        mov     ecx, MSR_FS_BASE
        rdmsr
        shl     rdx, 32
        or      rax, rdx
        ret

# ulong osv_read_fs_word(long offset): the 8 bytes at fs:[offset], the way C code reads its TLS
# and its stack-protector canary (fs:[0x28]). For tests of the thread-pointer switching.
        .globl osv_read_fs_word
osv_read_fs_word:
        mov     rax, qword ptr fs:[rdi]
        ret

# void osv_load_cpu_tables(byte* tables, ulong faultStackTop): this CPU's own GDT (at tables)
# and TSS (at tables + 64), whose IST1 is a dedicated fault stack; loads both. Same selectors
# as the boot GDT (0x08 code, 0x10 data), plus the TSS at 0x18. Every CPU needs its own TSS.
        .globl osv_load_cpu_tables
osv_load_cpu_tables:
        mov     qword ptr [rdi], 0
        mov     rax, 0x00AF9A000000FFFF         # 64-bit code
        mov     [rdi + 8], rax
        mov     rax, 0x00CF92000000FFFF         # data
        mov     [rdi + 16], rax
        lea     rax, [rdi + 64]                 # the TSS
        mov     [rax + 36], rsi                 # IST1
        mov     word ptr [rax + 102], 104       # I/O map base beyond the TSS: no I/O bitmap
        mov     word ptr [rdi + 24], 103        # TSS descriptor: limit
        mov     [rdi + 26], ax                  # base 15..0
        mov     rcx, rax
        shr     rcx, 16
        mov     [rdi + 28], cl                  # base 23..16
        mov     byte ptr [rdi + 29], 0x89       # present, 64-bit TSS (available)
        mov     byte ptr [rdi + 30], 0
        mov     [rdi + 31], ch                  # base 31..24
        shr     rax, 32
        mov     [rdi + 32], eax                 # base 63..32
        mov     dword ptr [rdi + 36], 0
        sub     rsp, 16
        mov     word ptr [rsp], 39              # GDT limit: five 8-byte slots
        mov     [rsp + 2], rdi
        lgdt    [rsp]
        add     rsp, 16
        # Reload the segment registers from this GDT: an AP arrives with its trampoline's
        # selectors (code at 0x18), which an iretq would otherwise bring back.
        push    0x08
        lea     rax, [rip + 1f]
        push    rax
        retfq
1:      mov     ax, 0x10
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     ax, 0x18
        ltr     ax
        ret

# void osv_route_faults_to_fault_stack(void): double faults and page faults switch to IST1, so
# that a fault on an overflowed stack still has a stack to report from (once, for the shared IDT).
        .globl osv_route_faults_to_fault_stack
osv_route_faults_to_fault_stack:
        lea     rdi, [rip + idt]
        mov     byte ptr [rdi + 8 * 16 + 4], 1
        mov     byte ptr [rdi + 14 * 16 + 4], 1
        ret

        .globl osv_read_cr2
osv_read_cr2:
        mov     rax, cr2
        ret

# Exception entry. Each stub pushes a zero error code where the CPU pushes none, then its vector,
# and joins the common path, which saves the general registers and calls
# osv_exception(frame). The frame layout is OSv.Core.Arch.X64.TrapFrame.
        .macro EXCEPTION_STUB vector, has_error_code
exception_stub_\vector:
        .if \has_error_code == 0
        push    0
        .endif
        push    \vector
        jmp     exception_common
        .endm

        EXCEPTION_STUB 0, 0
        EXCEPTION_STUB 1, 0
        EXCEPTION_STUB 2, 0
        EXCEPTION_STUB 3, 0
        EXCEPTION_STUB 4, 0
        EXCEPTION_STUB 5, 0
        EXCEPTION_STUB 6, 0
        EXCEPTION_STUB 7, 0
        EXCEPTION_STUB 8, 1
        EXCEPTION_STUB 9, 0
        EXCEPTION_STUB 10, 1
        EXCEPTION_STUB 11, 1
        EXCEPTION_STUB 12, 1
        EXCEPTION_STUB 13, 1
        EXCEPTION_STUB 14, 1
        EXCEPTION_STUB 15, 0
        EXCEPTION_STUB 16, 0
        EXCEPTION_STUB 17, 1
        EXCEPTION_STUB 18, 0
        EXCEPTION_STUB 19, 0
        EXCEPTION_STUB 20, 0
        EXCEPTION_STUB 21, 1
        EXCEPTION_STUB 22, 0
        EXCEPTION_STUB 23, 0
        EXCEPTION_STUB 24, 0
        EXCEPTION_STUB 25, 0
        EXCEPTION_STUB 26, 0
        EXCEPTION_STUB 27, 0
        EXCEPTION_STUB 28, 0
        EXCEPTION_STUB 29, 1
        EXCEPTION_STUB 30, 1
        EXCEPTION_STUB 31, 0

        .macro PUSH_GENERAL_REGISTERS
        push    rax
        push    rbx
        push    rcx
        push    rdx
        push    rsi
        push    rdi
        push    rbp
        push    r8
        push    r9
        push    r10
        push    r11
        push    r12
        push    r13
        push    r14
        push    r15
        .endm

        .macro POP_GENERAL_REGISTERS
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     r11
        pop     r10
        pop     r9
        pop     r8
        pop     rbp
        pop     rdi
        pop     rsi
        pop     rdx
        pop     rcx
        pop     rbx
        pop     rax
        .endm

# osv_exception_filter(frame) may let a handler the runtime installed rewrite the frame (a managed
# fault becomes a managed exception: Platform/Faults.Metal.cs); it returns 1 to resume at the
# frame's (new) rip, 0 to panic. The SSE state is saved around it: the handler is C# and uses
# xmm registers, and a resumed thread must find its own.
exception_common:
        PUSH_GENERAL_REGISTERS
        mov     rbx, rsp                # the trap frame; rbx survives the calls
        sub     rsp, 512
        and     rsp, -16
        fxsave  [rsp]
        mov     rdi, rbx
        call    osv_exception_filter
        test    eax, eax
        jz      1f
        fxrstor [rsp]
        mov     rsp, rbx
        POP_GENERAL_REGISTERS
        add     rsp, 16                 # vector and error code
        iretq
1:      mov     rdi, rbx
        call    osv_exception
        jmp     osv_halt_forever        # the handler panics; it never returns


# Device and timer interrupts: the full register state, SSE included, is saved on the
# interrupted thread's stack, so the handler may switch threads (preemption) and the
# interrupted thread resumes here later, exactly as it was.
        .macro INTERRUPT_STUB vector
interrupt_stub_\vector:
        push    0
        push    \vector
        jmp     interrupt_common
        .endm

        INTERRUPT_STUB 32
        .irp v, 33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
        INTERRUPT_STUB \v
        .endr
        INTERRUPT_STUB 48
        INTERRUPT_STUB 49
        INTERRUPT_STUB 255

interrupt_common:
        PUSH_GENERAL_REGISTERS
        mov     rbx, rsp                # the trap frame; rbx survives the call
        sub     rsp, 512
        and     rsp, -16
        fxsave  [rsp]
        mov     rdi, rbx
        call    osv_interrupt
        fxrstor [rsp]
        mov     rsp, rbx
        POP_GENERAL_REGISTERS
        add     rsp, 16                 # vector and error code
        iretq

# void osv_install_interrupt_handlers(void): vectors 32 (local APIC timer), 33-47 (devices),
# 48 (reschedule IPI), 49 (stop IPI) and 255 (spurious).
        .globl osv_install_interrupt_handlers
osv_install_interrupt_handlers:
        .irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49
        lea     rsi, [rip + interrupt_stub_\v]
        mov     ecx, \v
        call    set_idt_gate
        .endr
        lea     rsi, [rip + interrupt_stub_255]
        mov     ecx, 255
        call    set_idt_gate
        ret

# set_idt_gate: rsi = handler, ecx = vector. Clobbers rax, rdi.
set_idt_gate:
        lea     rdi, [rip + idt]
        shl     rcx, 4
        add     rdi, rcx
        mov     rax, rsi
        mov     [rdi], ax
        mov     word ptr [rdi + 2], 0x08
        mov     word ptr [rdi + 4], 0x8E00
        shr     rax, 16
        mov     [rdi + 6], ax
        shr     rax, 16
        mov     [rdi + 8], eax
        mov     dword ptr [rdi + 12], 0
        ret

# ulong osv_disable_interrupts(void): returns the previous RFLAGS.
        .globl osv_disable_interrupts
osv_disable_interrupts:
        pushfq
        pop     rax
        cli
        ret

# void osv_restore_interrupts(ulong flags): interrupts back on if they were on in flags.
        .globl osv_restore_interrupts
osv_restore_interrupts:
        test    edi, 0x200
        jz      1f
        sti
1:      ret

        .globl osv_enable_interrupts
osv_enable_interrupts:
        sti
        ret

# void osv_wait_for_interrupt(void): enables interrupts and halts in one step (an interrupt
# cannot slip in between sti and hlt), then disables them again for the caller.
        .globl osv_wait_for_interrupt
osv_wait_for_interrupt:
        sti
        hlt
        cli
        ret

# Device memory accesses of exactly the stated width. In C#, the compiler may narrow a volatile
# 32-bit load whose result is truncated into a byte load, which a device (virtio-mmio) rejects.
        .globl osv_mmio_read32
osv_mmio_read32:                        # uint osv_mmio_read32(void* address)
        mov     eax, dword ptr [rdi]
        ret

        .globl osv_mmio_read16
osv_mmio_read16:                        # ushort osv_mmio_read16(void* address)
        movzx   eax, word ptr [rdi]
        ret

        .globl osv_mmio_read8
osv_mmio_read8:                         # byte osv_mmio_read8(void* address)
        movzx   eax, byte ptr [rdi]
        ret

        .globl osv_mmio_write32
osv_mmio_write32:                       # void osv_mmio_write32(void* address, uint value)
        mov     dword ptr [rdi], esi
        ret

        .globl osv_read_msr
osv_read_msr:                           # ulong osv_read_msr(uint msr)
        mov     ecx, edi
        rdmsr
        shl     rdx, 32
        or      rax, rdx
        ret

        .globl osv_write_msr
osv_write_msr:                          # void osv_write_msr(uint msr, ulong value)
        mov     ecx, edi
        mov     rax, rsi
        mov     rdx, rsi
        shr     rdx, 32
        wrmsr
        ret

        .globl osv_cpuid
osv_cpuid:                              # void osv_cpuid(uint leaf, uint subleaf, uint* eax_ebx_ecx_edx)
        push    rbx
        mov     r8, rdx
        mov     eax, edi
        mov     ecx, esi
        cpuid
        mov     [r8], eax
        mov     [r8 + 4], ebx
        mov     [r8 + 8], ecx
        mov     [r8 + 12], edx
        pop     rbx
        ret

# int osv_rdrand64(ulong* value): a hardware random number (RDRAND) in *value and 1, or 0 when
# the generator had none after RdrandRetries attempts. Intel's DRNG guide (5.2.1) recommends 10
# retries: a failure after that means the generator is broken, not merely busy. CPUID.01H:ECX
# bit 30 says whether the instruction exists (the caller checks, Platform/Entropy.Metal.cs).
        .set    RDRAND_RETRIES, 10
        .globl osv_rdrand64
osv_rdrand64:
        mov     ecx, RDRAND_RETRIES
1:      rdrand  rax
        jc      2f
        pause
        dec     ecx
        jnz     1b
        xor     eax, eax
        ret
2:      mov     [rdi], rax
        mov     eax, 1
        ret

# Fault probes: instructions that fault on purpose, at known addresses, for tests of fault
# handlers (Platform/FaultProbes.Metal.cs). Leaf functions without a frame: at the faulting
# instruction rsp points at the return address, so a handler may resume at the entry of any
# function with the same signature and it returns to the probe's caller in its place.
        .globl osv_fault_probes_start
osv_fault_probes_start:
        .globl osv_probe_read64
osv_probe_read64:                       # ulong osv_probe_read64(ulong address)
        mov     rax, [rdi]
        ret
        .globl osv_probe_divide
osv_probe_divide:                       # ulong osv_probe_divide(ulong dividend, ulong divisor)
        mov     rax, rdi
        xor     edx, edx
        div     rsi
        ret
        .globl osv_fault_probes_end
osv_fault_probes_end:

        .globl osv_fault_probes_range
osv_fault_probes_range:                 # void osv_fault_probes_range(ulong* startAndEnd)
        lea     rax, [rip + osv_fault_probes_start]
        mov     [rdi], rax
        lea     rax, [rip + osv_fault_probes_end]
        mov     [rdi + 8], rax
        ret

# void osv_panic_here(byte* message, int length): records the caller's registers in a trap
# frame (vector 0xFF = software panic, rip = the caller) and calls
# osv_software_panic(frame, message, length). Never returns.
        .globl osv_panic_here
osv_panic_here:
        mov     rax, [rsp]              # return address: where the panic was raised
        lea     r10, [rsp + 8]          # the caller's stack pointer after return
        push    0                       # ss
        push    r10                     # rsp
        pushfq
        push    0x08                    # cs
        push    rax                     # rip
        push    0                       # error code
        push    0xFF                    # vector: software panic
        PUSH_GENERAL_REGISTERS
        mov     rdx, rsi
        mov     rsi, rdi
        mov     rdi, rsp
        and     rsp, -16
        call    osv_software_panic
        jmp     osv_halt_forever

# void osv_install_exception_handlers(void): fills IDT vectors 0..31 and loads the IDT.
        .globl osv_install_exception_handlers
osv_install_exception_handlers:
        lea     rsi, [rip + exception_stub_table]
        lea     rdi, [rip + idt]
        xor     ecx, ecx
1:      mov     rax, [rsi + rcx * 8]
        mov     [rdi], ax               # offset 15..0
        mov     word ptr [rdi + 2], 0x08
        mov     word ptr [rdi + 4], 0x8E00      # present, ring 0, 64-bit interrupt gate
        shr     rax, 16
        mov     [rdi + 6], ax           # offset 31..16
        shr     rax, 16
        mov     [rdi + 8], eax          # offset 63..32
        mov     dword ptr [rdi + 12], 0
        add     rdi, 16
        inc     ecx
        cmp     ecx, 32
        jne     1b
        lidt    [rip + idt_pointer]
        ret

        .globl osv_load_idt
osv_load_idt:
        lidt    [rip + idt_pointer]
        ret

        .section .rodata
        .balign 8
exception_stub_table:
        .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .quad   exception_stub_\v
        .endr

        .data
        .balign 16
idt_pointer:
        .word   256 * 16 - 1
        .quad   idt

        .bss
        .balign 16
idt:    .skip   256 * 16

        .section .note.GNU-stack,"",@progbits
