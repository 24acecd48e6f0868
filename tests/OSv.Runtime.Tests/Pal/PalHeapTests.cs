// The PAL's C heap: payload alignment and usable size, zeroing, realloc keeping contents,
// aligned allocation, misuse detected, and a seeded stress of many live blocks whose contents
// must survive every other allocation and free.
using System;
using System.Collections.Generic;
using OSv.Runtime.Pal;
using OSv.Testing;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class PalHeapTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(16)]
        [InlineData(PalHeap.SmallPayloadMax)]
        [InlineData(PalHeap.SmallPayloadMax + 1)]
        [InlineData(100_000)]
        public void Malloc_ReturnsSixteenByteAlignedBlock_WithAtLeastTheSize(int size)
        {
            byte* block = (byte*)PalHeap.Malloc((nuint)size);
            Assert.True(block != null);
            Assert.Equal(0L, (long)block % 16);
            Assert.True(PalHeap.UsableBytes(block) >= size);
            new Span<byte>(block, size).Fill(0xAB);
            PalHeap.Free(block);
        }

        [Fact]
        public void Calloc_ZeroesRecycledSmallBlocks()
        {
            byte* dirty = (byte*)PalHeap.Malloc(40);
            new Span<byte>(dirty, 40).Fill(0xFF);
            PalHeap.Free(dirty);
            byte* clean = (byte*)PalHeap.Calloc(5, 8);
            Assert.True(new Span<byte>(clean, 40).IndexOfAnyExcept((byte)0) < 0);
            PalHeap.Free(clean);
        }

        [Fact]
        public void Calloc_Overflow_ReturnsNullWithEnomem()
        {
            Assert.True(PalHeap.Calloc(nuint.MaxValue / 2, 4) == null);
            Assert.Equal(LinuxErrno.ENOMEM, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void Malloc_Absurd_ReturnsNullWithEnomem()
        {
            Assert.True(PalHeap.Malloc(nuint.MaxValue - 4) == null);
            Assert.Equal(LinuxErrno.ENOMEM, ThreadErrno.GetErrNo());
        }

        [Fact]
        public void Realloc_Growing_KeepsContents()
        {
            byte* block = (byte*)PalHeap.Malloc(24);
            for (int i = 0; i < 24; i++)
                block[i] = (byte)i;
            byte* grown = (byte*)PalHeap.Realloc(block, 10_000);
            for (int i = 0; i < 24; i++)
                Assert.Equal((byte)i, grown[i]);
            Assert.True(PalHeap.UsableBytes(grown) >= 10_000);
            PalHeap.Free(grown);
        }

        [Fact]
        public void Realloc_ToZero_ReturnsNull() // that it frees: PalHeapDoubleFreeTests
        {
            byte* block = (byte*)PalHeap.Malloc(24);
            Assert.True(PalHeap.Realloc(block, 0) == null);
        }

        [Theory]
        [InlineData(32, 10)]
        [InlineData(64, 3000)]
        [InlineData(4096, 100)]
        [InlineData(65536, 70_000)]
        public void AlignedAlloc_HonoursAlignment_AndFreesThroughFree(int alignment, int size)
        {
            byte* block = (byte*)PalHeap.AlignedAlloc((nuint)alignment, (nuint)size);
            Assert.Equal(0L, (long)block % alignment);
            Assert.True(PalHeap.UsableBytes(block) >= size);
            new Span<byte>(block, size).Fill(1);
            byte* moved = (byte*)PalHeap.AlignedRealloc(block, (nuint)alignment, (nuint)size * 2);
            Assert.Equal(0L, (long)moved % alignment);
            Assert.True(new Span<byte>(moved, size).IndexOfAnyExcept((byte)1) < 0);
            PalHeap.AlignedFree(moved);
        }

        [Fact]
        public void AlignedAlloc_NotPowerOfTwo_FailsWithEinval()
        {
            Assert.True(PalHeap.AlignedAlloc(48, 10) == null);
            Assert.Equal(LinuxErrno.EINVAL, ThreadErrno.GetErrNo());
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void RandomAllocateAndFree_KeepsEveryLiveBlockIntact(ulong seed)
        {
            var random = new SimulationRandom(seed);
            var live = new List<(nint Block, int Size, byte Fill)>();
            for (int step = 0; step < 3000; step++)
            {
                if (live.Count > 0 && random.Chance(45))
                {
                    int index = random.Between(0, live.Count - 1);
                    (nint block, int size, byte fill) = live[index];
                    Assert.True(new Span<byte>((byte*)block, size).IndexOfAnyExcept(fill) < 0, "seed " + seed);
                    live[index] = live[^1];
                    live.RemoveAt(live.Count - 1);
                    PalHeap.Free((void*)block);
                    continue;
                }
                int newSize = random.Chance(5) ? random.Between(3000, 40_000) : random.Between(0, 2100);
                byte newFill = (byte)random.Between(1, 255);
                byte* allocated = random.Chance(20)
                    ? (byte*)PalHeap.AlignedAlloc((nuint)(1 << random.Between(5, 12)), (nuint)newSize)
                    : (byte*)PalHeap.Malloc((nuint)newSize);
                Assert.True(allocated != null);
                new Span<byte>(allocated, newSize).Fill(newFill);
                live.Add(((nint)allocated, newSize, newFill));
            }
            foreach ((nint block, int size, byte fill) in live)
            {
                Assert.True(new Span<byte>((byte*)block, size).IndexOfAnyExcept(fill) < 0, "seed " + seed);
                PalHeap.Free((void*)block);
            }
        }

        [Fact]
        public void ConcurrentThreads_AllocateAndFree_WithoutCorruption()
        {
            const int ThreadCount = 4;
            var failures = new int[ThreadCount];
            var threads = new System.Threading.Thread[ThreadCount];
            for (int t = 0; t < ThreadCount; t++)
            {
                int id = t;
                threads[t] = new System.Threading.Thread(() =>
                {
                    var blocks = new nint[64];
                    for (int round = 0; round < 200; round++)
                    {
                        for (int i = 0; i < blocks.Length; i++)
                        {
                            byte* block = (byte*)PalHeap.Malloc((nuint)(16 + i * 7));
                            new Span<byte>(block, 16 + i * 7).Fill((byte)(id + 1));
                            blocks[i] = (nint)block;
                        }
                        for (int i = 0; i < blocks.Length; i++)
                        {
                            if (new Span<byte>((byte*)blocks[i], 16 + i * 7).IndexOfAnyExcept((byte)(id + 1)) >= 0)
                                failures[id]++;
                            PalHeap.Free((void*)blocks[i]);
                        }
                    }
                });
                threads[t].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            Assert.Equal(new int[ThreadCount], failures);
        }
    }
}
