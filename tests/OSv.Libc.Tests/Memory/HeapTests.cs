// The malloc family's contract, through our exports: alignment, usable sizes, zeroing, realloc's
// NULL/0 rules and content preservation, overflow and exhaustion → ENOMEM, alignment rules of
// posix_memalign / memalign / aligned_alloc / valloc / pvalloc as in glibc 2.36.
using System;
using OSv.Libc.Errors;
using OSv.Libc.Memory;
using Xunit;

namespace OSv.Libc.Tests.Memory
{
    public sealed unsafe class HeapTests
    {
        private static readonly delegate* unmanaged<nuint, byte*> Malloc = (delegate* unmanaged<nuint, byte*>)CLibraries.Ours("malloc");
        private static readonly delegate* unmanaged<byte*, void> FreeBlock = (delegate* unmanaged<byte*, void>)CLibraries.Ours("free");
        private static readonly delegate* unmanaged<byte*, nuint, byte*> Realloc = (delegate* unmanaged<byte*, nuint, byte*>)CLibraries.Ours("realloc");
        private static readonly delegate* unmanaged<byte*, nuint> UsableSize = (delegate* unmanaged<byte*, nuint>)CLibraries.Ours("malloc_usable_size");

        [Fact]
        public void Malloc_SizesAcrossEveryClassAndLarge_Are16ByteAlignedAndUsable()
        {
            var seen = new System.Collections.Generic.HashSet<nint>();
            foreach (nuint size in new nuint[] { 0, 1, 15, 16, 17, 100, 512, 513, 1000, 4096, 65536, 131072, 131073, 1 << 20 })
            {
                byte* block = Malloc(size);
                Assert.True(block != null);
                Assert.Equal(0, (long)block % 16);
                Assert.True(seen.Add((nint)block), "malloc returned a live block twice");
                Assert.True(UsableSize(block) >= size);
                new Span<byte>(block, (int)UsableSize(block)).Fill(0xAB);
            }
            foreach (nint block in seen)
                FreeBlock((byte*)block);
            Assert.Equal((nuint)0, UsableSize(null));
            FreeBlock(null);
        }

        [Fact]
        public void Calloc_ReturnsZeroedMemory_EvenWhenReusingADirtyBlock_AndRefusesOverflow()
        {
            var calloc = (delegate* unmanaged<nuint, nuint, byte*>)CLibraries.Ours("calloc");
            byte* dirty = Malloc(200);
            new Span<byte>(dirty, 200).Fill(0xFF);
            FreeBlock(dirty);
            byte* zeroed = calloc(10, 20);
            Assert.True(new Span<byte>(zeroed, 200).IndexOfAnyExcept((byte)0) < 0);
            FreeBlock(zeroed);
            byte* large = calloc(1000, 1000);
            Assert.True(new Span<byte>(large, 1_000_000).IndexOfAnyExcept((byte)0) < 0);
            FreeBlock(large);
            Errno.Set(0);
            Assert.True(calloc((nuint)1 << 33, (nuint)1 << 33) == null);
            Assert.Equal(ErrnoCodes.ENOMEM, Errno.Get());
        }

        [Fact]
        public void Malloc_Impossible_ReturnsNullWithEnomem()
        {
            Errno.Set(0);
            Assert.True(Malloc(~(nuint)0 - 8) == null);
            Assert.Equal(ErrnoCodes.ENOMEM, Errno.Get());
        }

        [Fact]
        public void Realloc_NullAndZeroRules_AreGlibcs()
        {
            byte* fromNull = Realloc(null, 10);
            Assert.True(fromNull != null);
            Assert.True(Realloc(fromNull, 0) == null);   // freed
            byte* zeroFromNull = Realloc(null, 0);
            Assert.True(zeroFromNull != null);          // malloc(0)
            FreeBlock(zeroFromNull);
        }

