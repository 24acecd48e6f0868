// Our results measured against glibc's long double functions (LongDoubleReference), which are
// about 2^11 times more precise than a double: this is what backs the claim that our functions
// are nearly correctly rounded, and it is the check that matters where glibc's own double
// functions are off by more than an ulp (cbrt, log10, the hyperbolic functions, erfc, the
// gamma functions): there UnaryFunctionTests can only bound the difference by glibc's error.
// Inputs whose results are subnormal, zero, infinite or NaN are left to the glibc comparison
// (subnormal results are rounded twice on purpose, see Exponential.cs).
namespace OSv.Libc.Tests.Math
{
    using System;
    using System.Collections.Generic;
    using OSv.Libc.Math;
    using Xunit;

    public sealed class ReferenceAccuracyTests
    {
        private const int RandomInputCount = 50_000;

        /// <summary>Largest error allowed, in ulps of our result (0.5 is correct rounding).</summary>
        private static readonly Dictionary<string, (Func<double, double> Mine, double MaxUlps, double Low, double High)> Cases = new()
        {
            ["cbrt"] = (Libm.Cbrt, 0.51, -1e6, 1e6),
            ["exp"] = (Libm.Exp, 0.51, -700, 700),
            ["exp2"] = (Libm.Exp2, 0.51, -1000, 1000),
            ["expm1"] = (Libm.Expm1, 0.51, -5, 5),
            ["log"] = (Libm.Log, 0.51, 0, 100),
            ["log2"] = (Libm.Log2, 0.51, 0, 100),
            ["log10"] = (Libm.Log10, 0.51, 0, 100),
            ["log1p"] = (Libm.Log1p, 0.51, -1, 10),
            ["sin"] = (Libm.Sin, 0.6, -100, 100),
            ["cos"] = (Libm.Cos, 0.6, -100, 100),
            ["tan"] = (Libm.Tan, 0.6, -100, 100),
            ["asin"] = (Libm.Asin, 0.51, -1, 1),
            ["acos"] = (Libm.Acos, 0.51, -1, 1),
            ["atan"] = (Libm.Atan, 0.51, -10, 10),
            ["sinh"] = (Libm.Sinh, 0.51, -30, 30),
            ["cosh"] = (Libm.Cosh, 0.51, -30, 30),
            ["tanh"] = (Libm.Tanh, 0.51, -5, 5),
            ["asinh"] = (Libm.Asinh, 0.51, -100, 100),
            ["acosh"] = (Libm.Acosh, 0.51, 1, 100),
            ["atanh"] = (Libm.Atanh, 0.51, -1, 1),
            ["erf"] = (Libm.Erf, 0.51, -6, 6),
            ["erfc"] = (Libm.Erfc, 0.51, -6, 27),
            ["tgamma"] = (Libm.Tgamma, 0.51, -170, 171),
            ["lgamma"] = (x => Libm.Lgamma(x, out _), 0.51, 0, 100),
        };

        public static TheoryData<string> Names() => AccuracyCheck.TheoryNames(Cases.Keys);

        [Theory]
        [MemberData(nameof(Names))]
        public void Function_RandomInputs_NearlyCorrectlyRounded(string name)
        {
            var testCase = Cases[name];
            var random = new Random(UnaryFunctionTests.StableSeed(name) + 1);
            double worst = 0;
            string worstInput = "";
            for (int i = 0; i < RandomInputCount; i++)
            {
                double x = testCase.Low + (testCase.High - testCase.Low) * random.NextDouble();
                double mine = testCase.Mine(x);
                if (!double.IsNormal(mine))
                    continue;
                double error = LongDoubleReference.ErrorUlps(mine, LongDoubleReference.Evaluate(name, x));
                if (error > worst)
                {
                    worst = error;
                    worstInput = $"{name}({x:R}) = {mine:R}";
                }
            }
            Assert.True(worst <= testCase.MaxUlps, $"{worst:F3} ulps at {worstInput}");
        }

        [Fact]
        public void Pow_RandomInputs_NearlyCorrectlyRounded()
        {
            var random = new Random(4242);
            double worst = 0;
            string worstInput = "";
            for (int i = 0; i < RandomInputCount; i++)
            {
                double x = random.NextDouble() * 20;
                double y = (random.NextDouble() - 0.5) * 1400 / Math.Max(Math.Abs(Math.Log(x)), 1e-3);
                double mine = Libm.Pow(x, y);
                if (!double.IsNormal(mine))
                    continue;
                double error = LongDoubleReference.ErrorUlps(mine, LongDoubleReference.Pow(x, y));
                if (error > worst)
                {
                    worst = error;
                    worstInput = $"pow({x:R}, {y:R}) = {mine:R}";
                }
            }
            Assert.True(worst <= 0.51, $"{worst:F3} ulps at {worstInput}");
        }
    }
}
