# The C library's entry points that C# cannot be: variadic functions (which must spill their
# register arguments into a va_list before any C# runs), setjmp/longjmp (which save and restore
# a C caller's registers and stack), and the program's entry and exit (which switch to the
# program's initial stack and come back from it, skipping only C frames).
#
# Position-independent and free of external references, so the same code links into an image
# and, hosted, runs from a flat copy in executable memory (blob.ld). Only the header, its address
# function and the slots are global: the C names below are labels, so they cannot collide with
# kernel symbols; C# exports them by name from the header. C# targets are reached through the
# slot table (.data), which C# fills at start (Abi/AbiShims.cs). C# finds everything through the
# header: self-relative offsets in the order of AbiShims' ShimEntry and ShimSlot enums.
#
# Calling convention: System V x86-64 (psABI 3.2). Stack alignment comments give rsp mod 16.
        .intel_syntax noprefix

        .set    HEADER_MAGIC, 0x4F534C43        # "CLSO"
        .set    SLOT_COUNT, 32

        .text
        .globl  osv_abi_header
        .p2align 4
osv_abi_header:
        .long   HEADER_MAGIC
        .long   (header_entries_end - header_entries) / 4
        .long   osv_abi_slots - .
        .long   SLOT_COUNT
header_entries:
        # Order = AbiShims.ShimEntry (C#). Append only.
        .long   printf - .
        .long   fprintf - .
        .long   sprintf - .
        .long   snprintf - .
        .long   dprintf - .
        .long   asprintf - .
        .long   __printf_chk - .
        .long   __fprintf_chk - .
        .long   __sprintf_chk - .
        .long   __snprintf_chk - .
        .long   __dprintf_chk - .
        .long   __asprintf_chk - .
        .long   scanf - .
        .long   __isoc99_scanf - .
        .long   fscanf - .
        .long   __isoc99_fscanf - .
        .long   sscanf - .
        .long   __isoc99_sscanf - .
        .long   setjmp - .
        .long   _setjmp - .
        .long   __sigsetjmp - .
        .long   longjmp - .
        .long   _longjmp - .
        .long   siglongjmp - .
        .long   __longjmp_chk - .
        .long   exit - .
        .long   _exit - .
        .long   abort - .
        .long   __libc_start_main - .
        .long   __stack_chk_fail - .
        .long   pthread_exit - .
        .long   osv_abi_run_entry - .
        .long   osv_abi_thread_run - .
        .long   osv_abi_missing_function - .
        .long   __chk_fail - .
        .long   __fortify_fail - .
header_entries_end:

# void* osv_abi_header_address(void): for C# in an image, which cannot take a data symbol's address.
        .globl  osv_abi_header_address
osv_abi_header_address:
        lea     rax, [rip + osv_abi_header]
        ret

# Variadic entry: spill rdi..r9 (and xmm0..7 when al says vector registers carry arguments,
# psABI 3.5.7) into a register save area, build a va_list after the named arguments, and call
# the C# function taking the named arguments plus a va_list pointer in the next register.
# Frame (rsp = 0 mod 16 after the prologue): [rsp] va_list (24 bytes), [rsp+32] the save area.
        .macro  VARIADIC name, named, slot
        .p2align 4
\name:
        push    rbp                             # 0 mod 16
        mov     rbp, rsp
        sub     rsp, 208
        mov     [rsp + 32], rdi
        mov     [rsp + 40], rsi
        mov     [rsp + 48], rdx
        mov     [rsp + 56], rcx
        mov     [rsp + 64], r8
        mov     [rsp + 72], r9
        test    al, al
        je      1f
        movaps  [rsp + 80], xmm0
        movaps  [rsp + 96], xmm1
        movaps  [rsp + 112], xmm2
        movaps  [rsp + 128], xmm3
        movaps  [rsp + 144], xmm4
        movaps  [rsp + 160], xmm5
        movaps  [rsp + 176], xmm6
        movaps  [rsp + 192], xmm7
