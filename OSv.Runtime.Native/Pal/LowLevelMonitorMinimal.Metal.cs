// MINIMAL, for the spine: CoreLib's WaitSubsystem creates a LowLevelMonitor in an eager class
// constructor, before Main and before the scheduler runs, so an image cannot boot without
// Create/Acquire/Release. Here a monitor is a spinlock word in a fixed table (MonitorsMax);
// Wait, TimedWait and Signal_Release are not provided (the generated stubs panic naming them),
// which is enough while images run Main on one thread. The PAL helper replaces this file with
// monitors on OSv.Core's Mutex and condition variable (names are exactly the PAL's exports).
using System.Runtime;
using System.Threading;
using OSv.Core.Arch.X64;
using OSv.Runtime.Native.Memory;

namespace OSv.Runtime.Native.Pal
{
    internal static unsafe class LowLevelMonitorMinimal
    {
        public const int MonitorsMax = 64;

        private struct Table
        {
            public fixed int Held[MonitorsMax];
        }

        private static Table s_table;
        private static int s_count;

        [RuntimeExport("SystemNative_LowLevelMonitor_Create")]
        internal static nint Create()
        {
            int index = Interlocked.Increment(ref s_count) - 1;
            if (index >= MonitorsMax)
                Fail.Stop("runtime: more low-level monitors than LowLevelMonitorMinimal.MonitorsMax"u8);
            fixed (int* held = s_table.Held)
                return (nint)(held + index);
        }

        // Monitors are never reused (the table is small and CoreLib creates a handful).
        [RuntimeExport("SystemNative_LowLevelMonitor_Destroy")]
        internal static void Destroy(nint monitor)
        {
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Acquire")]
        internal static void Acquire(nint monitor)
        {
            ref int held = ref *(int*)monitor;
            // Acquire ordering from the exchange.
            while (Interlocked.CompareExchange(ref held, 1, 0) != 0)
                Cpu.Pause();
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Release")]
        internal static void Release(nint monitor) =>
            Volatile.Write(ref *(int*)monitor, 0); // release: the holder's writes first
    }
}
