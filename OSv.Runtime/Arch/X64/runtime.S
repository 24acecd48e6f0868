# The parts of the runtime that a calling convention or a data layout forces into assembly, for
# images on the real System.Private.CoreLib (issue 4). Everything with an ordinary managed
# signature is C# ([RuntimeExport]) in Memory/, Startup/, Interop/.
#
#   data CoreLib's code reads directly: RhpTrapThreads (GC polls test it), g_cpuFeatures (vector
#     paths test bits; 0 = only the x86-64 baseline ilc compiled for), __security_cookie (stack
#     buffers' canary), and the classlib function table handed to InitializeModules.
#   memmove, memset, ceil: plain C ABI.
#   write barriers: the collector will be non-generational and non-moving, so a reference store is
#     a store. A card-marking collector would mark cards after each store in this block.
#   P/Invoke and reverse-P/Invoke transitions: no-ops until the collector suspends threads.
#   RhpStackProbe: touches each page of a large frame in order (r11 = lowest address).
#   RhpInitialDynamicInterfaceDispatch: an interface call through the cell's cache
#     (Interop/DispatchCellCache.cs), resolving through CoreLib on a miss, preserving the argument
#     registers.
        .intel_syntax noprefix

        .data
        .balign 8
        .globl  RhpTrapThreads
RhpTrapThreads:
        .long   0
        .long   0
        .globl  g_cpuFeatures
g_cpuFeatures:
        .long   0
        .long   0
        .globl  __security_cookie
__security_cookie:
        .quad   0x2B992DDFA23249D6

        .text

# void* memmove(void* destination, const void* source, size_t count)
        .globl  memmove
        .type   memmove, @function
memmove:
        mov     rax, rdi
        mov     rcx, rdx
        cmp     rdi, rsi
        jbe     1f
        lea     r8, [rsi + rdx]
        cmp     rdi, r8
        jae     1f
        # Overlap with the destination above the source: copy backwards.
        lea     rsi, [rsi + rdx - 1]
        lea     rdi, [rdi + rdx - 1]
        std
        rep movsb
        cld
        ret
1:      rep movsb
        ret

# void* memset(void* destination, int value, size_t count)
        .globl  memset
        .type   memset, @function
memset:
        mov     r8, rdi
        mov     eax, esi
        mov     rcx, rdx
        rep stosb
        mov     rax, r8
        ret

# double ceil(double) (SSE4.1 roundsd, mode 2 = toward +infinity)
        .globl  ceil
        .type   ceil, @function
ceil:
        roundsd xmm0, xmm0, 2
        ret

# ---- write barriers: rdi = location, rsi = reference ----
        .globl  RhpAssignRef
        .type   RhpAssignRef, @function
RhpAssignRef:
        .globl  RhpCheckedAssignRef
        .type   RhpCheckedAssignRef, @function
RhpCheckedAssignRef:
        mov     [rdi], rsi
        ret

# rdi = destination, rsi = source; both advance by a pointer; rcx is the one register trashed.
        .globl  RhpByRefAssignRef
        .type   RhpByRefAssignRef, @function
RhpByRefAssignRef:
        mov     rcx, [rsi]
        mov     [rdi], rcx
        add     rdi, 8
        add     rsi, 8
        ret

# object RhpCheckedLockCmpXchg(ref object location, object value, object comparand)
        .globl  RhpCheckedLockCmpXchg
        .type   RhpCheckedLockCmpXchg, @function
RhpCheckedLockCmpXchg:
        mov     rax, rdx
        lock cmpxchg [rdi], rsi
        ret

# object RhpCheckedXchg(ref object location, object value)
        .globl  RhpCheckedXchg
        .type   RhpCheckedXchg, @function
RhpCheckedXchg:
        mov     rax, rsi
        xchg    [rdi], rax
        ret

# void RhBulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint bytes)
        .globl  RhBulkMoveWithWriteBarrier
        .type   RhBulkMoveWithWriteBarrier, @function
RhBulkMoveWithWriteBarrier:
        jmp     memmove

# ---- transitions (no thread suspension yet) ----
        .globl  RhpPInvoke
        .type   RhpPInvoke, @function
RhpPInvoke:
        .globl  RhpPInvokeReturn
        .type   RhpPInvokeReturn, @function