        [Fact]
        public void Realloc_GrowAndShrinkAcrossClassesAndLarge_KeepsTheContents()
        {
            var random = new Random(100);
            byte* block = Malloc(1);
            block[0] = 0;
            nuint size = 1;
            foreach (nuint next in new nuint[] { 16, 17, 600, 300, 5000, 200_000, 140_000, 90_000, 3_000_000, 50, 8 })
            {
                byte* moved = Realloc(block, next);
                Assert.True(moved != null);
                nuint kept = size < next ? size : next;
                for (nuint i = 0; i < kept; i++)
                    Assert.Equal((byte)(i * 7), moved[i]);
                for (nuint i = 0; i < next; i++)
                    moved[i] = (byte)(i * 7);
                block = moved;
                size = next;
            }
            FreeBlock(block);
        }

        [Fact]
        public void Realloc_Impossible_KeepsTheOldBlockAndSetsEnomem()
        {
            byte* block = Malloc(64);
            block[63] = 42;
            Errno.Set(0);
            Assert.True(Realloc(block, ~(nuint)0 / 2) == null);
            Assert.Equal(ErrnoCodes.ENOMEM, Errno.Get());
            Assert.Equal(42, block[63]);
            FreeBlock(block);
            var reallocarray = (delegate* unmanaged<byte*, nuint, nuint, byte*>)CLibraries.Ours("reallocarray");
            Assert.True(reallocarray(null, (nuint)1 << 40, (nuint)1 << 40) == null);
        }

        [Fact]
        public void PosixMemalign_GoodAndBadAlignments_LikeGlibc()
        {
            var posixMemalign = (delegate* unmanaged<byte**, nuint, nuint, int>)CLibraries.Ours("posix_memalign");
            byte* block;
            foreach (nuint alignment in new nuint[] { 8, 16, 32, 64, 256, 4096, 65536, 1 << 21 })
            {
                foreach (nuint size in new nuint[] { 0, 1, 100, 5000, 300_000 })
                {
                    Assert.Equal(0, posixMemalign(&block, alignment, size));
                    Assert.Equal(0, (long)((nuint)block % alignment));
                    Assert.True(UsableSize(block) >= size);
                    new Span<byte>(block, (int)size).Fill(1);
                    FreeBlock(block);
                }
            }
            Assert.Equal(ErrnoCodes.EINVAL, posixMemalign(&block, 4, 10));
            Assert.Equal(ErrnoCodes.EINVAL, posixMemalign(&block, 24, 10));
            Assert.Equal(ErrnoCodes.EINVAL, posixMemalign(&block, 0, 10));
            Assert.Equal(ErrnoCodes.ENOMEM, posixMemalign(&block, 64, ~(nuint)0 / 2));
        }

        [Fact]
        public void MemalignAlignedAllocVallocPvalloc_AlignLikeGlibc()
        {
            var memalign = (delegate* unmanaged<nuint, nuint, byte*>)CLibraries.Ours("memalign");
            var alignedAlloc = (delegate* unmanaged<nuint, nuint, byte*>)CLibraries.Ours("aligned_alloc");
            var valloc = (delegate* unmanaged<nuint, byte*>)CLibraries.Ours("valloc");
            var pvalloc = (delegate* unmanaged<nuint, byte*>)CLibraries.Ours("pvalloc");
            byte* block = memalign(24, 100);             // rounds up to 32
            Assert.Equal(0, (long)block % 32);
            FreeBlock(block);
            block = alignedAlloc(128, 1000);
            Assert.Equal(0, (long)block % 128);
            FreeBlock(block);
            block = valloc(10);
            Assert.Equal(0, (long)block % 4096);
            FreeBlock(block);
            block = pvalloc(10);
            Assert.Equal(0, (long)block % 4096);
            Assert.True(UsableSize(block) >= 4096);
            FreeBlock(block);
        }

        [Fact]
        public void AlignedBlock_Realloc_MovesContentsAndFreesTheUnderlyingBlock()
        {
            byte* block = Heap.AllocateAligned(256, 40);
            Assert.Equal(0, (long)block % 256);
            for (int i = 0; i < 40; i++)
                block[i] = (byte)i;
            byte* moved = Heap.Reallocate(block, 4000);
            for (int i = 0; i < 40; i++)
                Assert.Equal((byte)i, moved[i]);
            Heap.Free(moved);
        }
    }
}
