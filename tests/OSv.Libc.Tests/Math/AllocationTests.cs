// Math functions sit on C programs' hot paths: after the first call (which may attach the
// thread's errno cell), none allocates managed memory, including on error paths that set errno.
namespace OSv.Libc.Tests.Math
{
    using System;
    using OSv.Libc.Math;
    using OSv.Testing;
    using Xunit;

    public sealed class AllocationTests
    {
        private static double CallEverything(double x)
        {
            double sum = Libm.Sin(x) + Libm.Cos(x * 1e20) + Libm.Tan(x) + Libm.Exp(x) + Libm.Log(x) + Libm.Log(-x)
                + Libm.Pow(x, 2.5) + Libm.Pow(-x, 0.5) + Libm.Sqrt(x) + Libm.Atan2(x, 3) + Libm.Asin(x / 10)
                + Libm.Acos(x / 10) + Libm.Sinh(x) + Libm.Tanh(x) + Libm.Asinh(x) + Libm.Acosh(x + 1) + Libm.Atanh(x / 10)
                + Libm.Erf(x) + Libm.Erfc(x) + Libm.Tgamma(x) + Libm.Lgamma(-x, out _) + Libm.Cbrt(x) + Libm.Hypot(x, 2)
                + Libm.Fmod(x * 1e300, 0.3) + Libm.Remainder(x, 0.7) + Libm.Fma(x, x, -1) + Libm.Expm1(x) + Libm.Log1p(x)
                + Libm.Exp2(x) + Libm.Log2(x) + Libm.Log10(x) + Libm.Powf((float)x, 1.5f) + Libm.Exp(1000);
            Libm.SinCos(x, out double sine, out double cosine);
            return sum + sine + cosine;
        }

        [Fact]
        public void Functions_AfterFirstCall_AllocateNothing()
        {
            CallEverything(0.5);
            double total = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 1; i < 1000; i++)
                    total += CallEverything(i * 0.0097);
            });
            GC.KeepAlive(total);
            Assert.Equal(0, allocated);
        }
    }
}
