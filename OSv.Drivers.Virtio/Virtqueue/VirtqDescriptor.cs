// Writes one struct virtq_desc (2.7.5) into a descriptor table: the queue's own table or an
// indirect table (2.7.5.3), which have the same layout. One of the two unsafe helpers of the
// virtqueue (the other is VirtqRing): all raw stores to descriptors go through here.
//
// Little-endian fields are stored through typed pointers: x86-64 is little-endian, so the
// in-memory order of a ulong/uint/ushort store is the spec's le64/le32/le16. A big-endian port
// would swap bytes here and in VirtqRing, nowhere else.
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Virtqueue
{
    internal static unsafe class VirtqDescriptor
    {
        // Caller rules: table holds at least tableDescriptors descriptors and index is below it
        // (checked here: one compare); the table is 16-byte aligned (checked once at set-up), so
        // every field store is naturally aligned.
        public static void Write(byte* table, int tableDescriptors, int index, ulong address, uint lengthBytes, ushort flags, ushort next)
        {
            Invariant.Assert((uint)index < (uint)tableDescriptors, "VirtqDescriptor: index outside the table");
            // In bounds: index < tableDescriptors, so the 16 bytes at index·16 are inside the table.
            byte* descriptor = table + index * VirtqLayout.DescriptorBytes;
            *(ulong*)(descriptor + VirtqLayout.DescriptorAddressOffset) = address;
            *(uint*)(descriptor + VirtqLayout.DescriptorLengthOffset) = lengthBytes;
            *(ushort*)(descriptor + VirtqLayout.DescriptorFlagsOffset) = flags;
            *(ushort*)(descriptor + VirtqLayout.DescriptorNextOffset) = next;
        }
    }
}
