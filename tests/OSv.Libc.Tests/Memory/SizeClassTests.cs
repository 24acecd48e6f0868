using OSv.Libc.Memory;
using Xunit;

namespace OSv.Libc.Tests.Memory
{
    public sealed class SizeClassTests
    {
        [Fact]
        public void EverySmallSize_ClassFitsItTightlyAndIs16ByteGranular()
        {
            for (nuint size = 0; size <= SizeClasses.LargeThresholdBytes; size++)
            {
                int index = SizeClasses.IndexOf(size);
                Assert.InRange(index, 0, SizeClasses.Count - 1);
                nuint payload = SizeClasses.PayloadBytes(index);
                Assert.True(payload >= size, $"size {size}: class {index} holds {payload}");
                Assert.Equal((nuint)0, payload % SizeClasses.GranularityBytes);
                if (index > 0)
                    Assert.True(SizeClasses.PayloadBytes(index - 1) < size, $"size {size} fits class {index - 1}");
            }
        }

        [Fact]
        public void Classes_IncreaseStrictly_AndTheLastIsTheLargeThreshold()
        {
            for (int index = 1; index < SizeClasses.Count; index++)
                Assert.True(SizeClasses.PayloadBytes(index) > SizeClasses.PayloadBytes(index - 1));
            Assert.Equal((nuint)SizeClasses.LargeThresholdBytes, SizeClasses.PayloadBytes(SizeClasses.Count - 1));
            Assert.Equal((nuint)512, SizeClasses.PayloadBytes(SizeClasses.FineClassCount - 1));
        }
    }
}
