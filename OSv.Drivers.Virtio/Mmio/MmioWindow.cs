// A device's register window as the transport sees it: 32-bit registers and byte-granular
// configuration reads. On metal it is device memory (PhysicalMmioWindow); hosted tests give the
// transport a simulated device that reacts to each access, as the hardware would.
namespace OSv.Drivers.Virtio.Mmio
{
    public abstract class MmioWindow
    {
        public abstract uint Read32(int offset);
        public abstract void Write32(int offset, uint value);
        public abstract byte Read8(int offset);
        public abstract ushort Read16(int offset);
    }
}
