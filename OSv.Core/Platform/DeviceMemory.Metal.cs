// Registers of memory-mapped devices, for drivers: accesses of exactly the width asked for, in
// program order (Arch/X64/Mmio.Metal.cs says why that takes assembly).
namespace OSv.Core.Platform
{
    public static unsafe class DeviceMemory
    {
        public static uint Read32(ulong address) => Arch.X64.Mmio.Read32((byte*)address);

        public static ushort Read16(ulong address) => Arch.X64.Mmio.Read16((byte*)address);

        public static byte Read8(ulong address) => Arch.X64.Mmio.Read8((byte*)address);

        public static void Write32(ulong address, uint value) => Arch.X64.Mmio.Write32((byte*)address, value);
    }
}
