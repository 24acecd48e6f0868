// The hosted entropy source (Entropy.Hosted.cs): the operating system's generator.
using System;
using OSv.Core.Platform;
using Xunit;

namespace OSv.Core.Tests.Platform
{
    public class EntropyTests
    {
        [Fact]
        public void TryFill_Hosted_FillsWholeBufferWithFreshBytes()
        {
            var first = new byte[61];
            var second = new byte[61];
            Assert.True(Entropy.TryFill(first));
            Assert.True(Entropy.TryFill(second));
            Assert.NotEqual(first, second);
            Assert.NotEqual(new byte[5], first.AsSpan(56).ToArray()); // the partial last word too (2^-40 to fail by chance)
        }

        [Fact]
        public void TryFill_EmptyBuffer_Succeeds() => Assert.True(Entropy.TryFill(Span<byte>.Empty));
    }
}
