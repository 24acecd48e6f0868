# PVH entry: QEMU (and Firecracker, Xen) jump here in 32-bit protected mode, paging off, with
# ebx pointing at the hvm_start_info structure. We clear .bss, build identity page tables for
# the low 4 GiB (2 MiB pages, except the first 2 MiB, mapped in 4 KiB pages with page 0 left out
# so null dereferences fault), enable SSE (compiled C# uses it everywhere), enter long mode and
# call the managed kernel entry:
#   osv_kernel_main(start_info, modules_start, modules_end, image_end, symbol_map)
        .intel_syntax noprefix

        .set BOOT_STACK_BYTES, 65536
        .set PTE_PRESENT_WRITABLE, 0x3
        .set PDE_LARGE_PAGE, 0x80
        .set CR0_PE, 1 << 0
        .set CR0_MP, 1 << 1
        .set CR0_EM, 1 << 2
        .set CR0_PG, 1 << 31
        .set CR4_PAE, 1 << 5
        .set CR4_OSFXSR, 1 << 9
        .set CR4_OSXMMEXCPT, 1 << 10
        .set MSR_EFER, 0xC0000080
        .set EFER_LME, 1 << 8

# The PVH ELF note (Xen ELF note type 18, XEN_ELFNOTE_PHYS32_ENTRY): a 32-bit entry address.
        .section .note.pvh, "a", @note
        .balign 4
        .long   4                       # name size
        .long   4                       # descriptor size
        .long   18                      # type
        .asciz  "Xen"
        .long   pvh_start32

        .section .boot.text, "ax", @progbits
        .code32
        .globl pvh_start32
pvh_start32:
        cli
        cld
        mov     esi, ebx                # keep the start info pointer

        # Clear .bss (it holds the page tables and the boot stack).
        mov     edi, offset __bss_start
        mov     ecx, offset __bss_end
        sub     ecx, edi
        shr     ecx, 2
        xor     eax, eax
        rep stosd

        # PML4[0] -> PDPT; PDPT[0..3] -> four page directories covering 4 GiB.
        mov     eax, offset boot_pdpt
        or      eax, PTE_PRESENT_WRITABLE
        mov     [boot_pml4], eax
        xor     ecx, ecx
1:      mov     eax, ecx
        shl     eax, 12
        add     eax, offset boot_page_directories
        or      eax, PTE_PRESENT_WRITABLE
        mov     [boot_pdpt + ecx * 8], eax
        inc     ecx
        cmp     ecx, 4
        jne     1b

        # 2048 directory entries of 2 MiB each; 64-bit physical addresses (high half for > 4 GiB).
        xor     ecx, ecx
2:      mov     eax, ecx
        shl     eax, 21
        or      eax, PTE_PRESENT_WRITABLE | PDE_LARGE_PAGE
        mov     [boot_page_directories + ecx * 8], eax
        mov     eax, ecx
        shr     eax, 11
        mov     [boot_page_directories + ecx * 8 + 4], eax
        inc     ecx
        cmp     ecx, 2048
        jne     2b

        # The first 2 MiB through a page table, page 0 not present.
        mov     eax, offset boot_low_page_table
        or      eax, PTE_PRESENT_WRITABLE
        mov     [boot_page_directories], eax
        mov     ecx, 1
3:      mov     eax, ecx
        shl     eax, 12
        or      eax, PTE_PRESENT_WRITABLE
        mov     [boot_low_page_table + ecx * 8], eax
        inc     ecx
        cmp     ecx, 512
        jne     3b

        mov     eax, cr4
        or      eax, CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT
        mov     cr4, eax
        mov     eax, offset boot_pml4
        mov     cr3, eax
        mov     ecx, MSR_EFER
        rdmsr
        or      eax, EFER_LME
        wrmsr
        mov     eax, cr0
        and     eax, ~CR0_EM
        or      eax, CR0_PE | CR0_MP | CR0_PG
        mov     cr0, eax

        lgdt    [boot_gdt_pointer]
        ljmp    0x08, offset long_mode_entry

        .code64
long_mode_entry:
        mov     ax, 0x10
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        xor     eax, eax
        mov     fs, ax
        mov     gs, ax
        lea     rsp, [rip + boot_stack_top]
        xor     ebp, ebp
        mov     r12d, esi               # hvm_start_info*, across the call
        xor     edi, edi
        call    osv_enter_cpu           # the boot processor is CPU 0 (per-CPU block, sched.S)
        mov     edi, r12d
        lea     rsi, [rip + __start___modules]
        lea     rdx, [rip + __stop___modules]
        lea     rcx, [rip + __image_end]
        lea     r8, [rip + __osv_symbols_start]
        call    osv_kernel_main
        # The kernel entry ends the machine itself; if it ever returns, stop this CPU.
4:      cli
        hlt
        jmp     4b

        .section .boot.rodata, "a", @progbits
        .balign 16
boot_gdt:
        .quad   0                       # null
        .quad   0x00AF9A000000FFFF      # 0x08: 64-bit code, present, ring 0
        .quad   0x00CF92000000FFFF      # 0x10: data, present, ring 0
boot_gdt_end:
boot_gdt_pointer:
        .word   boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

        .bss
        .balign 4096
boot_pml4:              .skip 4096
boot_pdpt:              .skip 4096
boot_page_directories:  .skip 4096 * 4
boot_low_page_table:    .skip 4096
        .balign 4096
        .globl boot_stack_guard
boot_stack_guard:       .skip 4096              # unmapped at boot: overflow faults, not corrupts
boot_stack:             .skip BOOT_STACK_BYTES
        .globl boot_stack_top
boot_stack_top:

        .section .note.GNU-stack,"",@progbits
