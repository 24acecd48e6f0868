// The PAL's C heap: SystemNative_Malloc/Calloc/Realloc/Free and the Aligned* family (what
// NativeMemory.Alloc and friends, and CoreLib's own native buffers, call). A small segregated-fit
// allocator over PalPages, in the style of a classic slab allocator:
//
//   small   payloads up to SmallPayloadMax bytes come from one of SizeClassCount power-of-two
//           block sizes (32 .. 2048 bytes including the header). A class with no free block
//           takes a slab of SlabPages pages and cuts it into blocks. Freed blocks go back on their
//           class's free list (LIFO); slabs are never returned to the page allocator.
//   large   bigger payloads get their own page run, returned to PalPages on Free.
//   aligned alignments above 16 over-allocate a small/large block and put a second header just
//           before the aligned payload that points back to the block.
//
// Every block starts with a 16-byte header {Tag, Value}, so payloads are 16-byte aligned (what
// malloc guarantees on x86-64). Tag holds a magic, the kind and the size class; Value holds the
// free-list link (small, free), the page count (large) or the underlying block (aligned). Free
// checks the magic and the kind, so a double free or a foreign pointer is an invariant failure
// rather than a corrupted free list.
//
// One lock (OSv.Core's Mutex) guards the free lists and slab refills; page runs for large blocks
// are allocated outside it. No managed object is allocated after the lock itself.
using System;
using System.Runtime;
using OSv.Core.Diagnostics;
using OSv.Core.Sync;

namespace OSv.Runtime.Pal
{
    internal static unsafe class PalHeap
    {
        public const int HeaderBytes = 16;
        public const int SizeClassCount = 7;
        public const int SmallBlockBytesMin = 32;
        public const int SmallBlockBytesMax = SmallBlockBytesMin << (SizeClassCount - 1);
        public const int SmallPayloadMax = SmallBlockBytesMax - HeaderBytes;
        public const int SlabPages = 16;

        private const ulong Magic = 0x50414C48UL << 32; // "PALH"
        private const ulong MagicMask = 0xFFFFFFFFUL << 32;
        private const ulong KindSmall = 1UL << 16, KindLarge = 2UL << 16, KindAligned = 3UL << 16, KindFree = 4UL << 16;
        private const ulong KindMask = 0xFFUL << 16;
        private const ulong ClassMask = 0xFFFF;

        private const byte SlabHoldsLargestBlock = SlabPages * PalPages.PageBytes >= SmallBlockBytesMax ? 0 : 256;

        private static readonly Mutex s_lock = new Mutex();

        // Runs the class constructor now (PalStartup): reading a static field is what triggers it.
        internal static void EnsureInitialized() => System.GC.KeepAlive(s_lock);
        private static FreeLists s_freeLists;

        private struct FreeLists
        {
            public fixed ulong Heads[SizeClassCount];
        }

        [RuntimeExport("SystemNative_Malloc")]
        internal static void* Malloc(nuint size)
        {
            byte* payload = Allocate(size);
            if (payload == null)
                ThreadErrno.Value = LinuxErrno.ENOMEM;
            return payload;
        }

        [RuntimeExport("SystemNative_Calloc")]
        internal static void* Calloc(nuint count, nuint size)
        {
            if (size != 0 && count > nuint.MaxValue / size)
            {
                ThreadErrno.Value = LinuxErrno.ENOMEM;
                return null;
            }
            nuint bytes = count * size;
            byte* payload = Allocate(bytes);
            if (payload == null)
                ThreadErrno.Value = LinuxErrno.ENOMEM;
            else if (bytes <= SmallPayloadMax)
                new Span<byte>(payload, (int)bytes).Clear(); // large blocks are fresh zeroed pages
            return payload;
        }

        [RuntimeExport("SystemNative_Realloc")]
        internal static void* Realloc(void* pointer, nuint newSize)
        {
            if (pointer == null)
                return Malloc(newSize);
            if (newSize == 0)
            {
                Free(pointer); // glibc: realloc(p, 0) frees p and returns null
                return null;
            }
            long usable = UsableBytes((byte*)pointer);
            if (newSize <= (nuint)usable && KindOf((byte*)pointer) != KindAligned)
                return pointer;
            byte* moved = Allocate(newSize);
            if (moved == null)
            {
                ThreadErrno.Value = LinuxErrno.ENOMEM;
                return null; // the old block stays valid, as C requires
            }
            Buffer.MemoryCopy(pointer, moved, (long)newSize, Math.Min(usable, (long)newSize));
            Free(pointer);
            return moved;
        }

        [RuntimeExport("SystemNative_Free")]
        internal static void Free(void* pointer)
        {
            if (pointer == null)
                return;
            byte* payload = (byte*)pointer;
            ulong* header = HeaderOf(payload);
            ulong tag = header[0];
            Invariant.Assert((tag & MagicMask) == Magic, "PalHeap.Free: not a PAL heap block");
            ulong kind = tag & KindMask;
            Invariant.Assert(kind != KindFree, "PalHeap.Free: block freed twice");
            if (kind == KindAligned)
            {
                header[0] = Magic | KindFree;
                Free((void*)header[1]);
            }
            else if (kind == KindLarge)
            {
                long pages = (long)header[1];
                header[0] = Magic | KindFree;
                PalPages.Free(payload - HeaderBytes, pages);
            }
            else
            {
                Invariant.Assert(kind == KindSmall, "PalHeap.Free: unknown block kind");
                PushFree((int)(tag & ClassMask), header);
            }
        }

