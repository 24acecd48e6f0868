// Images on the real System.Private.CoreLib: the interim core library's spinlock
// (OSv.Runtime/Internal/Runtime/InterruptsOffSpinLock.cs, whose design comment applies) is not
// there, so OSv.Core carries the same type under the same name for its metal sources, built on
// its own CPU instructions. It goes when the interim core library is retired.
#if OSV_REAL_CORELIB
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
#endif
