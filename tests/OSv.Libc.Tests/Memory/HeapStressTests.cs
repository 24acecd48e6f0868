// Many threads allocate, fill, check, reallocate and free at once: random sizes over every class
// and large runs, aligned blocks among them. Every live block holds a pattern derived from its
// owner and slot, checked before each free or realloc, so a block handed out twice, a lost free
// list entry or a torn header shows up as a wrong byte. The seed is printed first.
using System;
using System.Threading;
using OSv.Libc.Memory;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Libc.Tests.Memory
{
    public sealed unsafe class HeapStressTests
    {
        private const int ThreadCount = 8;
        private const int SlotsPerThread = 64;
        private const int OperationsPerThread = 40_000;
        private readonly ITestOutputHelper _output;

        public HeapStressTests(ITestOutputHelper output) => _output = output;

        private static nuint RandomSize(Random random) => random.Next(100) switch
        {
            < 70 => (nuint)random.Next(0, 257),
            < 95 => (nuint)random.Next(257, 20_000),
            < 99 => (nuint)random.Next(20_000, 131_073),
            _ => (nuint)random.Next(131_073, 600_000),
        };

        private static byte Pattern(int thread, int slot, nuint index) => (byte)(thread * 31 + slot * 7 + (int)index);

        // The patterned bytes: the first 64 and every 512th, whatever the block's size, so a
        // realloc's kept prefix can be checked with the same rule.
        private static nuint NextPatterned(nuint i) => i < 64 ? i + 1 : (i + 512) & ~(nuint)511;

        private static void Fill(byte* block, nuint size, int thread, int slot)
        {
            for (nuint i = 0; i < size; i = NextPatterned(i))
                block[i] = Pattern(thread, slot, i);
        }

        private static bool Check(byte* block, nuint size, int thread, int slot)
        {
            for (nuint i = 0; i < size; i = NextPatterned(i))
            {
                if (block[i] != Pattern(thread, slot, i))
                    return false;
            }
            return true;
        }

        private static void Worker(int thread, int seed, int[] failureCount)
        {
            var random = new Random(seed + thread);
            byte*[] blocks = new byte*[SlotsPerThread];
            nuint[] sizes = new nuint[SlotsPerThread];
            for (int operation = 0; operation < OperationsPerThread; operation++)
            {
                int slot = random.Next(SlotsPerThread);
                if (blocks[slot] != null && !Check(blocks[slot], sizes[slot], thread, slot))
                    Interlocked.Increment(ref failureCount[0]);
                int action = random.Next(10);
                nuint size = RandomSize(random);
                if (blocks[slot] == null || action < 4)
                {
                    Heap.Free(blocks[slot]);
                    blocks[slot] = action == 0 ? Heap.AllocateAligned((nuint)1 << random.Next(4, 13), size) : Heap.Allocate(size);
                    if (action == 0 && blocks[slot] != null && ((nuint)blocks[slot] & 15) != 0)
                        Interlocked.Increment(ref failureCount[0]);
                }
                else if (action < 8)
                {
                    byte* moved = Heap.Reallocate(blocks[slot], size == 0 ? 1 : size);
                    if (moved == null)
                        Interlocked.Increment(ref failureCount[0]);
                    nuint kept = sizes[slot] < size ? sizes[slot] : size;
                    if (!Check(moved, kept, thread, slot))
                        Interlocked.Increment(ref failureCount[0]);
                    blocks[slot] = moved;
                }
                else
                {
                    Heap.Free(blocks[slot]);
                    blocks[slot] = null;
                    size = 0;
                }
                if (blocks[slot] != null && Heap.UsableSize(blocks[slot]) < size)
                    Interlocked.Increment(ref failureCount[0]);
                sizes[slot] = blocks[slot] == null ? 0 : size;
                if (blocks[slot] != null)
                    Fill(blocks[slot], size, thread, slot);
            }
            for (int slot = 0; slot < SlotsPerThread; slot++)
                Heap.Free(blocks[slot]);
        }

        [Fact]
        public void ManyThreads_RandomAllocations_NeverShareOrCorruptBlocks()
        {
            int seed = Environment.TickCount;
            _output.WriteLine($"seed {seed}");
            int[] failures = new int[1];
            var threads = new Thread[ThreadCount];
            for (int t = 0; t < ThreadCount; t++)
            {
                int thread = t;
                threads[t] = new Thread(() => Worker(thread, seed, failures));
                threads[t].Start();
            }
            foreach (Thread thread in threads)
                thread.Join();
            Assert.Equal(0, failures[0]);
        }
    }
}