        [RuntimeExport("SystemNative_AlignedAlloc")]
        internal static void* AlignedAlloc(nuint alignment, nuint size)
        {
            if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            {
                ThreadErrno.Value = LinuxErrno.EINVAL;
                return null;
            }
            if (alignment <= HeaderBytes)
                return Malloc(size);
            if (size > nuint.MaxValue - alignment - HeaderBytes)
            {
                ThreadErrno.Value = LinuxErrno.ENOMEM;
                return null;
            }
            byte* block = Allocate(size + alignment + HeaderBytes);
            if (block == null)
            {
                ThreadErrno.Value = LinuxErrno.ENOMEM;
                return null;
            }
            byte* aligned = (byte*)(((nuint)block + HeaderBytes + alignment - 1) & ~(alignment - 1));
            ulong* header = HeaderOf(aligned);
            header[0] = Magic | KindAligned;
            header[1] = (ulong)block;
            return aligned;
        }

        [RuntimeExport("SystemNative_AlignedFree")]
        internal static void AlignedFree(void* pointer) => Free(pointer);

        [RuntimeExport("SystemNative_AlignedRealloc")]
        internal static void* AlignedRealloc(void* pointer, nuint alignment, nuint newSize)
        {
            void* moved = AlignedAlloc(alignment, newSize);
            if (moved == null || pointer == null)
                return moved;
            long keep = Math.Min(UsableBytes((byte*)pointer), (long)newSize);
            Buffer.MemoryCopy(pointer, moved, (long)newSize, keep);
            Free(pointer);
            return moved;
        }

        // Bytes the caller may use at payload (at least what it asked for).
        internal static long UsableBytes(byte* payload)
        {
            ulong* header = HeaderOf(payload);
            ulong tag = header[0];
            Invariant.Assert((tag & MagicMask) == Magic, "PalHeap: not a PAL heap block");
            ulong kind = tag & KindMask;
            if (kind == KindSmall)
                return BlockBytes((int)(tag & ClassMask)) - HeaderBytes;
            if (kind == KindLarge)
                return (long)header[1] * PalPages.PageBytes - HeaderBytes;
            Invariant.Assert(kind == KindAligned, "PalHeap: freed block used");
            byte* block = (byte*)header[1];
            return UsableBytes(block) - (payload - block);
        }

        private static byte* Allocate(nuint size)
        {
            if (size <= SmallPayloadMax)
                return AllocateSmall(ClassFor((int)size));
            if (size > (nuint)PalPages.RunPagesMax * PalPages.PageBytes - HeaderBytes)
                return null; // also keeps size + HeaderBytes from wrapping
            long pages = PalPages.PagesFor(size + HeaderBytes);
            byte* run = PalPages.TryAllocate(pages);
            if (run == null)
                return null;
            ulong* header = (ulong*)run;
            header[0] = Magic | KindLarge;
            header[1] = (ulong)pages;
            return run + HeaderBytes;
        }

        private static int ClassFor(int payloadBytes)
        {
            int sizeClass = 0;
            while (BlockBytes(sizeClass) - HeaderBytes < payloadBytes)
                sizeClass++;
            return sizeClass;
        }

        private static int BlockBytes(int sizeClass) => SmallBlockBytesMin << sizeClass;

        private static ulong* HeaderOf(byte* payload) => (ulong*)(payload - HeaderBytes);

        private static ulong KindOf(byte* payload) => HeaderOf(payload)[0] & KindMask;

        private static byte* AllocateSmall(int sizeClass)
        {
            s_lock.Lock();
            ulong* header = (ulong*)s_freeLists.Heads[sizeClass];
            if (header == null && RefillLocked(sizeClass))
                header = (ulong*)s_freeLists.Heads[sizeClass];
            if (header != null)
            {
                s_freeLists.Heads[sizeClass] = header[1];
                header[0] = Magic | KindSmall | (uint)sizeClass;
                header[1] = 0;
            }
            s_lock.Unlock();
            return header == null ? null : (byte*)header + HeaderBytes;
        }

        private static void PushFree(int sizeClass, ulong* header)
        {
            s_lock.Lock();
            header[0] = Magic | KindFree | (uint)sizeClass;
            header[1] = s_freeLists.Heads[sizeClass];
            s_freeLists.Heads[sizeClass] = (ulong)header;
            s_lock.Unlock();
        }

        // Cuts a new slab into free blocks of sizeClass. Called with the lock held.
        private static bool RefillLocked(int sizeClass)
        {
            byte* slab = PalPages.TryAllocate(SlabPages);
            if (slab == null)
                return false;
            int blockBytes = BlockBytes(sizeClass);
            int blocks = SlabPages * PalPages.PageBytes / blockBytes;
            for (int i = blocks - 1; i >= 0; i--)
            {
                ulong* header = (ulong*)(slab + (long)i * blockBytes);
                header[0] = Magic | KindFree | (uint)sizeClass;
                header[1] = s_freeLists.Heads[sizeClass];
                s_freeLists.Heads[sizeClass] = (ulong)header;
            }
            return true;
        }
    }
}
