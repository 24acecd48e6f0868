// The C entry points: every math.h name the loader may bind is registered, and calls through the
// registered addresses (as a loaded object would make them) return what glibc returns, including
// the out-parameters of frexp, modf and sincos and the signgam cell lgamma writes.
namespace OSv.Libc.Tests.Math
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Math;
    using Xunit;

    public sealed unsafe class MathExportsTests
    {
        private static readonly string[] ExpectedNames =
        {
            "sqrt", "fabs", "floor", "ceil", "trunc", "round", "lround", "llround", "rint", "lrint", "llrint",
            "nearbyint", "fmod", "remainder", "modf", "frexp", "ldexp", "scalbn", "scalbln", "logb", "ilogb",
            "copysign", "nextafter", "fmin", "fmax", "fdim", "fma", "hypot", "cbrt", "exp", "exp2", "expm1",
            "log", "log2", "log10", "log1p", "pow", "sin", "cos", "tan", "sincos", "asin", "acos", "atan",
            "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "tgamma", "lgamma",
            "lgamma_r", "signgam", "__fpclassify", "__isnan", "__isinf", "__finite", "__signbit", "sqrtf", "fabsf", "floorf", "ceilf", "sinf", "cosf", "expf", "logf", "powf", "fmodf",
        };

        private static ExportTable Registered()
        {
            var table = new ExportTable();
            MathExports.Register(table);
            return table;
        }

        private static nint Address(ExportTable table, string name) =>
            table.Lookup(System.Text.Encoding.ASCII.GetBytes(name));

        [Fact]
        public void Register_AddsEveryMathName()
        {
            ExportTable table = Registered();
            foreach (string name in ExpectedNames)
                Assert.True(Address(table, name) != 0, name + " is not exported");
        }

        [Fact]
        public void ExportedPow_CalledThroughItsAddress_MatchesGlibc()
        {
            var pow = (delegate* unmanaged<double, double, double>)Address(Registered(), "pow");
            Assert.Equal(GlibcMath.Pow(2.5, 3.7), pow(2.5, 3.7));
            Assert.Equal(GlibcMath.Pow(-8, 1.0 / 3), pow(-8, 1.0 / 3));
        }

        [Fact]
        public void ExportedOutParameterFunctions_WriteLikeGlibc()
        {
            ExportTable table = Registered();
            var frexp = (delegate* unmanaged<double, int*, double>)Address(table, "frexp");
            int exponent, glibcExponent;
            Assert.Equal(GlibcMath.Frexp(1e-310, &glibcExponent), frexp(1e-310, &exponent));
            Assert.Equal(glibcExponent, exponent);
            var modf = (delegate* unmanaged<double, double*, double>)Address(table, "modf");
            double integral, glibcIntegral;
            Assert.Equal(GlibcMath.Modf(-3.75, &glibcIntegral), modf(-3.75, &integral));
            Assert.Equal(glibcIntegral, integral);
            var sincos = (delegate* unmanaged<double, double*, double*, void>)Address(table, "sincos");
            double sine, cosine, glibcSine, glibcCosine;
            sincos(1e22, &sine, &cosine);
            GlibcMath.SinCos(1e22, &glibcSine, &glibcCosine);
            Assert.Equal(glibcSine, sine);
            Assert.Equal(glibcCosine, cosine);
        }

        [Fact]
        public void ExportedLgamma_StoresTheSignOfGammaInSigngam()
        {
            ExportTable table = Registered();
            var lgamma = (delegate* unmanaged<double, double>)Address(table, "lgamma");
            int* signgam = (int*)Address(table, "signgam");
            lgamma(-2.5);  // G(-2.5) = -0.945...
            Assert.Equal(-1, *signgam);
            lgamma(-3.5);  // G(-3.5) = 0.270...
            Assert.Equal(1, *signgam);
            var lgammaR = (delegate* unmanaged<double, int*, double>)Address(table, "lgamma_r");
            int sign;
            Assert.Equal(GlibcMath.Lgamma(-0.5), lgammaR(-0.5, &sign));
            Assert.Equal(-1, sign);
        }

        [Fact]
        public void Classification_RandomAndSpecialInputs_MatchGlibc()
        {
            var inputs = new MathInputs(5);
            for (int i = 0; i < 10_000 + MathInputs.Specials.Length; i++)
            {
                double x = i < MathInputs.Specials.Length ? MathInputs.Specials[i] : inputs.Pick(inputs.UniformBits, inputs.Subnormal);
                Assert.Equal(GlibcMath.FpClassify(x), Classification.FpClassify(x));
                Assert.Equal(GlibcMath.IsNaN(x), Classification.IsNaN(x));
                Assert.Equal(GlibcMath.IsInf(x), Classification.IsInfinity(x));
                Assert.Equal(GlibcMath.Finite(x), Classification.IsFinite(x));
                Assert.Equal(GlibcMath.SignBit(x) != 0, Classification.SignBit(x) != 0);
            }
        }

        [Fact]
        public void Sin_OfTenToTheTwentyTwo_IsTheKnownValue()
        {
            // The classic hard case for argument reduction (needs about 140 bits of 2/pi).
            Assert.Equal(-0.8522008497671888, Libm.Sin(1e22));
            Assert.Equal(0.523214785395139, Libm.Cos(1e22));
        }
    }
}
