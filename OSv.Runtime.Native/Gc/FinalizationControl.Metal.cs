// GC.SuppressFinalize and GC.ReRegisterForFinalize. As in NativeAOT, "suppressed" is a bit in the
// object's header word (the 32 bits just below the MethodTable pointer), not a removal from the
// finalization table: a collector that finds a dead finalizable object skips its finalizer when
// the bit is set, and clears it when the object is re-registered. Nothing allocates; both only
// touch the header, so they are safe wherever managed code runs.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace OSv.Runtime.Native.Gc
{
    internal static unsafe class FinalizationControl
    {
        // NativeAOT's BIT_SBLK_FINALIZER_RUN: the finalizer must not run (again).
        public const uint FinalizerSuppressedBit = 0x40000000;

        [RuntimeExport("RhSuppressFinalize")]
        internal static void SuppressFinalize(object value) =>
            System.Threading.Interlocked.Or(ref *HeaderOf(value), FinalizerSuppressedBit);

        [RuntimeExport("RhReRegisterForFinalize")]
        internal static bool ReRegisterForFinalize(object value)
        {
            System.Threading.Interlocked.And(ref *HeaderOf(value), ~FinalizerSuppressedBit);
            return true;
        }

        public static bool IsSuppressed(object value) => (*HeaderOf(value) & FinalizerSuppressedBit) != 0;

        private static uint* HeaderOf(object value) => (uint*)(*(byte**)Unsafe.AsPointer(ref value) - sizeof(uint));
    }
}
