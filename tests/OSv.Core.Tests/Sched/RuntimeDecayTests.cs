// The integer arithmetic of the decaying runtime (RuntimeDecay.cs): accuracy and the relations
// between frames that the run queue relies on.
using System;
using OSv.Core.Sched;
using Xunit;

namespace OSv.Core.Tests.Sched
{
    public class RuntimeDecayTests
    {
        [Fact]
        public void Exp2FractionQ30_AcrossTheHalfLife_MatchesPowerOfTwoWithin2e7()
        {
            long previous = 0;
            for (long restNs = 0; restNs < RuntimeDecay.HalfLifeNs; restNs += RuntimeDecay.HalfLifeNs / 4096 + 1)
            {
                long value = RuntimeDecay.Exp2FractionQ30(restNs);
                double exact = Math.Pow(2, (double)restNs / RuntimeDecay.HalfLifeNs) * (1L << 30);
                Assert.InRange(value / exact, 1 - 2e-7, 1 + 2e-7);
                Assert.True(value >= previous);
                previous = value;
            }
        }

        [Fact]
        public void Scale_AtGenerationOrigin_IsTwoToTheScaleShift()
        {
            Assert.Equal(1L << RuntimeDecay.ScaleShift, RuntimeDecay.Scale(3 * RuntimeDecay.GenerationNs, 3));
        }

        [Theory]
        [InlineData(0L)]
        [InlineData(12_345_678L)]
        [InlineData(1_500_000_000L)]
        public void Scale_OneHalfLifeLater_Doubles(long offsetNs)
        {
            long scale = RuntimeDecay.Scale(offsetNs, 0);
            long later = RuntimeDecay.Scale(offsetNs + RuntimeDecay.HalfLifeNs, 0);
            Assert.InRange(later - 2 * scale, -2, 2);
        }

        [Fact]
        public void ToGeneration_NextGeneration_MatchesTheFramesRatio()
        {
            long timeNs = RuntimeDecay.GenerationNs + 77_000_000;
            long inFirst = RuntimeDecay.Scale(timeNs, 0);
            long inSecond = RuntimeDecay.Scale(timeNs, 1);
            Assert.InRange(RuntimeDecay.ToGeneration(inFirst, 0, 1) - inSecond, -1, 1);
        }

        [Fact]
        public void ToGeneration_IdleKey_StaysIdle()
        {
            Assert.Equal(RuntimeDecay.IdleKey, RuntimeDecay.ToGeneration(RuntimeDecay.IdleKey, 0, 9));
        }
    }
}
