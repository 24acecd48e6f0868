// Metal: device memory (BARs, ECAM) is reached at its physical address, because the boot page
// tables identity-map the low 4 GiB (docs/architecture.md, Boot). Anything above is refused by
// the callers (PciLimits.MappedLimitBytes) before it gets here.
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Pci
{
    public static unsafe class PciMemoryMap
    {
        public static bool IsMapped(ulong physicalAddress, ulong lengthBytes) =>
            physicalAddress <= PciLimits.MappedLimitBytes && lengthBytes <= PciLimits.MappedLimitBytes - physicalAddress;

        public static byte* Map(ulong physicalAddress, ulong lengthBytes)
        {
            Invariant.Assert(IsMapped(physicalAddress, lengthBytes), "PciMemoryMap: device memory above the identity map");
            return (byte*)physicalAddress;
        }
    }
}
