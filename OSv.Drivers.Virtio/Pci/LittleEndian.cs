// Little-endian field reads from firmware tables and config-space snapshots (PCI, ACPI and
// virtio are all little-endian). The interim core library has no BinaryPrimitives. Callers
// check bounds first; the span indexer checks them again.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class LittleEndian
    {
        public static ushort ReadUInt16(ReadOnlySpan<byte> bytes, int offset) =>
            (ushort)(bytes[offset] | (bytes[offset + 1] << 8));

        public static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

        public static ulong ReadUInt64(ReadOnlySpan<byte> bytes, int offset) =>
            ReadUInt32(bytes, offset) | ((ulong)ReadUInt32(bytes, offset + 4) << 32);

        // Whether [offset, offset + length) lies inside a buffer of bufferLength bytes, without
        // overflow for any non-negative inputs.
        public static bool Fits(int offset, int length, int bufferLength) =>
            offset >= 0 && length >= 0 && offset <= bufferLength && length <= bufferLength - offset;
    }
}
