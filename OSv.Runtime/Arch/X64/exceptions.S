# Exception entry and funclet calls for CoreLib's managed dispatch (System.Runtime.EH), System V
# x86-64, image-only. What NativeAOT's amd64 ExceptionHandling.S provides, written for our
# runtime; offsets are RuntimeLayout's (Exceptions/RuntimeLayouts.cs), checked against the pinned
# CoreLib's AsmOffsets by RuntimeLayoutTests.
#
# Contracts:
# - RhpThrowEx(object rdi) / RhpRethrow(): capture the thrower's state (return address, stack
#   pointer after the call returns, callee-saved registers) in a PAL_LIMITED_CONTEXT, build an
#   ExInfo in this frame, link it at the head of the current thread's ExInfo chain, and call the
#   managed RhThrowEx(exception, ExInfo*) / RhRethrow(activeExInfo*, ExInfo*). They never return:
#   dispatch ends in RhpCallCatchFunclet's resume or in a fail fast.
# - Funclets (ilc, x64 Unix): called with rbp = the parent frame's rbp, the exception object in
#   rdi (catch, filter); a catch funclet returns the resume address in rax, a filter 0/1 in eax.
#   Funclets preserve the callee-saved registers like any function.
# - osv_exinfo_head_slot(): ExInfo** of the current thread's chain head. PROVIDED BY THE THREAD
#   LAYER (not yet): one slot per thread, initially null.
# - The linker script defines __image_start/__image_end, __eh_frame_hdr_start and
#   __managedcode_start/__managedcode_end (see Exceptions/ExceptionTables.Metal.cs).
        .intel_syntax noprefix

        .set CONTEXT_IP,  0x00
        .set CONTEXT_RSP, 0x08
        .set CONTEXT_RBP, 0x10
        .set CONTEXT_RAX, 0x18
        .set CONTEXT_RBX, 0x20
        .set CONTEXT_RDX, 0x28
        .set CONTEXT_R12, 0x30
        .set CONTEXT_R13, 0x38
        .set CONTEXT_R14, 0x40
        .set CONTEXT_R15, 0x48
        .set CONTEXT_SIZE, 0x50

        .set REGDISPLAY_RBX, 0x18
        .set REGDISPLAY_RBP, 0x20
        .set REGDISPLAY_R12, 0x58
        .set REGDISPLAY_R13, 0x60
        .set REGDISPLAY_R14, 0x68
        .set REGDISPLAY_R15, 0x70
        .set REGDISPLAY_SP,  0x78

        .set EXINFO_PREVIOUS, 0x00
        .set EXINFO_CONTEXT, 0x08
        .set EXINFO_EXCEPTION, 0x10
        .set EXINFO_KIND, 0x18
        .set EXINFO_PASS, 0x19
        .set EXINFO_CLAUSE, 0x1c
        .set EXINFO_SIZE, 0x190
        .set EXKIND_THROW, 1
        .set EXKIND_HARDWARE_FAULT, 2
        .set RED_ZONE_BYTES, 128                # System V: below rsp, may hold the faulting frame's data

        # Throw frame: ExInfo at [rsp], the context after it, one scratch slot, sized so that
        # rsp is 16-byte aligned for the calls (entry rsp is 8 mod 16).
        .set THROW_CONTEXT, EXINFO_SIZE
        .set THROW_SCRATCH, EXINFO_SIZE + CONTEXT_SIZE
        .set THROW_FRAME, EXINFO_SIZE + CONTEXT_SIZE + 8
        .if (THROW_FRAME + 8) % 16
        .error "throw frame misaligns the stack"
        .endif

        .text

# Fills the context at [rsp + 8 + THROW_CONTEXT] (the caller's frame; +8 for this call's
# return address) with the throwing method's state. Its return address is at
# [rsp + 8 + THROW_FRAME]. Clobbers rax, rcx only.
capture_thrower_context:
        lea     rax, [rsp + 8 + THROW_FRAME]
        mov     rcx, [rax]
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_IP], rcx
        lea     rcx, [rax + 8]
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_RSP], rcx
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_RBP], rbp
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_RBX], rbx
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_R12], r12
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_R13], r13
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_R14], r14
        mov     [rsp + 8 + THROW_CONTEXT + CONTEXT_R15], r15
        mov     qword ptr [rsp + 8 + THROW_CONTEXT + CONTEXT_RAX], 0
        mov     qword ptr [rsp + 8 + THROW_CONTEXT + CONTEXT_RDX], 0
        ret

