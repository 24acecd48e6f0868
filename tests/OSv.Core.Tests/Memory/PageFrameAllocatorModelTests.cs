// Randomized checks of the page-frame allocator against a reference model (the set of frames the
// test holds), and a concurrency run with one .NET thread per CPU index. Each test prints its seed
// first; a seed that fails becomes an [InlineData] case.
using System;
using System.Collections.Generic;
using System.Threading;
using OSv.Core.Boot;
using OSv.Core.Memory;
using Xunit;
using Xunit.Abstractions;
using static OSv.Core.Tests.Memory.PageFrameFixture;

namespace OSv.Core.Tests.Memory
{
    public class PageFrameAllocatorModelTests
    {
        private const int CpuCount = 4;
        private const int OperationsPerSeed = 6000;
        private const int PhaseLength = 500;
        private const int CheckInterval = 97;

        private readonly ITestOutputHelper _output;

        public PageFrameAllocatorModelTests(ITestOutputHelper output)
        {
            _output = output;
        }

        // What the test holds: each allocation's first frame and length (a run freed frame by
        // frame is split into singles first).
        private sealed class Model
        {
            public readonly HashSet<ulong> Frames = new HashSet<ulong>();
            public readonly List<(ulong Address, int Count)> Blocks = new List<(ulong, int)>();

            public void Add(PageFrameFixture fixture, ulong address, int count, string what)
            {
                Assert.True(fixture.RangeOf(address, count) >= 0, what + " outside the ranges: 0x" + address.ToString("x"));
                for (int i = 0; i < count; i++)
                    Assert.True(Frames.Add(address + (ulong)i * Frame), what + " handed out a held frame: 0x" + (address + (ulong)i * Frame).ToString("x"));
                Blocks.Add((address, count));
            }

            public (ulong Address, int Count) Take(int index)
            {
                (ulong Address, int Count) block = Blocks[index];
                Blocks[index] = Blocks[Blocks.Count - 1];
                Blocks.RemoveAt(Blocks.Count - 1);
                for (int i = 0; i < block.Count; i++)
                    Assert.True(Frames.Remove(block.Address + (ulong)i * Frame));
                return block;
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(7)]
        [InlineData(8)]
        public void RandomOperations_AgainstModel_NoFrameHandedOutTwiceAndTotalsExact(int seed)
        {
            _output.WriteLine("seed " + seed);
            var random = new Random(seed);
            PageFrameFixture fixture = Pc(CpuCount);
            PageFrameAllocator allocator = fixture.Allocator;
            var model = new Model();
            int allocatePercent = 60;
            for (int step = 0; step < OperationsPerSeed; step++)
            {
                if (step % PhaseLength == 0)
                    allocatePercent = random.Next(10, 95); // phases that fill up or empty out
                int cpu = random.Next(CpuCount);
                if (random.Next(100) < allocatePercent || model.Blocks.Count == 0)
                    AllocateOne(fixture, model, random, cpu, step);
                else
                    FreeOne(fixture, model, random, cpu);
                Assert.Equal(allocator.TotalFrames, allocator.FreeFrames + model.Frames.Count);
                if (step % CheckInterval == 0)
                    allocator.CheckInvariants();
            }
            while (model.Blocks.Count > 0)
                FreeOne(fixture, model, random, random.Next(CpuCount));
            for (int cpu = 0; cpu < CpuCount; cpu++)
                allocator.DrainCache(cpu);
            Assert.Equal(allocator.TotalFrames, allocator.PoolFreeFrames);
            allocator.CheckInvariants();
        }

        private static void AllocateOne(PageFrameFixture fixture, Model model, Random random, int cpu, int step)
        {
            PageFrameAllocator allocator = fixture.Allocator;
            int kind = random.Next(100);
            if (kind < 70)
            {
                if (allocator.TryAllocate(cpu, out ulong frame))
                    model.Add(fixture, frame, 1, "TryAllocate");
                else
                    Assert.True(allocator.PoolFreeFrames == 0 && allocator.CachedFrameCount(cpu) == 0, "single frame refused with frames in the pool, step " + step);
            }
            else if (kind < 95)
            {
                int count = random.Next(1, 48);
                if (allocator.TryAllocateRun(cpu, count, out ulong run))
                    model.Add(fixture, run, count, "TryAllocateRun");
                else
                    Assert.Equal(0, allocator.CachedFrameCount(cpu)); // a refused run gives back the CPU's cache
            }
            else
            {
                if (allocator.TryAllocateLargeRun(cpu, out ulong large))
                {
                    Assert.Equal(0UL, large % (2 * MiB));
                    model.Add(fixture, large, PageFrameAllocator.LargeRunFrames, "TryAllocateLargeRun");
                }
            }
        }

