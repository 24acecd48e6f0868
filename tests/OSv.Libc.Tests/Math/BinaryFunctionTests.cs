// Two- and three-argument functions and the ones with pointer or integer results against glibc:
// pow (by far the most used: inputs chosen so y ln x spans the whole range, plus integer powers
// of negative bases), atan2, hypot, fmod, remainder, fdim, fmin, fmax, copysign, nextafter, fma
// (random triples and triples whose product nearly cancels z), ldexp/scalbn, frexp, modf, ilogb,
// lround/llround/lrint. 200,000 seeded inputs each; exact functions must match bit for bit.
namespace OSv.Libc.Tests.Math
{
    using System;
    using System.Collections.Generic;
    using OSv.Libc.Math;
    using Xunit;

    public sealed unsafe class BinaryFunctionTests
    {
        private const int RandomInputCount = 200_000;

        private sealed record Case(Func<double, double, double> Mine, Func<double, double, double> Glibc, long MaxUlps,
            Func<MathInputs, (double, double)> Source);

        private static (double, double) AnyPair(MathInputs inputs) => inputs.Next(0, 4) switch
        {
            0 => (inputs.UniformBits(), inputs.UniformBits()),
            1 => (inputs.Uniform(-10, 10), inputs.Uniform(-10, 10)),
            2 => (inputs.NearZero(), inputs.Uniform(-10, 10)),
            _ => (inputs.Huge(), inputs.NearZero()),
        };

        private static (double, double) PowInputs(MathInputs inputs)
        {
            switch (inputs.Next(0, 5))
            {
                case 0:
                    {
                        double x = inputs.PositiveBits();
                        double lnX = System.Math.Log(x);
                        double y = inputs.Uniform(-760, 760) / (lnX == 0 ? 1 : lnX);
                        return (x, y);
                    }
                case 1: return (inputs.Uniform(0, 10), inputs.Uniform(-300, 300));
                case 2: return (-inputs.Uniform(0, 100), inputs.Next(-200, 200));
                case 3: return (inputs.NearOne(), inputs.Uniform(-1e15, 1e15));
                default: return (inputs.UniformBits(), inputs.UniformBits());
            }
        }

        private static (double, double) ModuloInputs(MathInputs inputs) => inputs.Next(0, 3) switch
        {
            0 => (inputs.UniformBits(), inputs.UniformBits()),
            1 => (inputs.Huge(), inputs.Uniform(-10, 10)),
            _ => (inputs.Uniform(-1000, 1000), inputs.Uniform(-10, 10)),
        };

        private static readonly Dictionary<string, Case> Cases = new()
        {
            ["pow"] = new(Libm.Pow, GlibcMath.Pow, 1, PowInputs),
            ["atan2"] = new(Libm.Atan2, GlibcMath.Atan2, 1, AnyPair),
            ["hypot"] = new(Libm.Hypot, GlibcMath.Hypot, 1, AnyPair),
            ["fmod"] = new(Libm.Fmod, GlibcMath.Fmod, 0, ModuloInputs),
            ["remainder"] = new(Libm.Remainder, GlibcMath.Remainder, 0, ModuloInputs),
            ["fdim"] = new(Libm.Fdim, GlibcMath.Fdim, 0, AnyPair),
            ["fmin"] = new(Libm.Fmin, GlibcMath.Fmin, 0, AnyPair),
            ["fmax"] = new(Libm.Fmax, GlibcMath.Fmax, 0, AnyPair),
            ["copysign"] = new(Libm.CopySign, GlibcMath.CopySign, 0, AnyPair),
            ["nextafter"] = new(Libm.NextAfter, GlibcMath.NextAfter, 0, AnyPair),
            ["ldexp"] = new((x, n) => Libm.Ldexp(x, (int)n), (x, n) => GlibcMath.Ldexp(x, (int)n), 0,
                inputs => (inputs.UniformBits(), inputs.Next(-2200, 2200))),
            ["scalbn"] = new((x, n) => Libm.Ldexp(x, (int)n), (x, n) => GlibcMath.Scalbn(x, (int)n), 0,
                inputs => (inputs.Subnormal(), inputs.Next(-60, 2100))),
        };