# Initialises the ExInfo at [rsp + 8] and links it at the head of the thread's chain. Returns
# the previous head (the active ExInfo, for a rethrow) in rax. Clobbers caller-saved registers.
push_exinfo:
        mov     qword ptr [rsp + 8 + EXINFO_EXCEPTION], 0
        mov     byte ptr [rsp + 8 + EXINFO_KIND], EXKIND_THROW
        mov     byte ptr [rsp + 8 + EXINFO_PASS], 1
        mov     dword ptr [rsp + 8 + EXINFO_CLAUSE], 0xffffffff
        lea     rax, [rsp + 8 + THROW_CONTEXT]
        mov     [rsp + 8 + EXINFO_CONTEXT], rax
        sub     rsp, 8                          # align for the call
        call    osv_exinfo_head_slot            # rax = ExInfo** (callee-saved registers kept)
        add     rsp, 8
        mov     rcx, [rax]
        mov     [rsp + 8 + EXINFO_PREVIOUS], rcx
        lea     rdx, [rsp + 8]
        mov     [rax], rdx
        mov     rax, rcx
        ret

# void RhpThrowEx(object exception /* rdi */)
        .globl RhpThrowEx
RhpThrowEx:
        sub     rsp, THROW_FRAME
        call    capture_thrower_context
        mov     [rsp + THROW_SCRATCH], rdi
        call    push_exinfo
        mov     rdi, [rsp + THROW_SCRATCH]
        mov     rsi, rsp                        # ExInfo*
        call    RhThrowEx
        ud2                                     # dispatch never returns here

# void RhpRethrow(void): from inside a catch funclet; the active ExInfo is the chain's head.
        .globl RhpRethrow
RhpRethrow:
        sub     rsp, THROW_FRAME
        call    capture_thrower_context
        call    push_exinfo
        mov     rdi, rax                        # the active ExInfo (previous head)
        mov     rsi, rsp                        # the new ExInfo
        call    RhRethrow
        ud2

# void RhpThrowHwEx(uint exceptionCode /* edi */, void* faultingIp /* rsi */)
# Not called: a fault handler redirects the interrupted context here (rip = RhpThrowHwEx, rdi =
# the exception code CoreLib's RhThrowHwEx expects — 0 null reference (an access below 64 KiB), 0xC0000094
# divide by zero, 0xC0000095 overflow —, rsi = the faulting rip) and returns from the interrupt,
# so rsp and the callee-saved registers are the faulting method's, with no return address pushed.
# Builds the context (IP = the faulting instruction) and an ExInfo of kind HardwareFault below
# the faulting frame's red zone, and calls RhThrowHwEx(exceptionCode, ExInfo*).
        .globl RhpThrowHwEx
RhpThrowHwEx:
        mov     rdx, rsp                        # the faulting stack pointer (capture keeps rdx)
        sub     rsp, RED_ZONE_BYTES
        and     rsp, -16
        sub     rsp, THROW_FRAME + 8            # as in RhpThrowEx: [rsp + THROW_FRAME] is a return-address slot
        mov     [rsp + THROW_FRAME], rsi        # faulting ip stands where a return address would
        call    capture_thrower_context
        mov     [rsp + THROW_CONTEXT + CONTEXT_RSP], rdx
        mov     [rsp + THROW_SCRATCH], rdi
        call    push_exinfo
        mov     byte ptr [rsp + EXINFO_KIND], EXKIND_HARDWARE_FAULT
        mov     edi, [rsp + THROW_SCRATCH]
        mov     rsi, rsp                        # ExInfo*
        call    RhThrowHwEx
        ud2

# Loads the callee-saved registers of the frame a REGDISPLAY (in rdx) describes, rbp last.
        .macro LOAD_FRAME_REGISTERS regdisplay
        mov     rax, [\regdisplay + REGDISPLAY_RBX]
        mov     rbx, [rax]
        mov     rax, [\regdisplay + REGDISPLAY_R12]
        mov     r12, [rax]
        mov     rax, [\regdisplay + REGDISPLAY_R13]
        mov     r13, [rax]
        mov     rax, [\regdisplay + REGDISPLAY_R14]
        mov     r14, [rax]
        mov     rax, [\regdisplay + REGDISPLAY_R15]
        mov     r15, [rax]
        mov     rax, [\regdisplay + REGDISPLAY_RBP]
        mov     rbp, [rax]
        .endm

        .macro SAVE_OWN_REGISTERS
        push    rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15
        .endm

        .macro RESTORE_OWN_REGISTERS
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbx
        pop     rbp
        .endm

# nint RhpCallCatchFunclet(object exception /* rdi */, byte* handler /* rsi */,
#                          REGDISPLAY* frame /* rdx */, ExInfo* exInfo /* rcx */)
# Runs the catch funclet with the frame's registers, then resumes the frame at the address the
# funclet returns, with the frame's stack pointer; ExInfos below that stack pointer are dead and
# leave the thread's chain first. Never returns to its caller.
        .globl RhpCallCatchFunclet
RhpCallCatchFunclet:
        SAVE_OWN_REGISTERS
        sub     rsp, 24                         # [rsp] frame, [rsp+8] resume address; aligned
        mov     [rsp], rdx
        LOAD_FRAME_REGISTERS rdx
        call    rsi                             # rdi = exception; returns rax = resume address
catch_funclet_return:                           # the stack walk's marker (osv_funclet_invoke_returns)
        mov     [rsp + 8], rax
        call    osv_exinfo_head_slot            # frame's callee-saved values stay in registers
        mov     rdx, [rsp]
        mov     rcx, [rdx + REGDISPLAY_SP]      # resume stack pointer
        mov     rsi, [rax]
