// Hosted: no PCI bus of our own; tests call Discover with a simulated one.
using System;
using OSv.Drivers.Virtio.Transport;

namespace OSv.Drivers.Virtio.Pci
{
    public static partial class PciVirtio
    {
        public static int FindDevices(Span<VirtioTransport> found) => 0;
    }
}
