// CoreLib's frozen-segment calls over the one registry the collector reads (FrozenSegments.All).
using Internal.Runtime;
using System.Runtime;
using OSv.Runtime.Memory;

namespace OSv.Runtime.Startup
{
    internal static unsafe class FrozenSegments
    {
        private static FrozenSegmentRegistry s_registry;
        private static InterruptsOffSpinLock s_lock; // OSv.Core's: interrupts off while held

        // The collector's view (read with the world stopped).
        public static ref FrozenSegmentRegistry All => ref s_registry;

        [RuntimeExport("RhRegisterFrozenSegment")]
        internal static nint Register(void* start, nuint allocatedBytes, nuint committedBytes, nuint reservedBytes)
        {
            ulong flags = s_lock.Enter();
            nint handle = s_registry.Register((nint)start, allocatedBytes, committedBytes, reservedBytes);
            s_lock.Exit(flags);
            return handle;
        }

        [RuntimeExport("RhUpdateFrozenSegment")]
        internal static void Update(nint handle, void* allocated, void* committed)
        {
            ulong flags = s_lock.Enter();
            bool updated = s_registry.Update(handle, (nint)allocated, (nint)committed);
            s_lock.Exit(flags);
            if (!updated)
                Fail.Stop("runtime: RhUpdateFrozenSegment with an unknown segment or a range outside it"u8);
        }
    }
}
