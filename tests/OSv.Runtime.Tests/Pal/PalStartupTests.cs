// After PalStartup.Initialize, the PAL's steady-state calls allocate no managed objects
// (they may run while the runtime counts the thread as in a P/Invoke: PalStartup.cs).
using System;
using OSv.Runtime.Pal;
using OSv.Testing;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class PalStartupTests
    {
        [Fact]
        public void AfterInitialize_MonitorAndHeapRoundTrips_AllocateNoManagedObjects()
        {
            PalStartup.Initialize();
            PalStartup.Initialize(); // idempotent
            _ = RoundTrip(); // first use on this thread (hosted: OSv.Core's Thread wrapper)
            int timeouts = 0;
            long allocatedBytes = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 100; i++)
                    timeouts += RoundTrip();
            });
            Assert.Equal(0, allocatedBytes);
            Assert.Equal(100 * (1 + AllocationMeter.Windows), timeouts);
        }

        // Returns 1 when the zero-timeout wait timed out (it must: nobody signals).
        private static int RoundTrip()
        {
            nint monitor = LowLevelMonitors.Create();
            LowLevelMonitors.Acquire(monitor);
            int timedOut = 1 - LowLevelMonitors.TimedWait(monitor, 0);
            LowLevelMonitors.Release(monitor);
            LowLevelMonitors.Destroy(monitor);
            void* block = PalHeap.Malloc(100);
            PalHeap.Free(block);
            ThreadErrno.SetErrNo(ThreadErrno.GetErrNo());
            Clocks.GetTimestamp();
            return timedOut;
        }
    }
}
