# Application processor start-up code (Intel SDM vol. 3, 9.4 and 9.8). A started AP begins in
# real mode at physical 0x8000 (the SIPI vector page); this code is copied there by Smp.Metal.cs,
# which also fills the data slots at its end: the boot page tables, a stack, the managed entry
# point and the CPU's index. Real mode → protected mode → long mode → entry(cpuIndex).
        .intel_syntax noprefix
        .set AP_BASE, 0x8000

        .section .rodata
        .balign 16
        .globl ap_trampoline_start
ap_trampoline_start:
        .code16
        cli
        cld
        xor     ax, ax
        mov     ds, ax
        lgdt    [ap_gdt_pointer_at]
        mov     eax, cr0
        or      eax, 1                  # protected mode
        mov     cr0, eax
        .byte   0x66, 0xEA              # far jump, 32-bit offset
        .long   ap_protected_at
        .word   0x08

        .code32
ap_protected:
        mov     ax, 0x10
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     eax, cr4
        or      eax, (1 << 5) | (1 << 9) | (1 << 10)    # PAE, OSFXSR, OSXMMEXCPT
        mov     cr4, eax
        mov     eax, [ap_cr3_at]
        mov     cr3, eax
        mov     ecx, 0xC0000080         # EFER
        rdmsr
        or      eax, 1 << 8             # long mode
        wrmsr
        mov     eax, cr0
        and     eax, ~(1 << 2)          # no x87 emulation
        or      eax, (1 << 31) | (1 << 1)   # paging, monitor coprocessor
        mov     cr0, eax
        .byte   0xEA                    # far jump into the 64-bit code segment
        .long   ap_long_at
        .word   0x18

        .code64
ap_long:
        mov     ax, 0x10
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     rsp, [ap_stack_at]
        mov     edi, [ap_cpu_index_at]
        mov     rax, [ap_entry_at]
        xor     ebp, ebp
        call    rax
1:      cli
        hlt
        jmp     1b

        .balign 16
ap_gdt:
        .quad   0
        .quad   0x00CF9A000000FFFF      # 0x08: 32-bit code
        .quad   0x00CF92000000FFFF      # 0x10: data
        .quad   0x00AF9A000000FFFF      # 0x18: 64-bit code
ap_gdt_pointer:
        .word   31
        .long   ap_gdt_at
        .balign 8
ap_cr3:         .quad 0
ap_stack:       .quad 0
ap_entry:       .quad 0
ap_cpu_index:   .long 0
        .balign 8
        .globl ap_trampoline_end
ap_trampoline_end:

# Where each label lands once the code sits at AP_BASE.
        .set ap_gdt_pointer_at, AP_BASE + (ap_gdt_pointer - ap_trampoline_start)
        .set ap_protected_at, AP_BASE + (ap_protected - ap_trampoline_start)
        .set ap_long_at, AP_BASE + (ap_long - ap_trampoline_start)
        .set ap_gdt_at, AP_BASE + (ap_gdt - ap_trampoline_start)
        .set ap_cr3_at, AP_BASE + (ap_cr3 - ap_trampoline_start)
        .set ap_stack_at, AP_BASE + (ap_stack - ap_trampoline_start)
        .set ap_entry_at, AP_BASE + (ap_entry - ap_trampoline_start)
        .set ap_cpu_index_at, AP_BASE + (ap_cpu_index - ap_trampoline_start)

        .text
# void osv_ap_trampoline_layout(ulong* layout): start, size, and the data slots' offsets
# (cr3, stack, entry, cpu index) from the start.
        .globl osv_ap_trampoline_layout
osv_ap_trampoline_layout:
        lea     rax, [rip + ap_trampoline_start]
        mov     [rdi], rax
        lea     rcx, [rip + ap_trampoline_end]
        sub     rcx, rax
        mov     [rdi + 8], rcx
        mov     qword ptr [rdi + 16], ap_cr3 - ap_trampoline_start
        mov     qword ptr [rdi + 24], ap_stack - ap_trampoline_start
        mov     qword ptr [rdi + 32], ap_entry - ap_trampoline_start
        mov     qword ptr [rdi + 40], ap_cpu_index - ap_trampoline_start
        ret

# void osv_load_idt(void): the shared IDT, for an AP.
        .globl osv_load_idt_for_ap
osv_load_idt_for_ap:
        jmp     osv_load_idt

        .section .note.GNU-stack,"",@progbits
