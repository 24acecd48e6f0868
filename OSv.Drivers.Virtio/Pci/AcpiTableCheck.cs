// The checks every ACPI table gets before its body is read (ACPI 6.5, 5.2.6): the signature, a
// length field that fits the bytes we hold (and at least the 36-byte header), and a checksum
// over the whole table that sums to zero. On success the table is trimmed to its stated length.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class AcpiTableCheck
    {
        public const int HeaderBytes = 36;
        private const int LengthOffset = 4;

        public static PciFault Validate(ReadOnlySpan<byte> bytes, string signature, out ReadOnlySpan<byte> table)
        {
            table = default;
            if (bytes.Length < HeaderBytes)
                return new PciFault(PciError.TableTruncated, 0);
            for (int i = 0; i < 4; i++)
            {
                if (bytes[i] != (byte)signature[i])
                    return new PciFault(PciError.TableBadSignature, 0);
            }
            uint length = LittleEndian.ReadUInt32(bytes, LengthOffset);
            if (length < HeaderBytes || length > (uint)bytes.Length || length > PciLimits.AmlTableBytesMax)
                return new PciFault(PciError.TableTruncated, LengthOffset);
            ReadOnlySpan<byte> whole = bytes.Slice(0, (int)length);
            byte sum = 0;
            for (int i = 0; i < whole.Length; i++)
                sum += whole[i];
            if (sum != 0)
                return new PciFault(PciError.TableBadChecksum, 9);
            table = whole;
            return PciFault.None;
        }
    }
}
