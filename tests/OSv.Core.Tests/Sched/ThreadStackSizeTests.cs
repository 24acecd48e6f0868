// Hosted side of the thread support for C code: stack sizes (rounding, bounds, a real deep
// recursion) and the thread pointer, which hosted is only stored (the boot test ImageFiles
// checks the FS base on metal).
using System;
using OSv.Core.Sched;
using Xunit;

namespace OSv.Core.Tests.Sched
{
    public unsafe class ThreadStackSizeTests
    {
        [Theory]
        [InlineData(1, 4096)]
        [InlineData(4096, 4096)]
        [InlineData(4097, 8192)]
        [InlineData(8 * 1024 * 1024, 8 * 1024 * 1024)]
        [InlineData(Thread.StackBytesMax, Thread.StackBytesMax)]
        public void RoundStackBytes_ValidSize_RoundsUpToPages(int requested, int expected)
        {
            Assert.Equal(expected, Thread.RoundStackBytes(requested));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(int.MinValue)]
        [InlineData(Thread.StackBytesMax + 1)]
        [InlineData(int.MaxValue)]
        public void RoundStackBytes_OutOfBounds_IsRefused(int requested)
        {
            Assert.Equal(-1, Thread.RoundStackBytes(requested));
        }

        [Fact]
        public void Start_StackBeyondMax_Throws()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Thread.Start(() => { }, "too-big", Thread.StackBytesMax + 1));
        }

        // About 3 MiB of stack frames: twice the 1.5 MiB .NET gives a thread by default on Linux,
        // so this overflows (and ends the test run) unless the requested 8 MiB is honoured.
        [Fact]
        public void Start_WithLargeStack_DeepRecursionCompletes()
        {
            long depth = -1;
            Thread thread = Thread.Start(() => depth = Recurse(768), "deep", 8 * 1024 * 1024);
            thread.Join();
            Assert.Equal(768, depth);
        }

        private static long Recurse(int levels)
        {
            byte* frame = stackalloc byte[4000];
            frame[0] = (byte)levels;
            if (levels == 0)
                return 0;
            long below = Recurse(levels - 1);
            return frame[0] == (byte)levels ? below + 1 : below;
        }

        [Fact]
        public void SetCurrentThreadPointer_StoresOnTheCallingThreadOnly()
        {
            ulong seenByOther = 1;
            Thread.SetCurrentThreadPointer(0x1234_5000);
            Thread other = Thread.Start(() => seenByOther = Thread.Current.ThreadPointer, "other", 64 * 1024);
            other.Join();
            Assert.Equal(0x1234_5000ul, Thread.Current.ThreadPointer);
            Assert.Equal(0ul, seenByOther);
            Thread.SetCurrentThreadPointer(0);
        }
    }
}
