using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public class SizeClassesTests
    {
        [Fact]
        public void ClassOf_EverySmallSize_GetsACellThatHoldsIt()
        {
            for (nuint bytes = 1; bytes <= GcLimits.SmallObjectBytesMax; bytes++)
                Assert.True(SizeClasses.CellBytes(SizeClasses.ClassOf(bytes)) >= (int)bytes, $"{bytes} bytes");
        }

        [Fact]
        public void ClassOf_EveryClassSize_MapsToItsOwnClass()
        {
            for (int sizeClass = 0; sizeClass < SizeClasses.Count; sizeClass++)
                Assert.Equal(sizeClass, SizeClasses.ClassOf((nuint)SizeClasses.CellBytes(sizeClass)));
        }

        [Fact]
        public void CellBytes_AreIncreasingWordMultiples_EndingAtTheSmallObjectBound()
        {
            Assert.Equal(GcLimits.SmallestCellBytes, SizeClasses.CellBytes(0));
            Assert.Equal(GcLimits.SmallObjectBytesMax, SizeClasses.CellBytes(SizeClasses.Count - 1));
            for (int sizeClass = 1; sizeClass < SizeClasses.Count; sizeClass++)
            {
                Assert.True(SizeClasses.CellBytes(sizeClass) > SizeClasses.CellBytes(sizeClass - 1));
                Assert.Equal(0, SizeClasses.CellBytes(sizeClass) % GcLimits.ObjectAlignmentBytes);
            }
        }

        [Fact]
        public void ClassOf_AboveSixtyFourBytes_WastesUnderAQuarter()
        {
            for (nuint bytes = 65; bytes <= GcLimits.SmallObjectBytesMax; bytes++)
                Assert.True(SizeClasses.CellBytes(SizeClasses.ClassOf(bytes)) * 4 < (int)bytes * 5, $"{bytes} bytes");
        }
    }
}
