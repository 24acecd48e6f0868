// Where a function sits on segment 0: bus, device (slot), function, as "bb:dd.f" in the boot log
// (the notation lspci and QEMU's "info pci" use).
namespace OSv.Drivers.Virtio.Pci
{
    public readonly struct PciAddress
    {
        public PciAddress(int bus, int device, int function)
        {
            Bus = (byte)bus;
            Device = (byte)device;
            Function = (byte)function;
        }

        public byte Bus { get; }
        public byte Device { get; }
        public byte Function { get; }

        public override string ToString() =>
            ((uint)Bus).ToString("x2") + ":" + ((uint)Device).ToString("x2") + "." + ((uint)Function).ToString("x");
    }
}
