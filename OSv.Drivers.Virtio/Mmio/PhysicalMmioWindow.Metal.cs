// Device memory, through the kernel's exact-width accessors (OSv.Core.Platform.DeviceMemory):
// virtio-mmio registers must be accessed 32 bits wide, configuration fields at their own width.
using OSv.Core.Platform;

namespace OSv.Drivers.Virtio.Mmio
{
    public sealed class PhysicalMmioWindow : MmioWindow
    {
        private readonly ulong _base;

        public PhysicalMmioWindow(ulong baseAddress) { _base = baseAddress; }

        public override uint Read32(int offset) => DeviceMemory.Read32(_base + (ulong)offset);

        public override void Write32(int offset, uint value) => DeviceMemory.Write32(_base + (ulong)offset, value);

        public override byte Read8(int offset) => DeviceMemory.Read8(_base + (ulong)offset);

        public override ushort Read16(int offset) => DeviceMemory.Read16(_base + (ulong)offset);
    }
}
