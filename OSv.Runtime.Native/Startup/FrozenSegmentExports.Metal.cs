// CoreLib's frozen-segment calls over the one registry the collector reads (FrozenSegments.All).
using System.Runtime;
using OSv.Runtime.Native.Memory;

namespace OSv.Runtime.Native.Startup
{
    internal static unsafe class FrozenSegments
    {
        private static FrozenSegmentRegistry s_registry;
        private static int s_lock;

        // The collector's view (read with the world stopped).
        public static ref FrozenSegmentRegistry All => ref s_registry;

        [RuntimeExport("RhRegisterFrozenSegment")]
        internal static nint Register(void* start, nuint allocatedBytes, nuint committedBytes, nuint reservedBytes)
        {
            ulong flags = SpinLock.Enter(ref s_lock);
            nint handle = s_registry.Register((nint)start, allocatedBytes, committedBytes, reservedBytes);
            SpinLock.Exit(ref s_lock, flags);
            return handle;
        }

        [RuntimeExport("RhUpdateFrozenSegment")]
        internal static void Update(nint handle, void* allocated, void* committed)
        {
            ulong flags = SpinLock.Enter(ref s_lock);
            bool updated = s_registry.Update(handle, (nint)allocated, (nint)committed);
            SpinLock.Exit(ref s_lock, flags);
            if (!updated)
                Fail.Stop("runtime: RhUpdateFrozenSegment with an unknown segment or a range outside it"u8);
        }
    }
}
