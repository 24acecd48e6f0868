// The C heap behind malloc and friends: a size-class allocator with per-class free lists, after
// the segregated-fit designs of tcmalloc and jemalloc, simplified to one shared cache per class.
//
// Small requests (≤ SizeClasses.LargeThresholdBytes = 128 KiB) round up to a size class; each
// class has a LIFO free list of freed blocks (the next pointer lives in the freed payload) and a
// carving region: a chunk of pages from PageSource that new blocks are cut from, front to back.
// A block is a 16-byte BlockHeader followed by the payload; chunks are page-aligned and block
// sizes are multiples of 16, so every payload is 16-byte aligned. Small blocks go back to their
// class's list and are reused by the same class; their pages are not returned (glibc's arenas
// rarely return memory either). Large requests get a page run of their own, returned on free
// (glibc's mmap threshold is the same 128 KiB by default).
//
// Locking: one SpinYieldLock per class, padded to a cache line, so threads allocating different
// sizes never meet; each critical section is a pop, a push or a bump. Large runs take no heap lock
// (PageSource is thread-safe).
//
// Misuse (freeing what malloc never returned, double free of a small block, a header overwritten
// in front of a payload or a freed block's header clobbered on the free list) is caught by the
// header's check word (BlockHeader.cs) and reported through Misuse, with glibc's wording.
//
// Departures from glibc: no per-thread cache yet; no coalescing of small blocks (a class's
// memory serves only that class); realloc never moves a large run in place (it copies).
//
// Errors: a request that cannot be met returns null with errno = ENOMEM, like malloc.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OSv.Libc.Errors;

namespace OSv.Libc.Memory
{
    public static unsafe class Heap
    {
        public const int ChunkBytesMin = 64 * 1024;
        public const int BlocksPerChunkMin = 2;
        public const int CacheLineBytes = 64;
        /// <summary>Larger requests fail at once (1 TiB: beyond any machine we run on, and small
        /// enough that page counts and alignment padding cannot overflow).</summary>
        public const ulong RequestBytesMax = 1UL << 40;

        [StructLayout(LayoutKind.Sequential, Size = CacheLineBytes)]
        private struct SizeClassState
        {
            public int Lock;
            public nint FreeList;     // payload of the most recently freed block, or 0
            public nint CarveNext;    // start of the next uncut block in the current chunk
            public nint CarveEnd;     // end of the current chunk
        }

        private static readonly SizeClassState[] s_classes = new SizeClassState[SizeClasses.Count];

        /// <summary>malloc: at least <paramref name="bytes"/> bytes, 16-byte aligned, or null (ENOMEM).</summary>
        public static byte* Allocate(nuint bytes)
        {
            if (bytes <= SizeClasses.LargeThresholdBytes)
                return AllocateSmall(SizeClasses.IndexOf(bytes));
            return AllocateLarge(bytes);
        }

        /// <summary>calloc's allocation: like <see cref="Allocate"/>, with the payload zeroed
        /// (fresh page runs are zero already and are not cleared again).</summary>
        public static byte* AllocateZeroed(nuint bytes)
        {
            if (bytes > SizeClasses.LargeThresholdBytes)
                return AllocateLarge(bytes);
            byte* payload = AllocateSmall(SizeClasses.IndexOf(bytes));
            if (payload != null)
                OSv.Libc.String.MemoryBlocks.Fill(payload, 0, bytes);
            return payload;
        }

        /// <summary>free: returns a block; null is ignored; misuse is reported.</summary>
        public static void Free(byte* payload)
        {
            if (payload == null)
                return;
            if (!IsPlausible(payload))
            {
                ReportBadPointer(payload, "free(): invalid pointer", "free(): double free detected");
                return;
            }
            BlockHeader* header = BlockHeader.Of(payload);
            ulong kind = header->Kind;
            if (kind == BlockHeader.KindSmall)
                FreeSmall(payload, (int)header->Value);
            else if (kind == BlockHeader.KindLarge)
                PageSource.Free((byte*)header, (nuint)header->Value);
            else
                FreeAligned(payload, (nuint)header->Value);
        }