1:
        mov     dword ptr [rsp], \named * 8     # gp_offset: past the named arguments
        mov     dword ptr [rsp + 4], 48         # fp_offset: no named floating arguments
        lea     rax, [rbp + 16]
        mov     [rsp + 8], rax                  # overflow_arg_area: the caller's stack arguments
        lea     rax, [rsp + 32]
        mov     [rsp + 16], rax                 # reg_save_area
        .if \named == 1
        mov     rsi, rsp
        .elseif \named == 2
        mov     rdx, rsp
        .elseif \named == 3
        mov     rcx, rsp
        .elseif \named == 4
        mov     r8, rsp
        .else
        mov     r9, rsp
        .endif
        call    [rip + osv_abi_slots + \slot * 8]
        leave
        ret
        .endm

# Slots (order = AbiShims.ShimSlot, C#).
        .set    SLOT_VPRINTF, 0
        .set    SLOT_VFPRINTF, 1
        .set    SLOT_VSPRINTF, 2
        .set    SLOT_VSNPRINTF, 3
        .set    SLOT_VDPRINTF, 4
        .set    SLOT_VASPRINTF, 5
        .set    SLOT_VPRINTF_CHK, 6
        .set    SLOT_VFPRINTF_CHK, 7
        .set    SLOT_VSPRINTF_CHK, 8
        .set    SLOT_VSNPRINTF_CHK, 9
        .set    SLOT_VDPRINTF_CHK, 10
        .set    SLOT_VASPRINTF_CHK, 11
        .set    SLOT_VSCANF, 12
        .set    SLOT_VFSCANF, 13
        .set    SLOT_VSSCANF, 14
        .set    SLOT_EXIT_PREPARE, 15           # nint (int status): atexit, fini, flush; the context to leave to
        .set    SLOT_EXIT_IMMEDIATE, 16         # nint (int status): _exit: no handlers
        .set    SLOT_ABORT_PREPARE, 17          # nint (void)
        .set    SLOT_START_MAIN, 18             # char** (int argc, char** argv): returns envp
        .set    SLOT_STACK_CHECK_FAILED, 19     # nint (void)
        .set    SLOT_THREAD_EXIT_PREPARE, 20    # nint (void* value): the thread's context to leave to
        .set    SLOT_MISSING_FUNCTION, 21       # nint (const char* name)
        .set    SLOT_FORTIFY_FAILED, 22         # nint (const char* message)

        VARIADIC printf, 1, SLOT_VPRINTF
        VARIADIC fprintf, 2, SLOT_VFPRINTF
        VARIADIC sprintf, 2, SLOT_VSPRINTF
        VARIADIC snprintf, 3, SLOT_VSNPRINTF
        VARIADIC dprintf, 2, SLOT_VDPRINTF
        VARIADIC asprintf, 2, SLOT_VASPRINTF
        VARIADIC __printf_chk, 2, SLOT_VPRINTF_CHK
        VARIADIC __fprintf_chk, 3, SLOT_VFPRINTF_CHK
        VARIADIC __sprintf_chk, 4, SLOT_VSPRINTF_CHK
        VARIADIC __snprintf_chk, 5, SLOT_VSNPRINTF_CHK
        VARIADIC __dprintf_chk, 3, SLOT_VDPRINTF_CHK
        VARIADIC __asprintf_chk, 3, SLOT_VASPRINTF_CHK
        VARIADIC scanf, 1, SLOT_VSCANF
        VARIADIC __isoc99_scanf, 1, SLOT_VSCANF
        VARIADIC fscanf, 2, SLOT_VFSCANF
        VARIADIC __isoc99_fscanf, 2, SLOT_VFSCANF
        VARIADIC sscanf, 2, SLOT_VSSCANF
        VARIADIC __isoc99_sscanf, 2, SLOT_VSSCANF

# jmp_buf (glibc x86-64 layout, unmangled: only our longjmp reads it): rbx, rbp, r12, r13, r14,
# r15, the caller's rsp after return, the return address; then the int mask_was_saved at 64.
# Signal masks are not saved: nothing delivers asynchronous signals here.
        .p2align 4
setjmp:
_setjmp:
__sigsetjmp:
        mov     [rdi], rbx
        mov     [rdi + 8], rbp
        mov     [rdi + 16], r12
        mov     [rdi + 24], r13
        mov     [rdi + 32], r14
        mov     [rdi + 40], r15
        lea     rdx, [rsp + 8]
        mov     [rdi + 48], rdx
        mov     rdx, [rsp]
        mov     [rdi + 56], rdx
        mov     dword ptr [rdi + 64], 0
        xor     eax, eax
        ret

        .p2align 4
