// Device register access, each one instruction of exactly the register's width (cpu.S): a C#
// volatile access is not enough, because the compiler may narrow a 32-bit load whose result is
// truncated into a byte load, which devices such as virtio-mmio reject. x86-64 keeps uncached
// accesses in program order, so no fence is needed. Drivers reach these through
// OSv.Core.Platform.DeviceMemory.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace OSv.Core.Arch.X64
{
    internal static unsafe class Mmio
    {
        [RuntimeImport("osv_mmio_read32"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern uint Read32(byte* address);

        [RuntimeImport("osv_mmio_read16"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ushort Read16(byte* address);

        [RuntimeImport("osv_mmio_read8"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern byte Read8(byte* address);

        [RuntimeImport("osv_mmio_write32"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Write32(byte* address, uint value);
    }
}
