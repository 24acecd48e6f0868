# Test harness for OSv.Runtime/Arch/X64/exceptions.S, run as a Linux process: fake
# throwing methods and fake funclets that follow ilc's conventions and record what they saw, so
# harness.c can check the throw entries and funclet calls register by register.
        .intel_syntax noprefix
        .text

# Symbols exceptions.S needs from the image: never called here.
        .globl __image_start, __image_end, __eh_frame_hdr_start, __managedcode_start, __managedcode_end
        .globl GetRuntimeException, RuntimeFailFast, AppendExceptionStackFrame
        .globl GetSystemArrayEEType, OnFirstChanceException, OnUnhandledException
__image_start:
__image_end:
__eh_frame_hdr_start:
__managedcode_start:
__managedcode_end:
GetRuntimeException:
RuntimeFailFast:
AppendExceptionStackFrame:
GetSystemArrayEEType:
OnFirstChanceException:
OnUnhandledException:
        ud2

        .set RBX_VALUE, 0x1010101010101010
        .set RBP_VALUE, 0x2020202020202020
        .set R12_VALUE, 0x1212121212121212
        .set R13_VALUE, 0x1313131313131313
        .set R14_VALUE, 0x1414141414141414
        .set R15_VALUE, 0x1515151515151515

# void harness_throw(void* exception): a "managed method" that throws with known callee-saved
# values. RhThrowEx (harness.c) never returns here: it longjmps back to the test.
        .globl harness_throw, harness_throw_return, harness_throw_rsp
harness_throw:
        push    rbp                             # rsp now 16-aligned, as at a call site
        movabs  rbx, RBX_VALUE
        movabs  rbp, RBP_VALUE
        movabs  r12, R12_VALUE
        movabs  r13, R13_VALUE
        movabs  r14, R14_VALUE
        movabs  r15, R15_VALUE
        mov     [rip + harness_throw_rsp], rsp
        call    RhpThrowEx
harness_throw_return:
        int3

# void harness_rethrow(void): the same from a "catch funclet".
        .globl harness_rethrow, harness_rethrow_return
harness_rethrow:
        push    rbp
        mov     [rip + harness_throw_rsp], rsp
        call    RhpRethrow
harness_rethrow_return:
        int3

# void harness_hardware_fault(void): a "managed method" faulting at harness_fault_ip; the fault
# handler's redirect is simulated: rdi = code, rsi = faulting ip, jump (no call) to RhpThrowHwEx.
# The red zone below rsp holds a marker the throw entry must not overwrite.
        .globl harness_hardware_fault, harness_fault_ip
harness_hardware_fault:
        push    rbp
        movabs  rbx, RBX_VALUE
        movabs  r12, R12_VALUE
        movabs  r15, R15_VALUE
        mov     [rip + harness_throw_rsp], rsp
        movabs  rax, 0x5a5a5a5a5a5a5a5a
        mov     [rsp - 128], rax                # deepest red-zone slot
        mov     edi, 0xC0000094                 # divide by zero
        lea     rsi, [rip + harness_fault_ip]
        jmp     RhpThrowHwEx
harness_fault_ip:
        ud2

# Funclets: record rdi, rbp and rbx..r15 into harness_seen[0..7] (rdi, rbp, rbx, r12, r13, r14,
# r15), then act.
        .macro RECORD_FUNCLET_STATE
        mov     [rip + harness_seen + 0x00], rdi
        mov     [rip + harness_seen + 0x08], rbp
        mov     [rip + harness_seen + 0x10], rbx
        mov     [rip + harness_seen + 0x18], r12
        mov     [rip + harness_seen + 0x20], r13
        mov     [rip + harness_seen + 0x28], r14
        mov     [rip + harness_seen + 0x30], r15
        mov     [rip + harness_seen + 0x38], rsp
        .endm

# A finally funclet that changes rbx and r15 on the frame's behalf (the call must store them
# back to the frame's slots).
        .globl harness_finally_funclet
harness_finally_funclet:
        RECORD_FUNCLET_STATE
        add     rbx, 1
        add     r15, 2
        ret

# A filter funclet: 1 when rdi is the exception 0xE0 and rbp is the frame's, else 0.
        .globl harness_filter_funclet
harness_filter_funclet:
        RECORD_FUNCLET_STATE
        xor     eax, eax
        cmp     rdi, 0xE0
        jne     1f
        mov     rcx, [rip + harness_expected_rbp]
        cmp     rbp, rcx
        jne     1f
        mov     eax, 1
1:      ret

# A catch funclet: resume at harness_catch_resumed.
        .globl harness_catch_funclet
harness_catch_funclet:
        RECORD_FUNCLET_STATE
        lea     rax, [rip + harness_catch_resumed]
        ret

# int harness_run_catch(void* regdisplay /* rdi */, void* exinfo /* rsi */): calls
# RhpCallCatchFunclet with this frame as the frame to resume; records the registers found at
# the resume point in harness_resumed[0..6] (rsp, rbp, rbx, r12, r13, r14, r15); returns 7.
        .globl harness_run_catch, harness_resume_sp
harness_run_catch:
        push    rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15
        sub     rsp, 8
        mov     [rip + harness_resume_sp], rsp
        mov     [rdi + 0x78], rsp               # REGDISPLAY.SP = this frame
        mov     rdx, rdi
        mov     rcx, rsi
        mov     edi, 0xE0                       # the exception object
        lea     rsi, [rip + harness_catch_funclet]
        call    RhpCallCatchFunclet
        ud2                                     # never returns
harness_catch_resumed:
        mov     [rip + harness_resumed + 0x00], rsp
        mov     [rip + harness_resumed + 0x08], rbp
        mov     [rip + harness_resumed + 0x10], rbx
        mov     [rip + harness_resumed + 0x18], r12
        mov     [rip + harness_resumed + 0x20], r13
        mov     [rip + harness_resumed + 0x28], r14
        mov     [rip + harness_resumed + 0x30], r15
        add     rsp, 8
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbx
        pop     rbp
        mov     eax, 7
        ret

        .bss
        .balign 8
        .globl harness_seen, harness_resumed, harness_expected_rbp
        .globl harness_throw_rsp
harness_throw_rsp:      .skip 8
harness_resume_sp:      .skip 8
harness_expected_rbp:   .skip 8
harness_seen:           .skip 64
harness_resumed:        .skip 56

        .section .note.GNU-stack, "", @progbits
