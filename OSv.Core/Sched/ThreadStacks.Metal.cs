// What the runtime needs to know about a thread's stack and its per-thread runtime state:
// where the stack ends, where its registers are while it does not run, and the head of its
// exception-dispatch chain (NativeAOT's Thread::m_pExInfoStackHead).
//
// Where a thread's registers are, for a conservative scan of [start, StackTop):
//   switched out (blocked, runnable, or preempted): sched.S pushed rbp, rbx, r12-r15 and the
//     return address at SavedStackPointer; a preempted thread's full interrupt frame (every
//     general register, then the fxsave area below it) lies above that, on the same stack.
//   running on a CPU stopped by WorldStop: the stop interrupt saved every general register in
//     a trap frame on the thread's stack (StoppedRegistersAddress: r15, r14, ... rax, vector,
//     error code, rip, cs, rflags, rsp, ss, 8 bytes each) and the fxsave area below it;
//     StoppedStackPointer is below both.
//   the calling thread itself: its own current stack pointer.
// So StackScanStart (StoppedStackPointer if set, else SavedStackPointer) up to StackTop covers
// every register and frame of every thread except the caller's.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Arch.X64;

namespace OSv.Core.Sched
{
    public sealed unsafe partial class Thread
    {
        // The thread's exception chain head (an ExInfo* of the runtime; 0 when none).
        private nint _exceptionChainHead;

        // Before the scheduler runs there is no Thread: the boot code's chain lives here.
        private static nint s_bootExceptionChainHead;

        // The top of a stack this kernel did not allocate with a guard page (a processor's
        // start-up stack, now its idle thread's); 0 otherwise.
        internal ulong StackTopOfForeignStack;

        // Set by a CPU stopped in WorldStop while this thread was its running thread; 0 otherwise.
        internal ulong StoppedStackPointerValue;
        internal ulong StoppedRegistersValue;

        // One past the highest byte of the thread's stack (0 when unknown: a thread still being
        // created).
        public ulong StackTop
        {
            get
            {
                if (GuardPageAddress != 0)
                    return GuardPageAddress + PageTables.PageBytes + (ulong)StackSizeBytes;
                return StackTopOfForeignStack;
            }
        }

        // Where the last switch away from the thread left its stack pointer (callee-saved
        // registers and the return address are there). Valid while the thread is not running;
        // 0 before its stack is prepared.
        public ulong SavedStackPointer => SwitchedOutStackPointer; // aligned 8-byte reads are atomic on x86-64

        // While the world is stopped (WorldStop): the stack pointer inside the stop handler of
        // the CPU this thread was running on, below its saved registers; 0 if it was not running.
        public ulong StoppedStackPointer => StoppedStackPointerValue;

        // While the world is stopped: the address of the trap frame holding this thread's
        // interrupted registers (layout in the comment on top); 0 if it was not running.
        public ulong StoppedRegistersAddress => StoppedRegistersValue;

        // The lowest stack address to scan while the world is stopped, for any thread but the
        // caller (whose own stack pointer is the start).
        public ulong StackScanStart
        {
            get
            {
                ulong stopped = StoppedStackPointer;
                return stopped != 0 ? stopped : SavedStackPointer;
            }
        }

        // The thread's exception chain head (read by the runtime, for any thread).
        public nint ExceptionChainHead => Volatile.Read(ref _exceptionChainHead);

        // The address of the running thread's chain-head slot (pointer-sized, initially null).
        // A C-ABI function (the managed calling convention is System V): the exception entry
        // (OSv.Runtime, exceptions.S) calls it and relies on callee-saved registers.
        // Objects never move, so the address stays valid for the thread's life.
        [RuntimeExport("osv_exinfo_head_slot")]
        internal static void** CurrentExceptionChainHeadSlot()
        {
            Thread? current = Scheduler.CurrentOrNull;
            if (current == null)
                return (void**)Unsafe.AsPointer(ref s_bootExceptionChainHead);
            return (void**)Unsafe.AsPointer(ref current._exceptionChainHead);
        }
    }
}
