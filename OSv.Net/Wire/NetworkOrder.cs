// Big-endian ("network byte order", RFC 1700) reads and writes of 16- and 32-bit fields, as
// (buffer, offset) calls over BinaryPrimitives: the shape the wire views index their fixed
// fields with. Callers have checked the span's length once, when the view was created; the
// Slice and BinaryPrimitives checks left cannot fail for a field inside the checked header.
using System;
using System.Buffers.Binary;

namespace OSv.Net.Wire
{
    internal static class NetworkOrder
    {
        public static ushort ReadUInt16(ReadOnlySpan<byte> bytes, int offset) =>
            BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(offset));

        public static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(offset));

        public static void WriteUInt16(Span<byte> bytes, int offset, ushort value) =>
            BinaryPrimitives.WriteUInt16BigEndian(bytes.Slice(offset), value);

        public static void WriteUInt32(Span<byte> bytes, int offset, uint value) =>
            BinaryPrimitives.WriteUInt32BigEndian(bytes.Slice(offset), value);
    }
}
