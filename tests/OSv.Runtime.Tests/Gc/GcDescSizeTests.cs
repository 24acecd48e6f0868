// RhGetGCDescSize's arithmetic over hand-built MethodTable fronts: the GCDesc's count word and
// series grow down from the MethodTable (layout in MethodTableObjectModel.cs).
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcDescSizeTests
    {
        // A buffer with room for a GCDesc below the MethodTable; returns the size for the given
        // flags word and series count.
        private static int SizeFor(uint flags, long seriesCount)
        {
            long[] memory = new long[64];
            fixed (long* words = memory)
            {
                byte* methodTable = (byte*)(words + 32);
                *(uint*)methodTable = flags;
                *(long*)(methodTable - 8) = seriesCount;
                return GcDescSize.Of(methodTable);
            }
        }

        [Fact]
        public void NoPointers_HasNoGcDesc()
        {
            Assert.Equal(0, SizeFor(0, 5));
        }

        [Theory]
        [InlineData(1, 24)]
        [InlineData(2, 40)]
        [InlineData(7, 120)]
        public void NormalSeries_AreTheCountWordPlusSixteenBytesEach(long series, int expectedBytes)
        {
            Assert.Equal(expectedBytes, SizeFor(MethodTableObjectModel.HasPointersFlag, series));
        }

        [Theory]
        [InlineData(1, 24)]
        [InlineData(2, 32)]
        [InlineData(5, 56)]
        public void RepeatingSeries_AreTheCountWordTheHighestSeriesAndEightBytesPerFurtherItem(long items, int expectedBytes)
        {
            Assert.Equal(expectedBytes, SizeFor(MethodTableObjectModel.HasPointersFlag | MethodTableObjectModel.HasComponentSizeFlag, -items));
        }
    }
}
