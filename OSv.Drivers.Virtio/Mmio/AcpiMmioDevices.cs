// Finding virtio-mmio devices on QEMU's microvm: they are not on the kernel command line for a
// PVH boot (QEMU adds "virtio_mmio.device=" words only to the Linux boot protocol's copy), so
// they come from ACPI, as Linux finds them there: each is a Device whose _HID is "LNRO0005",
// whose _CRS buffer holds a Memory32Fixed descriptor (the register window) and an Extended
// Interrupt descriptor (its GSI). This is a targeted scan of the DSDT's AML for that shape, not
// an AML interpreter: every length is checked against the table, anything that does not parse
// is skipped, and at most DevicesMax devices are reported.
using System;

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

        private const byte StringPrefix = 0x0D;
        private const byte BufferOp = 0x11;
        private const byte BytePrefix = 0x0A, WordPrefix = 0x0B, DWordPrefix = 0x0C;
        private const byte Memory32FixedTag = 0x86, ExtendedInterruptTag = 0x89;
        private const byte SmallEndTagType = 0x0F;
        private const byte InterruptEdge = 1 << 1, InterruptActiveLow = 1 << 2;

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

        // At position: BufferOp PkgLength BufferSize ResourceTemplate bytes.
        private static bool TryParseResources(ReadOnlySpan<byte> aml, int position, out MmioDeviceInfo device)
        {
            device = default;
            if (position >= aml.Length || aml[position] != BufferOp)
                return false;
            int packageStart = position + 1;
            if (!TryReadPackageLength(aml, packageStart, out int packageLength, out int lengthBytes))
                return false;
            int packageEnd = packageStart + packageLength;
            if (packageEnd > aml.Length)
                return false;
            int cursor = packageStart + lengthBytes;
            if (!TryReadInteger(aml.Slice(0, packageEnd), ref cursor, out long bufferSize) || bufferSize < 0)
                return false;
            int end = (int)Math.Min(packageEnd, cursor + bufferSize);
            ReadOnlySpan<byte> resources = aml.Slice(cursor, end - cursor);

            bool haveMemory = false, haveInterrupt = false;
            ulong baseAddress = 0;
            uint size = 0, gsi = 0;
            bool level = false, activeLow = false;
            int at = 0;
            while (at < resources.Length)
            {
                byte tag = resources[at];
                if ((tag & 0x80) == 0)
                {
                    if (((tag >> 3) & 0x0F) == SmallEndTagType)
                        break;
                    at += 1 + (tag & 0x07);
                    continue;
                }
                if (at + 3 > resources.Length)
                    return false;
                int bodyLength = resources[at + 1] | resources[at + 2] << 8;
                int body = at + 3;
                if (body + bodyLength > resources.Length)
                    return false;
                if (tag == Memory32FixedTag && bodyLength >= 9 && !haveMemory)
                {
                    baseAddress = ReadUInt32(resources, body + 1);
                    size = ReadUInt32(resources, body + 5);
                    haveMemory = true;
                }
                else if (tag == ExtendedInterruptTag && bodyLength >= 6 && resources[body + 1] >= 1 && !haveInterrupt)
                {
                    byte flags = resources[body];
                    gsi = ReadUInt32(resources, body + 2);
                    level = (flags & InterruptEdge) == 0;
                    activeLow = (flags & InterruptActiveLow) != 0;
                    haveInterrupt = true;
                }
                at = body + bodyLength;
            }
            if (!haveMemory || !haveInterrupt || size == 0)
                return false;
            device = new MmioDeviceInfo(baseAddress, size, gsi, level, activeLow);
            return true;
        }

        // ACPI 6.5, 20.2.4: the lead byte's top two bits count the bytes that follow; the length
        // includes the encoding itself.
        private static bool TryReadPackageLength(ReadOnlySpan<byte> aml, int position, out int length, out int encodingBytes)
        {
            length = 0;
            encodingBytes = 0;
            if (position >= aml.Length)
                return false;
            byte lead = aml[position];
            int follow = lead >> 6;
            if (position + follow >= aml.Length)
                return false;
            if (follow == 0)
            {
                length = lead & 0x3F;
            }
            else
            {
                length = lead & 0x0F;
                for (int i = 1; i <= follow; i++)
                    length |= aml[position + i] << (4 + 8 * (i - 1));
            }
            encodingBytes = follow + 1;
            return length >= encodingBytes;
        }

        private static bool TryReadInteger(ReadOnlySpan<byte> aml, ref int position, out long value)
        {
            value = 0;
            if (position >= aml.Length)
                return false;
            byte prefix = aml[position];
            int width = prefix == BytePrefix ? 1 : prefix == WordPrefix ? 2 : prefix == DWordPrefix ? 4 : 0;
            if (width == 0)
                return false;
            if (position + 1 + width > aml.Length)
                return false;
            for (int i = 0; i < width; i++)
                value |= (long)aml[position + 1 + i] << (8 * i);
            position += 1 + width;
            return true;
        }

        private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

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
