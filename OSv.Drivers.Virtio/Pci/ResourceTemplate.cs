// A host bridge's _CRS resource template (ACPI 6.5, 6.4): which bus numbers and which memory
// ranges the bridge forwards to PCI. Only address-space descriptors matter here: Word (large
// type 0x08), DWord (0x07) and QWord (0x0A) address space, each {resource type, general flags,
// type flags, granularity, minimum, maximum, translation offset, length} in 2-, 4- or 8-byte
// fields. Everything else (I/O ports, fixed memory, interrupts, extended address space) is
// stepped over by its length. The template must end with an End Tag before its bytes do.
//
// Chosen windows: the first memory range that ends below 4 GiB is the 32-bit window (where
// BARs go: the boot page tables map only the low 4 GiB), the first one starting at or above
// 4 GiB the 64-bit window (reported, unused). A memory range with a non-zero translation offset
// (CPU and PCI addresses differ) is refused: BARs would need translating, which no x86 QEMU
// machine does.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    // A line interrupt as ACPI describes it: a global system interrupt (an I/O APIC input) and
    // its trigger mode and polarity. Absent when IsPresent is false.
    public struct PciInterruptRoute
    {
        public bool IsPresent;
        public uint Gsi;
        public bool LevelTriggered;
        public bool ActiveLow;

        public override string ToString() =>
            !IsPresent ? "none" : "gsi " + Gsi + (LevelTriggered ? " level" : " edge") + (ActiveLow ? " active-low" : " active-high");
    }

    public struct BridgeResources
    {
        public bool HasBusRange;
        public byte BusStart;
        public byte BusEnd;
        public AddressWindow Mmio32;
        public AddressWindow Mmio64;
    }

    public static class ResourceTemplate
    {
        private const byte LargeItemFlag = 0x80;
        private const byte SmallEndTagType = 0x0F;
        private const byte LargeDWordAddressSpace = 0x07, LargeWordAddressSpace = 0x08, LargeQWordAddressSpace = 0x0A;
        private const byte LargeExtendedInterrupt = 0x09, SmallIrqType = 0x04;
        private const byte LargeMemory32Fixed = 0x06;
        private const int Memory32FixedBytes = 9;
        private const byte ResourceTypeMemory = 0, ResourceTypeBusNumber = 2;
        private const int LargeHeaderBytes = 3;
        private const int AddressFieldsOffset = 3; // resource type, general flags, type flags

        public static PciFault TryParseBridge(ReadOnlySpan<byte> template, out BridgeResources resources)
        {
            resources = default;
            int p = 0;
            while (p < template.Length) // each step advances p by at least one byte
            {
                byte tag = template[p];
                if ((tag & LargeItemFlag) == 0)
                {
                    int smallLength = tag & 0x07;
                    if (((tag >> 3) & 0x0F) == SmallEndTagType)
                        return PciFault.None;
                    if (!LittleEndian.Fits(p + 1, smallLength, template.Length))
                        return new PciFault(PciError.ResourceTemplateMalformed, p);
                    p += 1 + smallLength;
                    continue;
                }
                if (!LittleEndian.Fits(p, LargeHeaderBytes, template.Length))
                    return new PciFault(PciError.ResourceTemplateMalformed, p);
                int length = LittleEndian.ReadUInt16(template, p + 1);
                if (!LittleEndian.Fits(p + LargeHeaderBytes, length, template.Length))
                    return new PciFault(PciError.ResourceTemplateMalformed, p);
                int width = AddressWidth(tag & 0x7F);
                if (width != 0)
                {
                    PciFault fault = ReadAddressSpace(template.Slice(p + LargeHeaderBytes, length), width, p, ref resources);
                    if (!fault.IsNone)
                        return fault;
                }
                p += LargeHeaderBytes + length;
            }
            return new PciFault(PciError.ResourceTemplateMalformed, template.Length);
        }

        // The first interrupt an interrupt link device's _CRS names: an Extended Interrupt
        // descriptor (large type 0x09: flags, count, 32-bit numbers; flags bit 1 edge, bit 2
        // active low) or an IRQ descriptor (small type 4: 16-bit mask, optional flags byte with
        // bit 0 edge, bit 3 active low; without it, edge and active high). 6.4.2.1, 6.4.3.6.
        public static PciFault TryParseInterrupt(ReadOnlySpan<byte> template, out PciInterruptRoute route)
        {
            route = default;
            int p = 0;
            while (p < template.Length) // each step advances p by at least one byte
            {
                byte tag = template[p];
                if ((tag & LargeItemFlag) == 0)
                {
                    int smallType = (tag >> 3) & 0x0F;
                    int smallLength = tag & 0x07;
                    if (smallType == SmallEndTagType)
                        break;
                    if (!LittleEndian.Fits(p + 1, smallLength, template.Length))
                        return new PciFault(PciError.ResourceTemplateMalformed, p);
                    if (smallType == SmallIrqType && smallLength >= 2)
                        return ReadIrq(template.Slice(p + 1, smallLength), p, out route);
                    p += 1 + smallLength;
                    continue;
                }
                if (!LittleEndian.Fits(p, LargeHeaderBytes, template.Length))
                    return new PciFault(PciError.ResourceTemplateMalformed, p);
                int length = LittleEndian.ReadUInt16(template, p + 1);
                if (!LittleEndian.Fits(p + LargeHeaderBytes, length, template.Length))
                    return new PciFault(PciError.ResourceTemplateMalformed, p);
                if ((tag & 0x7F) == LargeExtendedInterrupt)
                    return ReadExtendedInterrupt(template.Slice(p + LargeHeaderBytes, length), p, out route);
                p += LargeHeaderBytes + length;
            }
            return new PciFault(PciError.ResourceTemplateMalformed, p);
        }

        // The first Memory32Fixed descriptor (large type 0x06: information byte, 32-bit base,
        // 32-bit length; 6.4.3.4), as virtio-mmio devices name their register window.
        public static bool TryFindMemory32Fixed(ReadOnlySpan<byte> template, out uint baseAddress, out uint lengthBytes)
        {
            baseAddress = lengthBytes = 0;
            int p = 0;
            while (p < template.Length) // each step advances p by at least one byte
            {
                byte tag = template[p];
                if ((tag & LargeItemFlag) == 0)
                {
                    if (((tag >> 3) & 0x0F) == SmallEndTagType)
                        return false;
                    p += 1 + (tag & 0x07);
                    continue;
                }
                if (!LittleEndian.Fits(p, LargeHeaderBytes, template.Length))
                    return false;
                int length = LittleEndian.ReadUInt16(template, p + 1);
                if (!LittleEndian.Fits(p + LargeHeaderBytes, length, template.Length))
                    return false;
                if ((tag & 0x7F) == LargeMemory32Fixed && length >= Memory32FixedBytes)
                {
                    baseAddress = LittleEndian.ReadUInt32(template, p + LargeHeaderBytes + 1);
                    lengthBytes = LittleEndian.ReadUInt32(template, p + LargeHeaderBytes + 5);
                    return true;
                }
                p += LargeHeaderBytes + length;
            }
            return false;
        }

        private static PciFault ReadExtendedInterrupt(ReadOnlySpan<byte> body, int at, out PciInterruptRoute route)
        {
            route = default;
            if (body.Length < 6 || body[1] == 0)
                return new PciFault(PciError.ResourceTemplateMalformed, at);
            byte flags = body[0];
            route.IsPresent = true;
            route.Gsi = LittleEndian.ReadUInt32(body, 2);
            route.LevelTriggered = (flags & 0x02) == 0;
            route.ActiveLow = (flags & 0x04) != 0;
            return PciFault.None;
        }

        private static PciFault ReadIrq(ReadOnlySpan<byte> body, int at, out PciInterruptRoute route)
        {
            route = default;
            ushort mask = LittleEndian.ReadUInt16(body, 0);
            if (mask == 0)
                return new PciFault(PciError.ResourceTemplateMalformed, at);
            uint irq = 0;
            while ((mask & (1 << (int)irq)) == 0)
                irq++; // mask != 0: ends below 16
            byte flags = body.Length >= 3 ? body[2] : (byte)0x01;
            route.IsPresent = true;
            route.Gsi = irq;
            route.LevelTriggered = (flags & 0x01) == 0;
            route.ActiveLow = (flags & 0x08) != 0;
            return PciFault.None;
        }

        private static int AddressWidth(int largeType) =>
            largeType == LargeWordAddressSpace ? 2 : largeType == LargeDWordAddressSpace ? 4 : largeType == LargeQWordAddressSpace ? 8 : 0;

        private static PciFault ReadAddressSpace(ReadOnlySpan<byte> body, int width, int descriptorOffset, ref BridgeResources resources)
        {
            if (body.Length < AddressFieldsOffset + 5 * width)
                return new PciFault(PciError.ResourceTemplateMalformed, descriptorOffset);
            byte resourceType = body[0];
            ulong minimum = ReadField(body, AddressFieldsOffset + 1 * width, width);
            ulong maximum = ReadField(body, AddressFieldsOffset + 2 * width, width);
            ulong translation = ReadField(body, AddressFieldsOffset + 3 * width, width);
            ulong length = ReadField(body, AddressFieldsOffset + 4 * width, width);
            if (maximum < minimum || (length != 0 && maximum - minimum != length - 1))
                return new PciFault(PciError.ResourceTemplateMalformed, descriptorOffset);
            if (resourceType == ResourceTypeBusNumber)
            {
                if (!resources.HasBusRange)
                {
                    if (maximum >= PciLimits.BusesMax)
                        return new PciFault(PciError.ResourceTemplateMalformed, descriptorOffset);
                    resources.HasBusRange = true;
                    resources.BusStart = (byte)minimum;
                    resources.BusEnd = (byte)maximum;
                }
                return PciFault.None;
            }
            if (resourceType != ResourceTypeMemory)
                return PciFault.None;
            if (translation != 0)
                return new PciFault(PciError.ResourceTranslationUnsupported, descriptorOffset);
            if (maximum == ulong.MaxValue)
                return new PciFault(PciError.ResourceTemplateMalformed, descriptorOffset);
            var window = new AddressWindow(minimum, maximum - minimum + 1);
            if (maximum < PciLimits.MappedLimitBytes && resources.Mmio32.IsEmpty)
                resources.Mmio32 = window;
            else if (minimum >= PciLimits.MappedLimitBytes && resources.Mmio64.IsEmpty)
                resources.Mmio64 = window;
            return PciFault.None;
        }

        private static ulong ReadField(ReadOnlySpan<byte> body, int offset, int width) =>
            width == 2 ? LittleEndian.ReadUInt16(body, offset) : width == 4 ? LittleEndian.ReadUInt32(body, offset) : LittleEndian.ReadUInt64(body, offset);
    }
}
