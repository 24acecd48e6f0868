// The 16 bytes in front of every payload the heap hands out: what free, realloc and
// malloc_usable_size need to find the block's size in O(1), and a check word that catches misuse.
//
//   Info  = value << 8 | kind
//           kind Small:   value = size class index (the payload size is SizeClasses.PayloadBytes)
//           kind Large:   value = bytes of the page run (the header sits at the run's start)
//           kind Aligned: value = distance from the underlying block's payload to this payload
//                         (an over-aligned payload inside a bigger block; see Heap.AllocateAligned)
//   Check = Info ^ payload address ^ (AllocatedSecret or FreedSecret)
//
// A pointer is accepted only when Check matches Info and the pointer with AllocatedSecret, so a
// pointer into the middle of a block, a header overwritten by an underflow, or a block copied
// elsewhere is refused; a match with FreedSecret means a double free (of a small block, whose
// header stays readable; a large run is gone after its free). Keeping the header 16 bytes keeps
// every payload 16-byte aligned (glibc's MALLOC_ALIGNMENT on x86-64).
using System.Runtime.InteropServices;

namespace OSv.Libc.Memory
{
    [StructLayout(LayoutKind.Sequential)]
    public struct BlockHeader
    {
        public const int Bytes = 16;
        public const ulong KindSmall = 1, KindLarge = 2, KindAligned = 3;
        private const ulong KindMask = 0xFF;
        private const int ValueShift = 8;
        private const ulong AllocatedSecret = 0x6D61_6C6C_6F63_2D4FUL;   // "malloc-O"
        private const ulong FreedSecret = 0x6672_6565_642D_2D4FUL;       // "freed--O"

        public ulong Info;
        public ulong Check;

        public static ulong MakeInfo(ulong kind, ulong value) => value << ValueShift | kind;

        public readonly ulong Kind => Info & KindMask;

        public readonly ulong Value => Info >> ValueShift;

        public static unsafe BlockHeader* Of(byte* payload) => (BlockHeader*)(payload - Bytes);

        public static unsafe void MarkAllocated(byte* payload, ulong info)
        {
            BlockHeader* header = Of(payload);
            header->Info = info;
            header->Check = info ^ (ulong)payload ^ AllocatedSecret;
        }

        public static unsafe void MarkFreed(byte* payload)
        {
            BlockHeader* header = Of(payload);
            header->Check = header->Info ^ (ulong)payload ^ FreedSecret;
        }

        public static unsafe bool IsAllocated(byte* payload)
        {
            BlockHeader* header = Of(payload);
            return header->Check == (header->Info ^ (ulong)payload ^ AllocatedSecret);
        }

        public static unsafe bool IsFreed(byte* payload, ulong expectedInfo)
        {
            BlockHeader* header = Of(payload);
            return header->Info == expectedInfo && header->Check == (expectedInfo ^ (ulong)payload ^ FreedSecret);
        }

        public static unsafe bool IsFreed(byte* payload) => IsFreed(payload, Of(payload)->Info);
    }
}