        private static void FreeOne(PageFrameFixture fixture, Model model, Random random, int cpu)
        {
            PageFrameAllocator allocator = fixture.Allocator;
            (ulong address, int count) = model.Take(random.Next(model.Blocks.Count));
            int how = random.Next(100);
            if (count == 1 && how < 85)
                allocator.Free(cpu, address);
            else if (how < 70 || count > 64)
                allocator.FreeRun(address, count);
            else
            {
                for (int i = 0; i < count; i++) // frames of a run may go back one at a time
                    allocator.Free(cpu, address + (ulong)i * Frame);
            }
            if (random.Next(100) < 2)
                allocator.DrainCache(cpu);
        }

        [Theory]
        [InlineData(11)]
        [InlineData(12)]
        [InlineData(13)]
        public void ConcurrentCpus_RandomAllocateFree_AllFramesAccountedFor(int seed)
        {
            _output.WriteLine("seed " + seed);
            const int operationsPerThread = 40_000;
            PageFrameFixture fixture = Pc(CpuCount);
            PageFrameAllocator allocator = fixture.Allocator;
            var owners = new int[(int)(20 * MiB / Frame)]; // frame → 1 + holding thread, or 0
            var start = new Barrier(CpuCount);
            var failures = new Exception?[CpuCount];
            var threads = new Thread[CpuCount];
            var allocations = new long[CpuCount];
            for (int t = 0; t < CpuCount; t++)
            {
                int cpu = t;
                threads[t] = new Thread(() =>
                {
                    try
                    {
                        start.SignalAndWait();
                        allocations[cpu] = RunCpu(allocator, owners, cpu, new Random(seed * 100 + cpu), operationsPerThread);
                    }
                    catch (Exception e)
                    {
                        failures[cpu] = e;
                    }
                });
                threads[t].IsBackground = true; // a thread stuck behind a failed one must not keep the host alive
                threads[t].Start();
            }
            // A thread that fails inside the pool lock leaves it held, so report failures before
            // the threads that could not finish.
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            bool allFinished = true;
            foreach (Thread thread in threads)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                allFinished &= thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            for (int cpu = 0; cpu < CpuCount; cpu++)
            {
                if (failures[cpu] != null)
                    Assert.Fail("cpu " + cpu + " failed: " + failures[cpu]);
            }
            Assert.True(allFinished, "a CPU thread did not finish");

            _output.WriteLine("allocations " + allocator.AllocationCount + ", refused " + allocator.FailedAllocationCount +
                ", refills " + allocator.RefillCount + ", drains " + allocator.DrainCount);
            Assert.Equal(allocator.TotalFrames, allocator.FreeFrames);
            for (int cpu = 0; cpu < CpuCount; cpu++)
                allocator.DrainCache(cpu);
            Assert.Equal(allocator.TotalFrames, allocator.PoolFreeFrames);
            Assert.Equal(allocator.AllocationCount, allocator.FreeCount);
            long total = 0;
            foreach (long count in allocations)
                total += count;
            Assert.Equal(total, allocator.AllocationCount);
            Assert.All(owners, owner => Assert.Equal(0, owner));
            allocator.CheckInvariants();
        }

        // One CPU's thread: random singles and small runs, holding up to a fifth of memory so that
        // the CPUs also meet exhaustion. Claims each frame in owners, so that a frame handed to two
        // threads at once is caught. Frees everything at the end. Returns its allocation count.
        private static long RunCpu(PageFrameAllocator allocator, int[] owners, int cpu, Random random, int operations)
        {
            var held = new List<(ulong Address, int Count)>();
            long allocated = 0;
            for (int i = 0; i < operations; i++)
            {
                bool allocate = held.Count == 0 || (held.Count < 900 && random.Next(100) < 55);
                if (allocate)
                {
                    int count = random.Next(100) < 90 ? 1 : random.Next(2, 17);
                    ulong address;
                    bool ok = count == 1 ? allocator.TryAllocate(cpu, out address) : allocator.TryAllocateRun(cpu, count, out address);
                    if (!ok)
                        continue;
                    allocated++;
                    for (int f = 0; f < count; f++)
                    {
                        int frame = (int)(address / Frame) + f;
                        int previous = Interlocked.CompareExchange(ref owners[frame], cpu + 1, 0);
                        if (previous != 0)
                            throw new InvalidOperationException("frame 0x" + (address + (ulong)f * Frame).ToString("x") + " handed to cpu " + cpu + " while cpu " + (previous - 1) + " holds it");
                    }
                    held.Add((address, count));
                }
                else
                {
                    int index = random.Next(held.Count);
                    Release(allocator, owners, cpu, held[index]);
                    held[index] = held[held.Count - 1];
                    held.RemoveAt(held.Count - 1);
                }
            }
            foreach ((ulong Address, int Count) block in held)
                Release(allocator, owners, cpu, block);
            return allocated;
        }

        private static void Release(PageFrameAllocator allocator, int[] owners, int cpu, (ulong Address, int Count) block)
        {
            for (int f = 0; f < block.Count; f++)
                Volatile.Write(ref owners[(int)(block.Address / Frame) + f], 0); // before the frame can be handed out again
            if (block.Count == 1)
                allocator.Free(cpu, block.Address);
            else
                allocator.FreeRun(block.Address, block.Count);
        }
    }
}
