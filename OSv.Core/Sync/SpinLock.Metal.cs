// SpinLock: mutual exclusion between CPUs for the few short critical sections that cannot sleep
// (the frame pool, the stack pool, page-table edits, the console). Acquiring disables interrupts
// on this CPU first, so the holder is never preempted while others spin, and an interrupt handler
// on the same CPU can never spin on a lock its own CPU holds. Everything that may wait long
// blocks on Mutex instead, which never spins.
//
// A struct, so that a static lock is plain zeroed data usable before statics are initialised
// (the console takes one). Keep it in a non-readonly field and never copy it.
using System.Threading;
using OSv.Core.Arch.X64;

namespace OSv.Core.Sync
{
    internal struct SpinLock
    {
        private int _held;

        // Returns the interrupt state to hand back to Release.
        public ulong Acquire()
        {
            ulong flags = Cpu.DisableInterrupts();
            while (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            {
                while (Volatile.Read(ref _held) != 0)
                    Cpu.Pause();
            }
            return flags;
        }

        public void Release(ulong flags)
        {
            Volatile.Write(ref _held, 0);
            Cpu.RestoreInterrupts(flags);
        }
    }
}
