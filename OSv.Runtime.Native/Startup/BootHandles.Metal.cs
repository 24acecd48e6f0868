// MINIMAL, for the spine only: strong GC handles as slots in a fixed static table, because
// CoreLib's InitializeModules allocates one (the GC statics spines) before Main. The collector's
// helper (Gc/) owns handles: when its RhpHandleAlloc lands, delete this file (the link then fails
// on the duplicate symbol until it is). A handle is the slot's address; CoreLib reads the
// object through it directly. Handle types are not told apart; nothing is freed (RhHandleFree only
// clears the slot). A dependent handle (ConditionalWeakTable's entries, e.g. the shared array
// pool's per-thread buckets) takes two consecutive slots: the primary, which CoreLib reads through
// the handle like any other, then the secondary. Without a collector every handle is strong.
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Runtime.Native.Memory;

namespace OSv.Runtime.Native.Startup
{
    internal static unsafe class BootHandles
    {
        public const int HandlesMax = 1024;

        private struct Table
        {
            public fixed long Slots[HandlesMax];
        }

        private static Table s_table;
        private static int s_count;

        public static int Count => s_count;

        [RuntimeExport("RhpHandleAlloc")]
        internal static nint Alloc(object value, int type)
        {
            long* slot = Take(1);
            *slot = AddressOf(value);
            return (nint)slot;
        }

        [RuntimeExport("RhpHandleAllocDependent")]
        internal static nint AllocDependent(object primary, object secondary)
        {
            long* slots = Take(2);
            slots[0] = AddressOf(primary);
            slots[1] = AddressOf(secondary);
            return (nint)slots;
        }

        [RuntimeExport("RhHandleGetDependent")]
        internal static object GetDependent(nint handle, out object secondary)
        {
            long* slots = (long*)handle;
            secondary = ObjectAt(slots[1]);
            return ObjectAt(slots[0]);
        }

        [RuntimeExport("RhHandleSet")]
        internal static void Set(nint handle, object value) => *(long*)handle = AddressOf(value);

        [RuntimeExport("RhHandleFree")]
        internal static void Free(nint handle) => *(long*)handle = 0;

        private static long* Take(int slotCount)
        {
            int end = System.Threading.Interlocked.Add(ref s_count, slotCount);
            if (end > HandlesMax)
                Fail.Stop("runtime: more GC handles than BootHandles.HandlesMax"u8);
            fixed (long* slots = s_table.Slots)
                return slots + (end - slotCount);
        }

        private static long AddressOf(object value) => *(long*)Unsafe.AsPointer(ref value);

        private static object ObjectAt(long address) => Unsafe.As<long, object>(ref address);
    }
}
