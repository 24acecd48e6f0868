// Finding virtio-mmio devices on QEMU's microvm: they are not on the kernel command line for a
// PVH boot (QEMU adds "virtio_mmio.device=" words only to the Linux boot protocol's copy), so
// they come from ACPI, as Linux finds them there: each is a Device whose _HID is "LNRO0005",
// whose _CRS buffer holds a Memory32Fixed descriptor (the register window) and an interrupt
// descriptor (its GSI: Extended Interrupt, or IRQ). This is a targeted scan of the DSDT's AML for
// that shape, not an AML interpreter: every length is checked against the table, anything that
// does not parse is skipped, and at most DevicesMax devices are reported.
using System;
using OSv.Drivers.Virtio.Pci;

namespace OSv.Drivers.Virtio.Mmio
{
    public readonly struct MmioDeviceInfo
    {
        public MmioDeviceInfo(ulong baseAddress, uint sizeBytes, uint gsi, bool levelTriggered, bool activeLow)
        {
            BaseAddress = baseAddress;
            SizeBytes = sizeBytes;
            Gsi = gsi;
            LevelTriggered = levelTriggered;
            ActiveLow = activeLow;
        }

        public ulong BaseAddress { get; }
        public uint SizeBytes { get; }
        public uint Gsi { get; }
        public bool LevelTriggered { get; }
        public bool ActiveLow { get; }
    }

    public static class AcpiMmioDevices
    {
        public const int DevicesMax = 32;

        // How far past a device's _HID its _CRS may start (QEMU puts _UID and _CCA between).
        private const int CrsSearchBytes = 64;

        private const byte StringPrefix = AmlReader.StringPrefix;

        private static ReadOnlySpan<byte> VirtioMmioHid => "LNRO0005"u8;
        private static ReadOnlySpan<byte> CrsName => "_CRS"u8;

        // Devices found in the DSDT, in table order; returns how many were written to found.
        public static int Find(ReadOnlySpan<byte> dsdt, Span<MmioDeviceInfo> found)
        {
            int count = 0;
            int position = 0;
            while (count < found.Length && count < DevicesMax)
            {
                int hid = IndexOf(dsdt, position, VirtioMmioHid);
                if (hid < 0)
                    break;
                position = hid + VirtioMmioHid.Length;
                if (hid == 0 || dsdt[hid - 1] != StringPrefix)
                    continue;
                int next = IndexOf(dsdt, position, VirtioMmioHid);
                int searchEnd = Math.Min(next < 0 ? dsdt.Length : next, position + CrsSearchBytes);
                int crs = IndexOf(dsdt.Slice(0, searchEnd), position, CrsName);
                if (crs >= 0 && TryParseResources(dsdt, crs + CrsName.Length, out MmioDeviceInfo device))
                    found[count++] = device;
            }
            return count;
        }

        // At position: BufferOp PkgLength BufferSize ResourceTemplate bytes, read with the PCI host
        // bridge's AML and resource readers (Pci/AmlReader.cs, Pci/ResourceTemplate.cs).
        private static bool TryParseResources(ReadOnlySpan<byte> aml, int position, out MmioDeviceInfo device)
        {
            device = default;
            if (!AmlReader.TryReadBuffer(aml, position, aml.Length, out int dataStart, out int dataLength, out _))
                return false;
            ReadOnlySpan<byte> resources = aml.Slice(dataStart, dataLength);
            if (!ResourceTemplate.TryFindMemory32Fixed(resources, out uint baseAddress, out uint size) || size == 0)
                return false;
            if (!ResourceTemplate.TryParseInterrupt(resources, out PciInterruptRoute line).IsNone || !line.IsPresent)
                return false;
            device = new MmioDeviceInfo(baseAddress, size, line.Gsi, line.LevelTriggered, line.ActiveLow);
            return true;
        }

        private static int IndexOf(ReadOnlySpan<byte> haystack, int start, ReadOnlySpan<byte> needle)
        {
            for (int i = start; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.Slice(i, needle.Length).SequenceEqual(needle))
                    return i;
            }
            return -1;
        }
    }
}
