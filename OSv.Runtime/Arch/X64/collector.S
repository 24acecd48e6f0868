# What the collector needs that C# cannot say (Gc/ImageRoots.Metal.cs):
#   osv_gc_writable_image_range: the image's .data through .bss (linker symbols kernel.ld
#     defines) but for the boot stack's unmapped guard page, scanned conservatively as a root range: GC statics' cells, non-GC statics that
#     hold object addresses, the runtime's own tables, frozen objects ilc preinitialised.
#   osv_gc_spill_callee_saved: the collecting thread's callee-saved registers, into a buffer on
#     its stack, so that references its callers keep in registers are seen by the stack scan
#     (every other thread's registers are already on its stack: switch or stop frame).
        .intel_syntax noprefix
        .text

        # void osv_gc_writable_image_range(nuint* start, nuint* guard, nuint* end)
        # guard: the boot stack's guard page (OSv.Core boot.S), inside .bss and unmapped.
        .globl  osv_gc_writable_image_range
osv_gc_writable_image_range:
        lea     rax, [rip + __data_start]
        mov     [rdi], rax
        lea     rax, [rip + boot_stack_guard]
        mov     [rsi], rax
        lea     rax, [rip + __bss_end]
        mov     [rdx], rax
        ret

        # void osv_gc_spill_callee_saved(nuint* six_words)
        .globl  osv_gc_spill_callee_saved
osv_gc_spill_callee_saved:
        mov     [rdi], rbx
        mov     [rdi + 8], rbp
        mov     [rdi + 16], r12
        mov     [rdi + 24], r13
        mov     [rdi + 32], r14
        mov     [rdi + 40], r15
        ret

        .section .note.GNU-stack,"",@progbits
