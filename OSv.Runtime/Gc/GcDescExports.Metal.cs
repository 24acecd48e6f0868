// RhGetGCDescSize for the type loader (GcDescSize.cs has the layout and why it is asked).
using System.Runtime;

namespace OSv.Runtime.Gc
{
    internal static unsafe class GcDescExports
    {
        [RuntimeExport("RhGetGCDescSize")]
        internal static int GetGCDescSize(byte* methodTable) => GcDescSize.Of(methodTable);
    }
}