        /// <summary>malloc_usable_size: the payload bytes the block really has (≥ what was asked);
        /// 0 for null or a pointer the heap did not return.</summary>
        public static nuint UsableSize(byte* payload)
        {
            if (payload == null)
                return 0;
            if (!IsPlausible(payload))
            {
                ReportBadPointer(payload, "malloc_usable_size(): invalid pointer", "malloc_usable_size(): invalid pointer");
                return 0;
            }
            return UsableSizeOfValid(payload);
        }

        /// <summary>realloc: null → Allocate; 0 bytes → Free and null (glibc); otherwise the same
        /// block when it fits well, else a new block with the contents copied. On failure null
        /// (ENOMEM) and the old block is untouched.</summary>
        public static byte* Reallocate(byte* payload, nuint bytes)
        {
            if (payload == null)
                return Allocate(bytes);
            if (bytes == 0)
            {
                Free(payload);
                return null;
            }
            if (!IsPlausible(payload))
            {
                ReportBadPointer(payload, "realloc(): invalid pointer", "realloc(): invalid pointer");
                return null;
            }
            nuint usable = UsableSizeOfValid(payload);
            if (FitsInPlace(payload, usable, bytes))
                return payload;
            byte* moved = Allocate(bytes);
            if (moved == null)
                return null;
            OSv.Libc.String.MemoryBlocks.Copy(moved, payload, usable < bytes ? usable : bytes);
            Free(payload);
            return moved;
        }