longjmp:
_longjmp:
siglongjmp:
__longjmp_chk:
        mov     eax, esi
        test    eax, eax
        jne     1f
        inc     eax                             # longjmp(env, 0) returns 1 (C11 7.13.2.1)
1:
        mov     rbx, [rdi]
        mov     rbp, [rdi + 8]
        mov     r12, [rdi + 16]
        mov     r13, [rdi + 24]
        mov     r14, [rdi + 32]
        mov     r15, [rdi + 40]
        mov     rsp, [rdi + 48]
        jmp     [rdi + 56]

# long osv_abi_run_entry(void* entry, void* vector, long vectorBytes, long* context)
# Saves the callee-saved registers and rsp in *context, copies the initial process stack
# (argc, argv, envp, auxv: Loader's StartVector) below the current stack, and jumps to the
# program's _start as ld.so would (rdx = no rtld fini function). Returns when the program
# leaves through osv_abi_leave, with the value given there.
        .p2align 4
osv_abi_run_entry:
        push    rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15
        mov     [rcx], rsp
        mov     r12, rdi
        mov     rax, rsp
        sub     rax, rdx
        sub     rax, 256                        # a red zone between us and the program
        and     rax, -16
        mov     rsp, rax
        mov     rdi, rsp
        mov     rcx, rdx
        rep movsb
        xor     edx, edx
        xor     ebp, ebp
        jmp     r12

# long osv_abi_thread_run(void* (*start)(void*), void* arg, long* context)
# Runs start(arg) with a context that pthread_exit leaves to; returns start's result.
        .p2align 4
osv_abi_thread_run:
        push    rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15                             # 8 mod 16
        mov     [rdx], rsp
        sub     rsp, 8                          # 0 mod 16
        mov     rax, rdi
        mov     rdi, rsi
        call    rax
        add     rsp, 8
        jmp     restore_and_return

# osv_abi_leave(long* context, long value): back to whoever saved context, returning value.
        .p2align 4
osv_abi_leave:
        mov     rsp, [rdi]
        mov     rax, rsi
restore_and_return:
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbx
        pop     rbp
        ret

# Leaving the program: each asks C# to do the work that may call back into C (atexit handlers,
# fini arrays, flushing, messages) and to name the context to leave to, then leaves to it.
        .macro  LEAVING name, slot
        .p2align 4
\name:
        push    rbx                             # 0 mod 16
        mov     rbx, rdi                        # the status or value
        call    [rip + osv_abi_slots + \slot * 8]
        mov     rdi, rax
        mov     rsi, rbx
        jmp     osv_abi_leave
        .endm

        LEAVING exit, SLOT_EXIT_PREPARE
        LEAVING _exit, SLOT_EXIT_IMMEDIATE
        LEAVING abort, SLOT_ABORT_PREPARE
        LEAVING __stack_chk_fail, SLOT_STACK_CHECK_FAILED
        LEAVING pthread_exit, SLOT_THREAD_EXIT_PREPARE
        LEAVING __chk_fail, SLOT_FORTIFY_FAILED
        LEAVING __fortify_fail, SLOT_FORTIFY_FAILED

# A function the program imports but the C library lacks is bound (through the PLT) to a small
# stub that loads the name into rdi and jumps here.
        LEAVING osv_abi_missing_function, SLOT_MISSING_FUNCTION

# int __libc_start_main(int (*main)(int, char**, char**), int argc, char** argv,
#     void (*init)(void), void (*fini)(void), void (*rtld_fini)(void), void* stack_end)
# What _start calls. glibc 2.34+ programs pass init = NULL: the loader has already run every
# object's initialisers, the executable's included. main's result goes to exit.
        .p2align 4
__libc_start_main:
        push    rbp                             # 0 mod 16
        mov     rbp, rsp
        push    r12
        push    r13
        push    r14
        push    r15                             # 0 mod 16
        mov     r12, rdi
        mov     r13d, esi
        mov     r14, rdx
        mov     edi, esi
        mov     rsi, rdx
        call    [rip + osv_abi_slots + SLOT_START_MAIN * 8]
        mov     rdx, rax
        mov     edi, r13d
        mov     rsi, r14
        call    r12
        mov     edi, eax
        call    exit
        ud2

        .data
        .globl  osv_abi_slots
        .p2align 4
osv_abi_slots:
        .fill   SLOT_COUNT, 8, 0
