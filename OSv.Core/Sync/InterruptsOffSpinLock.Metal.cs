// A spin lock that keeps interrupts off while held, for state an interrupt handler or the
// scheduler also takes (the runtime's allocator, the collector's tables): a thread holding it
// cannot be preempted, so another thread on the same CPU can never spin on it forever. The
// caller's interrupt state is restored on exit, so it nests inside interrupts-off code.
using System.Threading;
using OSv.Core.Arch.X64;

namespace Internal.Runtime
{
    internal struct InterruptsOffSpinLock
    {
        private int _held;

        // Returns the caller's interrupt state, for Exit.
        public ulong Enter()
        {
            ulong flags = Cpu.DisableInterrupts();
            while (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            {
                while (Volatile.Read(ref _held) != 0)
                    Cpu.Pause();
            }
            return flags;
        }

        public void Exit(ulong flags)
        {
            Volatile.Write(ref _held, 0);
            Cpu.RestoreInterrupts(flags);
        }
    }
}
