// MINIMAL, for the spine only: strong GC handles as slots in a fixed static table, because
// CoreLib's InitializeModules allocates one (the GC statics spines) before Main. The collector's
// helper (Gc/) owns handles: when its RhpHandleAlloc lands, delete this file (the link then fails
// on the duplicate symbol until it is). A handle is the slot's address; CoreLib reads the
// object through it directly. Handle types are not told apart; nothing is freed.
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
            int index = System.Threading.Interlocked.Increment(ref s_count) - 1;
            if (index >= HandlesMax)
                Fail.Stop("runtime: more GC handles than BootHandles.HandlesMax"u8);
            fixed (long* slots = s_table.Slots)
            {
                slots[index] = *(long*)Unsafe.AsPointer(ref value);
                return (nint)(slots + index);
            }
        }
    }
}
