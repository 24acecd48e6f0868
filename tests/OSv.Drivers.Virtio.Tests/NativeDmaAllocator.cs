// A DmaAllocator over native memory (NativeBuffer: page-aligned, zeroed, the pointer doubling
// as the physical address), keeping every allocation so tests can check where the driver's
// buffers lie, and freeing them all on Dispose.
using System;
using System.Collections.Generic;
using OSv.Drivers.Virtio.Core;
using OSv.Drivers.Virtio.Virtqueue;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class NativeDmaAllocator : DmaAllocator, IDisposable
    {
        public readonly struct Allocation
        {
            public Allocation(string requester, ulong physicalAddress, int lengthBytes)
            {
                Requester = requester;
                PhysicalAddress = physicalAddress;
                LengthBytes = lengthBytes;
            }

            public string Requester { get; }
            public ulong PhysicalAddress { get; }
            public int LengthBytes { get; }

            public bool Contains(ulong address, ulong lengthBytes) =>
                address >= PhysicalAddress && address + lengthBytes <= PhysicalAddress + (ulong)LengthBytes;
        }

        private readonly List<NativeBuffer> _buffers = new List<NativeBuffer>();

        public List<Allocation> Allocations { get; } = new List<Allocation>();

        public override DmaRegion Allocate(int lengthBytes, string requester)
        {
            if (lengthBytes <= 0)
                throw new ArgumentOutOfRangeException(nameof(lengthBytes), "DMA allocation of " + lengthBytes + " bytes");
            var buffer = new NativeBuffer(lengthBytes);
            _buffers.Add(buffer);
            Allocations.Add(new Allocation(requester, buffer.Region.PhysicalAddress, lengthBytes));
            return buffer.Region;
        }

        // The allocation holding [address, address + lengthBytes), or -1.
        public int IndexOf(ulong address, ulong lengthBytes)
        {
            for (int i = 0; i < Allocations.Count; i++)
                if (Allocations[i].Contains(address, lengthBytes))
                    return i;
            return -1;
        }

        public void Dispose()
        {
            foreach (NativeBuffer buffer in _buffers)
                buffer.Dispose();
            _buffers.Clear();
        }
    }
}
