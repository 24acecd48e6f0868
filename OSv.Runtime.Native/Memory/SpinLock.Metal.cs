// The runtime's spinlock for the few short critical sections it has (the bump pointer, the
// finalizable table, the frozen-segment registry): interrupts off while held, so a holder is never
// preempted while another CPU spins, and an interrupt handler that allocates cannot spin forever
// on the lock of the thread it interrupted. The lock word is an int the caller owns (a static).
using System.Threading;
using OSv.Core.Arch.X64;

namespace OSv.Runtime.Native.Memory
{
    internal static class SpinLock
    {
        // Returns the caller's interrupt state, for Exit.
        public static ulong Enter(ref int held)
        {
            ulong flags = Cpu.DisableInterrupts();
            // Acquire: what the previous holder wrote is visible once the exchange succeeds.
            while (Interlocked.CompareExchange(ref held, 1, 0) != 0)
            {
                while (Volatile.Read(ref held) != 0)
                    Cpu.Pause();
            }
            return flags;
        }

        public static void Exit(ref int held, ulong flags)
        {
            // Release: the critical section's writes are visible before the lock reads free.
            Volatile.Write(ref held, 0);
            Cpu.RestoreInterrupts(flags);
        }
    }
}
