// Big-endian ("network byte order", RFC 1700) reads and writes of 16- and 32-bit fields.
// System.Buffers.Binary.BinaryPrimitives is not in the metal core library (OSv.Runtime), so the
// wire views use these instead, in both builds. Callers have checked the span's length once, when
// the view was created; the span indexer's own bounds check is the only one left, and it cannot
// fail for a field inside the checked header.
using System;

namespace OSv.Net.Wire
{
    internal static class NetworkOrder
    {
        public static ushort ReadUInt16(ReadOnlySpan<byte> bytes, int offset) =>
            (ushort)((bytes[offset] << 8) | bytes[offset + 1]);

        public static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            ((uint)bytes[offset] << 24) | ((uint)bytes[offset + 1] << 16) |
            ((uint)bytes[offset + 2] << 8) | bytes[offset + 3];

        public static void WriteUInt16(Span<byte> bytes, int offset, ushort value)
        {
            bytes[offset] = (byte)(value >> 8);
            bytes[offset + 1] = (byte)value;
        }

        public static void WriteUInt32(Span<byte> bytes, int offset, uint value)
        {
            bytes[offset] = (byte)(value >> 24);
            bytes[offset + 1] = (byte)(value >> 16);
            bytes[offset + 2] = (byte)(value >> 8);
            bytes[offset + 3] = (byte)value;
        }
    }
}