        /// <summary>memalign's core: <paramref name="bytes"/> at an address that is a multiple of
        /// <paramref name="alignment"/> (a power of two), or null (EINVAL for a bad alignment,
        /// ENOMEM when memory is short). Freed with <see cref="Free"/>.</summary>
        public static byte* AllocateAligned(nuint alignment, nuint bytes)
        {
            if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > RequestBytesMax)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return null;
            }
            if (alignment <= SizeClasses.GranularityBytes)
                return Allocate(bytes);
            if (bytes > RequestBytesMax)
                return OutOfMemory();
            byte* underlying = Allocate(bytes + alignment + BlockHeader.Bytes);
            if (underlying == null)
                return null;
            if (((nuint)underlying & (alignment - 1)) == 0)
                return underlying;
            // Room for the aligned block's own header between the two payloads.
            byte* aligned = (byte*)(((nuint)underlying + BlockHeader.Bytes + alignment - 1) & ~(alignment - 1));
            BlockHeader.MarkAllocated(aligned, BlockHeader.MakeInfo(BlockHeader.KindAligned, (ulong)(aligned - underlying)));
            return aligned;
        }

        // ---- small blocks -------------------------------------------------------------------

        private static byte* AllocateSmall(int classIndex)
        {
            ref SizeClassState state = ref s_classes[classIndex];
            ulong info = BlockHeader.MakeInfo(BlockHeader.KindSmall, (ulong)classIndex);
            SpinYieldLock.Acquire(ref state.Lock);
            byte* payload = (byte*)state.FreeList;
            if (payload != null)
            {
                // Reuse: the most recently freed block (still warm in the cache).
                if (BlockHeader.IsFreed(payload, info))
                {
                    state.FreeList = *(nint*)payload;
                    SpinYieldLock.Release(ref state.Lock);
                    BlockHeader.MarkAllocated(payload, info);
                    return payload;
                }
                // The freed block's header was overwritten: its next pointer cannot be trusted.
                state.FreeList = 0;
                SpinYieldLock.Release(ref state.Lock);
                Misuse.Report("malloc(): memory corruption");
                SpinYieldLock.Acquire(ref state.Lock);
            }
            payload = Carve(ref state, classIndex);
            SpinYieldLock.Release(ref state.Lock);
            if (payload == null)
                return OutOfMemory();
            BlockHeader.MarkAllocated(payload, info);
            return payload;
        }

        // Cuts the next block from the class's chunk, taking a new chunk when it is used up.
        // Runs under the class lock.
        private static byte* Carve(ref SizeClassState state, int classIndex)
        {
            nuint blockBytes = BlockHeader.Bytes + SizeClasses.PayloadBytes(classIndex);
            if ((nuint)(state.CarveEnd - state.CarveNext) < blockBytes)
            {
                nuint chunkBytes = ChunkBytes(blockBytes);
                byte* chunk = PageSource.Allocate(chunkBytes);
                if (chunk == null)
                    return null;
                // The rest of the old chunk (less than one block) is abandoned.
                state.CarveNext = (nint)chunk;
                state.CarveEnd = (nint)(chunk + PageSource.RoundUpToPages(chunkBytes));
            }
            byte* block = (byte*)state.CarveNext;
            state.CarveNext += (nint)blockBytes;
            return block + BlockHeader.Bytes;
        }

        private static nuint ChunkBytes(nuint blockBytes)
        {
            nuint forBlocks = blockBytes * BlocksPerChunkMin;
            return forBlocks > ChunkBytesMin ? forBlocks : ChunkBytesMin;
        }

        private static void FreeSmall(byte* payload, int classIndex)
        {
            if ((uint)classIndex >= SizeClasses.Count)
            {
                Misuse.Report("free(): invalid size");
                return;
            }
            BlockHeader.MarkFreed(payload);
            ref SizeClassState state = ref s_classes[classIndex];
            SpinYieldLock.Acquire(ref state.Lock);
            *(nint*)payload = state.FreeList;
            state.FreeList = (nint)payload;
            SpinYieldLock.Release(ref state.Lock);
        }

        // ---- large runs and aligned blocks ----------------------------------------------------

        // A page run of its own; fresh pages are zero (PageSource).
        private static byte* AllocateLarge(nuint bytes)
        {
            if (bytes > RequestBytesMax)
                return OutOfMemory();
            nuint runBytes = PageSource.RoundUpToPages(bytes + BlockHeader.Bytes);
            byte* run = PageSource.Allocate(runBytes);
            if (run == null)
                return OutOfMemory();
            byte* payload = run + BlockHeader.Bytes;
            BlockHeader.MarkAllocated(payload, BlockHeader.MakeInfo(BlockHeader.KindLarge, runBytes));
            return payload;
        }

        private static void FreeAligned(byte* payload, nuint offset)
        {
            byte* underlying = payload - offset;
            if (offset < BlockHeader.Bytes || ((nuint)underlying & (SizeClasses.GranularityBytes - 1)) != 0
                || !BlockHeader.IsAllocated(underlying))
            {
                Misuse.Report("free(): invalid pointer");
                return;
            }
            BlockHeader.MarkFreed(payload);
            Free(underlying);
        }

        // ---- checks ------------------------------------------------------------------------

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsPlausible(byte* payload) =>
            ((nuint)payload & (SizeClasses.GranularityBytes - 1)) == 0 && BlockHeader.IsAllocated(payload);

        private static nuint UsableSizeOfValid(byte* payload)
        {
            BlockHeader* header = BlockHeader.Of(payload);
            ulong kind = header->Kind;
            if (kind == BlockHeader.KindSmall)
                return (uint)header->Value < SizeClasses.Count ? SizeClasses.PayloadBytes((int)header->Value) : 0;
            if (kind == BlockHeader.KindLarge)
                return (nuint)header->Value - BlockHeader.Bytes;
            byte* underlying = payload - (nuint)header->Value;
            if (!BlockHeader.IsAllocated(underlying))
                return 0;
            return UsableSizeOfValid(underlying) - (nuint)header->Value;
        }

        // Same block when the new size fits and at most half of the block would stay unused.
        private static bool FitsInPlace(byte* payload, nuint usable, nuint bytes)
        {
            if (bytes > usable)
                return false;
            if (bytes > usable / 2)
                return true;
            BlockHeader* header = BlockHeader.Of(payload);
            return header->Kind == BlockHeader.KindSmall && SizeClasses.IndexOf(bytes) == (int)header->Value;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ReportBadPointer(byte* payload, string invalidMessage, string doubleFreeMessage)
        {
            bool aligned = ((nuint)payload & (SizeClasses.GranularityBytes - 1)) == 0;
            Misuse.Report(aligned && BlockHeader.IsFreed(payload) ? doubleFreeMessage : invalidMessage);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static byte* OutOfMemory()
        {
            Errno.Set(ErrnoCodes.ENOMEM);
            return null;
        }
    }
}
