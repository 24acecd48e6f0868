// Device register access. Volatile so the compiler neither caches nor reorders the accesses;
// x86-64 keeps uncached MMIO accesses in program order, so no fence is needed.
using System.Threading;

namespace OSv.Core.Arch.X64
{
    internal static unsafe class Mmio
    {
        public static uint Read32(byte* address) => (uint)Volatile.Read(ref *(int*)address);

        public static void Write32(byte* address, uint value) => Volatile.Write(ref *(int*)address, (int)value);
    }
}