1:      test    rsi, rsi
        jz      2f
        cmp     rsi, rcx
        jae     2f
        mov     rsi, [rsi + EXINFO_PREVIOUS]    # below the resumed frame: unlink
        jmp     1b
2:      mov     [rax], rsi
        mov     rax, [rsp + 8]
        mov     rsp, rcx                        # nothing below is read after this point
        jmp     rax

# bool RhpCallFilterFunclet(object exception /* rdi */, byte* filter /* rsi */,
#                           REGDISPLAY* frame /* rdx */)
        .globl RhpCallFilterFunclet
RhpCallFilterFunclet:
        # ilc's filter funclets read the frame's callee-saved registers (its locals live there)
        # and do not preserve them (their prolog saves none): load the frame's values, as for a
        # catch, and keep the dispatcher's own across the call.
        SAVE_OWN_REGISTERS
        sub     rsp, 8                          # aligns rsp for the call
        LOAD_FRAME_REGISTERS rdx
        call    rsi                             # eax = 0 or 1
filter_funclet_return:                          # the walk unwinds this frame: [rsp] padding, [rsp+8] r15,
        add     rsp, 8                          # r14, r13, r12, rbx, rbp, then the return address
        RESTORE_OWN_REGISTERS
        ret

# void RhpCallFinallyFunclet(byte* handler /* rdi */, REGDISPLAY* frame /* rsi */)
# Runs a finally/fault funclet with the frame's registers and stores the callee-saved values
# back to the frame's slots (the funclet may have changed them on the frame's behalf).
        .globl RhpCallFinallyFunclet
RhpCallFinallyFunclet:
        SAVE_OWN_REGISTERS
        sub     rsp, 8                          # [rsp] frame; aligned
        mov     [rsp], rsi
        LOAD_FRAME_REGISTERS rsi
        call    rdi
finally_funclet_return:
        mov     rsi, [rsp]
        mov     rax, [rsi + REGDISPLAY_RBX]
        mov     [rax], rbx
        mov     rax, [rsi + REGDISPLAY_R12]
        mov     [rax], r12
        mov     rax, [rsi + REGDISPLAY_R13]
        mov     [rax], r13
        mov     rax, [rsi + REGDISPLAY_R14]
        mov     [rax], r14
        mov     rax, [rsi + REGDISPLAY_R15]
        mov     [rax], r15
        add     rsp, 8
        RESTORE_OWN_REGISTERS
        ret

# ImageTables* osv_exception_image_tables(void): see Exceptions/ExceptionTables.Metal.cs.
        .globl osv_exception_image_tables
osv_exception_image_tables:
        lea     rax, [rip + exception_image_tables]
        ret

# ulong* osv_funclet_invoke_returns(void): { catch, finally, filter } return addresses of the
# funclet calls above, by which the stack walk recognises an exceptionally invoked funclet's
# caller (Exceptions/StackFrameWalker.cs).
        .globl osv_funclet_invoke_returns
osv_funclet_invoke_returns:
        lea     rax, [rip + funclet_invoke_returns]
        ret

# void* osv_throw_hw_entry(void): the address of RhpThrowHwEx, where a CPU fault in managed code
# resumes (Exceptions/HardwareFaults.Metal.cs rewrites the interrupted frame to go there).
        .globl osv_throw_hw_entry
osv_throw_hw_entry:
        lea     rax, [rip + RhpThrowHwEx]
        ret

# void** osv_classlib_function_table(void): CoreLib's classlib callbacks by ClassLibFunctionId
# (its [RuntimeExport]s), the one table of the image: startup hands it to InitializeModules too.
        .globl osv_classlib_function_table
osv_classlib_function_table:
        lea     rax, [rip + classlib_functions]
        ret

        .section .rodata
        .balign 8
exception_image_tables:
        .quad   __image_start
        .quad   __image_end
        .quad   __eh_frame_hdr_start
        .quad   __managedcode_start
        .quad   __managedcode_end

funclet_invoke_returns:
        .quad   catch_funclet_return
        .quad   finally_funclet_return
        .quad   filter_funclet_return

# Indexed by ClassLibFunctionId as the pinned CoreLib (10.0.12) defines it (checked in its
# metadata): 2 ThreadEntryPoint and 4 are not used by NativeAOT, 8-11 are Objective-C marshalling.
classlib_functions:
        .quad   GetRuntimeException                         # 0
        .quad   RuntimeFailFast                             # 1
        .quad   0                                           # 2 (unused)
        .quad   AppendExceptionStackFrame                   # 3
        .quad   0                                           # 4 (unused)
        .quad   GetSystemArrayEEType                        # 5
        .quad   OnFirstChanceException                      # 6
        .quad   OnUnhandledException                        # 7
        .quad   0, 0, 0, 0                                  # 8-11 Objective-C: not on Linux

        .section .note.GNU-stack, "", @progbits
