// The one spinlock of the system, for the few structures that several CPUs update and that cannot
// be lock-free: here the heap's switch to a new chunk and the table of running class
// constructors; in the kernel (which sits on this runtime) the frame pool, the stack pool,
// page-table edits and the console. It follows the kernel's rule, spinlocks only where
// interrupts are off: a holder is never preempted while other CPUs spin on it, and an interrupt
// handler cannot spin forever on a lock that the thread it interrupted holds. Hold it for a few
// instructions only, and never wait for anything under it; everything that may wait long blocks
// on OSv.Core's Mutex, which never spins.
//
// A struct, so that a static lock is plain zeroed data usable before statics are initialised
// (the console takes one). Keep it in a non-readonly field and never copy it.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Internal.Runtime
{
    public struct InterruptsOffSpinLock
    {
        private int _held;

        // Returns the caller's interrupt state, for Exit.
        public ulong Enter()
        {
            ulong flags = Processor.DisableInterrupts();
            while (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            {
                while (Volatile.Read(ref _held) != 0)
                    Processor.Pause();
            }
            return flags;
        }

        public void Exit(ulong flags)
        {
            Volatile.Write(ref _held, 0);
            Processor.RestoreInterrupts(flags);
        }
    }

    // The instructions behind it, in Arch/X64/runtime.S: the runtime cannot name OSv.Core's.
    internal static class Processor
    {
        // Returns the previous RFLAGS, for RestoreInterrupts.
        [RuntimeImport("osv_runtime_disable_interrupts"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong DisableInterrupts();

        [RuntimeImport("osv_runtime_restore_interrupts"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void RestoreInterrupts(ulong flags);

        // The spin-wait hint (pause): cheaper for the sibling hyperthread and for the memory bus.
        [RuntimeImport("osv_runtime_pause"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Pause();
    }
}
