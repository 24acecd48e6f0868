// Little-endian field reads from firmware tables and config-space snapshots (PCI, ACPI and
// virtio are all little-endian), as (buffer, offset) reads over BinaryPrimitives, the shape the
// table parsers index with. Callers check bounds first (Fits); Slice and BinaryPrimitives check
// them again and throw on a driver bug rather than read outside the span.
using System;
using System.Buffers.Binary;

namespace OSv.Drivers.Virtio.Pci
{
    public static class LittleEndian
    {
        public static ushort ReadUInt16(ReadOnlySpan<byte> bytes, int offset) =>
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(offset));

        public static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset));

        public static ulong ReadUInt64(ReadOnlySpan<byte> bytes, int offset) =>
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(offset));

        // Whether [offset, offset + length) lies inside a buffer of bufferLength bytes, without
        // overflow for any non-negative inputs.
        public static bool Fits(int offset, int length, int bufferLength) =>
            offset >= 0 && length >= 0 && offset <= bufferLength && length <= bufferLength - offset;
    }
}