        public static TheoryData<string> Names() => AccuracyCheck.TheoryNames(Cases.Keys);

        [Theory]
        [MemberData(nameof(Names))]
        public void Function_RandomAndSpecialInputs_MatchGlibc(string name)
        {
            Case testCase = Cases[name];
            var inputs = new MathInputs(UnaryFunctionTests.StableSeed(name));
            var check = new AccuracyCheck(name);
            foreach (double x in MathInputs.Specials)
                foreach (double y in MathInputs.Specials)
                    Compare(check, testCase, x, y);
            for (int i = 0; i < RandomInputCount; i++)
            {
                (double x, double y) = testCase.Source(inputs);
                Compare(check, testCase, x, y);
            }
            check.AssertWithin(testCase.MaxUlps);
        }

        private static void Compare(AccuracyCheck check, Case testCase, double x, double y) =>
            check.Compare(AccuracyCheck.Hex(x) + ", " + AccuracyCheck.Hex(y), testCase.Mine(x, y), testCase.Glibc(x, y));

        [Fact]
        public void Fma_RandomAndCancellingTriples_MatchGlibcExactly()
        {
            var inputs = new MathInputs(1234);
            var check = new AccuracyCheck("fma");
            foreach (double x in MathInputs.Specials)
                foreach (double y in MathInputs.Specials)
                    foreach (double z in new[] { 0.0, -0.0, 1.0, -1.0, double.Epsilon, double.PositiveInfinity, double.NaN, double.MaxValue })
                        check.Compare($"{x}, {y}, {z}", Libm.Fma(x, y, z), GlibcMath.Fma(x, y, z));
            for (int i = 0; i < RandomInputCount; i++)
            {
                double x = inputs.Pick(inputs.UniformBits, () => inputs.Uniform(-10, 10), inputs.Subnormal, inputs.NearZero);
                double y = inputs.Pick(inputs.UniformBits, () => inputs.Uniform(-10, 10), inputs.NearZero, inputs.Huge);
                double product = x * y;
                double z = inputs.Next(0, 3) switch
                {
                    0 => -product,  // exact cancellation of the rounded product: the result is its error
                    1 => -product * (1 + inputs.Uniform(-1e-10, 1e-10)),
                    _ => inputs.UniformBits(),
                };
                check.Compare($"{AccuracyCheck.Hex(x)}, {AccuracyCheck.Hex(y)}, {AccuracyCheck.Hex(z)}", Libm.Fma(x, y, z), GlibcMath.Fma(x, y, z));
            }
            check.AssertWithin(0);
        }

        [Fact]
        public void PointerAndIntegerResults_RandomInputs_MatchGlibcExactly()
        {
            var inputs = new MathInputs(99);
            for (int i = 0; i < RandomInputCount + MathInputs.Specials.Length; i++)
            {
                double x = i < MathInputs.Specials.Length ? MathInputs.Specials[i]
                    : inputs.Pick(inputs.UniformBits, inputs.Subnormal, () => inputs.Uniform(-1e19, 1e19), () => inputs.Next(-1000, 1000) * 0.5);
                int glibcExponent;
                double glibcFraction = GlibcMath.Frexp(x, &glibcExponent);
                Assert.True(UlpDistance.Identical(glibcFraction, Libm.Frexp(x, out int exponent)), $"frexp({x:R})");
                Assert.True(glibcExponent == exponent || double.IsNaN(x) || double.IsInfinity(x), $"frexp({x:R}) exponent");
                double glibcIntegral;
                double glibcModf = GlibcMath.Modf(x, &glibcIntegral);
                Assert.True(UlpDistance.Identical(glibcModf, Libm.Modf(x, out double integral)), $"modf({x:R})");
                Assert.True(UlpDistance.Identical(glibcIntegral, integral), $"modf({x:R}) integral");
                Assert.Equal(GlibcMath.Ilogb(x), Libm.Ilogb(x));
                Assert.Equal(GlibcMath.LRound(x), Libm.LRound(x));
                Assert.Equal(GlibcMath.LLRound(x), Libm.LRound(x));
                Assert.Equal(GlibcMath.LRint(x), Libm.LRint(x));
            }
        }
    }
}