RhpPInvokeReturn:
        .globl  RhpReversePInvoke
        .type   RhpReversePInvoke, @function
RhpReversePInvoke:
        .globl  RhpReversePInvokeReturn
        .type   RhpReversePInvokeReturn, @function
RhpReversePInvokeReturn:
# GC poll: called when RhpTrapThreads is set; nothing to stop for until the collector.
        .globl  RhpGcPoll
        .type   RhpGcPoll, @function
RhpGcPoll:
        ret

# RhpStackProbe: probes every page from below rsp down to r11 (the frame's lowest address).
        .globl  RhpStackProbe
        .type   RhpStackProbe, @function
RhpStackProbe:
        push    rbp
        mov     rbp, rsp
        and     rsp, -4096
1:      sub     rsp, 4096
        test    dword ptr [rsp], eax
        cmp     rsp, r11
        jg      1b
        mov     rsp, rbp
        pop     rbp
        ret

# Interface dispatch: r11 = the dispatch cell, rdi = this; rdi..r9 and xmm0..7 are the call's
# arguments and must reach the target intact, so the fast path touches only rax and r10 (scratch
# in the managed calling convention) and keeps r11 for the slow path.
#   cached cell (cache word = a cache, Interop/DispatchCellCache.cs): walk the entries
#     { MethodTable; Target } until the receiver's MethodTable (jump to its Target) or a 0
#     MethodTable (a miss). An entry's MethodTable is stored after its Target, and x86 keeps
#     loads in order, so a matching entry's Target is already visible.
#   vtable-offset cell (a cache word below 0x1000): jump through the receiver's vtable.
#   otherwise (first call, a miss, a null receiver): CoreLib's RhpResolveInterfaceMethod(this,
#     cell) resolves (and records the target in the cell's cache), then tail-jump to it.
        .globl  RhpInitialDynamicInterfaceDispatch
        .type   RhpInitialDynamicInterfaceDispatch, @function
RhpInitialDynamicInterfaceDispatch:
        test    rdi, rdi
        jz      .Lresolve_interface_method
        mov     rax, [r11 + 8]
        test    al, 3
        jnz     .Lresolve_interface_method
        cmp     rax, 0x1000
        jb      .Lvtable_offset_dispatch
        mov     r10, [rdi]
        add     rax, 16
.Lprobe_cache_entry:
        cmp     [rax], r10
        je      .Lcache_hit
        cmp     qword ptr [rax], 0
        je      .Lresolve_interface_method
        add     rax, 16
        jmp     .Lprobe_cache_entry
.Lcache_hit:
        jmp     [rax + 8]
.Lvtable_offset_dispatch:
        mov     r10, [rdi]
        jmp     [r10 + rax]
.Lresolve_interface_method:
        push    rdi
        push    rsi
        push    rdx
        push    rcx
        push    r8
        push    r9
        sub     rsp, 136
        movdqu  [rsp + 0], xmm0
        movdqu  [rsp + 16], xmm1
        movdqu  [rsp + 32], xmm2
        movdqu  [rsp + 48], xmm3
        movdqu  [rsp + 64], xmm4
        movdqu  [rsp + 80], xmm5
        movdqu  [rsp + 96], xmm6
        movdqu  [rsp + 112], xmm7
        mov     rsi, r11
        call    RhpResolveInterfaceMethod
        movdqu  xmm0, [rsp + 0]
        movdqu  xmm1, [rsp + 16]
        movdqu  xmm2, [rsp + 32]
        movdqu  xmm3, [rsp + 48]
        movdqu  xmm4, [rsp + 64]
        movdqu  xmm5, [rsp + 80]
        movdqu  xmm6, [rsp + 96]
        movdqu  xmm7, [rsp + 112]
        add     rsp, 136
        pop     r9
        pop     r8
        pop     rcx
        pop     rdx
        pop     rsi
        pop     rdi
        test    rax, rax
        jz      1f
        jmp     rax
1:      lea     rdi, [rip + .Lunresolved]
        and     rsp, -16
        call    osv_runtime_missing_export
        ud2

        .section .rodata
.Lunresolved:
        .asciz  "interface method (dispatch on a null reference or unresolvable cell)"

        .section .note.GNU-stack, "", @progbits
