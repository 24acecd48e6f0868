// Memory that does not move, as a device needs: page-aligned native memory, zeroed, freed on
// Dispose. Hosted, its address doubles as the "physical" address the device is given.
using System;
using System.Runtime.InteropServices;
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed unsafe class NativeBuffer : IDisposable
    {
        private const int PageBytes = 4096;

        public NativeBuffer(int lengthBytes)
        {
            LengthBytes = lengthBytes;
            Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(lengthBytes, 1), PageBytes);
            new Span<byte>(Pointer, lengthBytes).Clear();
        }

        public byte* Pointer { get; private set; }
        public int LengthBytes { get; }

        public DmaRegion Region => new DmaRegion(Pointer, (ulong)Pointer, LengthBytes);

        public void Dispose()
        {
            if (Pointer != null)
                NativeMemory.AlignedFree(Pointer);
            Pointer = null;
        }
    }
}
