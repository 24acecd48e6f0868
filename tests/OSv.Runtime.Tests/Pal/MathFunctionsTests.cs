// The libm exports CoreLib calls (pow, sin, cos, modf, ...) against the host's System.Math (which
// is glibc's libm here): exact for the exact cases, within 1 ulp elsewhere.
using System;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class MathFunctionsTests
    {
        private static void AssertWithinOneUlp(double expected, double actual)
        {
            if (double.IsNaN(expected))
            {
                Assert.True(double.IsNaN(actual));
                return;
            }
            long distance = Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
            Assert.True(distance <= 1, $"expected {expected:R}, actual {actual:R}");
        }

        [Theory]
        [InlineData(2.0, 10.0)]
        [InlineData(1.5, -3.25)]
        [InlineData(-2.0, 3.0)]
        [InlineData(10.0, 0.5)]
        [InlineData(0.0, -1.0)]
        public void Pow_MatchesHost(double x, double y) => AssertWithinOneUlp(Math.Pow(x, y), MathFunctions.Pow(x, y));

        [Theory]
        [InlineData(0.5)]
        [InlineData(-3.0)]
        [InlineData(1e6)]
        public void SinCosTan_MatchHost(double x)
        {
            AssertWithinOneUlp(Math.Sin(x), MathFunctions.Sin(x));
            AssertWithinOneUlp(Math.Cos(x), MathFunctions.Cos(x));
            AssertWithinOneUlp(Math.Tan(x), MathFunctions.Tan(x));
        }

        [Fact]
        public void Pow_ExactCases_AreExact()
        {
            Assert.Equal(1024.0, MathFunctions.Pow(2.0, 10.0));
            Assert.Equal(double.PositiveInfinity, MathFunctions.Pow(0.0, -1.0));
            Assert.Equal(1.0, MathFunctions.Pow(double.NaN, 0.0));
        }

        [Theory]
        [InlineData(3.75, 3.0, 0.75)]
        [InlineData(-3.75, -3.0, -0.75)]
        [InlineData(5.0, 5.0, 0.0)]
        public void Modf_SplitsIntegralAndFraction(double x, double integral, double fraction)
        {
            double integralPart;
            double result = MathFunctions.Modf(x, &integralPart);
            Assert.Equal(integral, integralPart);
            Assert.Equal(fraction, result);
        }

        [Fact]
        public void Modf_NegativeInfinity_IsMinusZeroFractionAndInfiniteIntegral()
        {
            double integralPart;
            double result = MathFunctions.Modf(double.NegativeInfinity, &integralPart);
            Assert.Equal(double.NegativeInfinity, integralPart);
            Assert.True(result == 0 && double.IsNegative(result));
        }
    }
}
