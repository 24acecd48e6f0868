// errno after each math function matches glibc's for a table of domain errors, pole errors,
// overflows, underflows and quiet cases (C11 7.12.1; glibc sets ERANGE on underflow only when the
// result is zero). The results must also agree in kind (NaN, ±inf, ±0) and to within 1 ulp.
namespace OSv.Libc.Tests.Math
{
    using System;
    using System.Collections.Generic;
    using System.Runtime.InteropServices;
    using OSv.Libc.Errors;
    using OSv.Libc.Math;
    using Xunit;

    public sealed class ErrnoTests
    {
        private const double Tiny = double.Epsilon, Huge = double.MaxValue, Inf = double.PositiveInfinity;

        private static readonly List<(string Name, Func<double> Mine, Func<double> Glibc)> Table = new()
        {
            ("exp(-745.2)", () => Libm.Exp(-745.2), () => GlibcMath.Exp(-745.2)),
            ("exp(-740)", () => Libm.Exp(-740), () => GlibcMath.Exp(-740)),
            ("exp(710)", () => Libm.Exp(710), () => GlibcMath.Exp(710)),
            ("exp(1)", () => Libm.Exp(1), () => GlibcMath.Exp(1)),
            ("exp2(-1080)", () => Libm.Exp2(-1080), () => GlibcMath.Exp2(-1080)),
            ("exp2(1024)", () => Libm.Exp2(1024), () => GlibcMath.Exp2(1024)),
            ("exp2(-1074.5)", () => Libm.Exp2(-1074.5), () => GlibcMath.Exp2(-1074.5)),
            ("expm1(710)", () => Libm.Expm1(710), () => GlibcMath.Expm1(710)),
            ("log(0)", () => Libm.Log(0), () => GlibcMath.Log(0)),
            ("log(-0)", () => Libm.Log(-0.0), () => GlibcMath.Log(-0.0)),
            ("log(-1)", () => Libm.Log(-1), () => GlibcMath.Log(-1)),
            ("log(inf)", () => Libm.Log(Inf), () => GlibcMath.Log(Inf)),
            ("log(-inf)", () => Libm.Log(-Inf), () => GlibcMath.Log(-Inf)),
            ("log2(0)", () => Libm.Log2(0), () => GlibcMath.Log2(0)),
            ("log10(-2)", () => Libm.Log10(-2), () => GlibcMath.Log10(-2)),
            ("log1p(-1)", () => Libm.Log1p(-1), () => GlibcMath.Log1p(-1)),
            ("log1p(-2)", () => Libm.Log1p(-2), () => GlibcMath.Log1p(-2)),
            ("pow(0,-1)", () => Libm.Pow(0, -1), () => GlibcMath.Pow(0, -1)),
            ("pow(-0,-3)", () => Libm.Pow(-0.0, -3), () => GlibcMath.Pow(-0.0, -3)),
            ("pow(0,-inf)", () => Libm.Pow(0, -Inf), () => GlibcMath.Pow(0, -Inf)),
            ("pow(-2,0.5)", () => Libm.Pow(-2, 0.5), () => GlibcMath.Pow(-2, 0.5)),
            ("pow(10,400)", () => Libm.Pow(10, 400), () => GlibcMath.Pow(10, 400)),
            ("pow(-10,401)", () => Libm.Pow(-10, 401), () => GlibcMath.Pow(-10, 401)),
            ("pow(10,-400)", () => Libm.Pow(10, -400), () => GlibcMath.Pow(10, -400)),
            ("pow(2,-1074)", () => Libm.Pow(2, -1074), () => GlibcMath.Pow(2, -1074)),
            ("pow(nan,0)", () => Libm.Pow(double.NaN, 0), () => GlibcMath.Pow(double.NaN, 0)),
            ("pow(-inf,-3)", () => Libm.Pow(-Inf, -3), () => GlibcMath.Pow(-Inf, -3)),
            ("sqrt(-1)", () => Libm.Sqrt(-1), () => GlibcMath.Sqrt(-1)),
            ("sqrt(-0)", () => Libm.Sqrt(-0.0), () => GlibcMath.Sqrt(-0.0)),
            ("fmod(1,0)", () => Libm.Fmod(1, 0), () => GlibcMath.Fmod(1, 0)),
            ("fmod(inf,1)", () => Libm.Fmod(Inf, 1), () => GlibcMath.Fmod(Inf, 1)),
            ("fmod(nan,0)", () => Libm.Fmod(double.NaN, 0), () => GlibcMath.Fmod(double.NaN, 0)),
            ("remainder(1,0)", () => Libm.Remainder(1, 0), () => GlibcMath.Remainder(1, 0)),
            ("remainder(inf,1)", () => Libm.Remainder(Inf, 1), () => GlibcMath.Remainder(Inf, 1)),
            ("asin(2)", () => Libm.Asin(2), () => GlibcMath.Asin(2)),
            ("acos(-2)", () => Libm.Acos(-2), () => GlibcMath.Acos(-2)),
            ("atanh(1)", () => Libm.Atanh(1), () => GlibcMath.Atanh(1)),
            ("atanh(-1)", () => Libm.Atanh(-1), () => GlibcMath.Atanh(-1)),
            ("atanh(2)", () => Libm.Atanh(2), () => GlibcMath.Atanh(2)),
            ("acosh(0.5)", () => Libm.Acosh(0.5), () => GlibcMath.Acosh(0.5)),
            ("cosh(800)", () => Libm.Cosh(800), () => GlibcMath.Cosh(800)),
            ("sinh(-800)", () => Libm.Sinh(-800), () => GlibcMath.Sinh(-800)),
            ("sin(inf)", () => Libm.Sin(Inf), () => GlibcMath.Sin(Inf)),
            ("cos(-inf)", () => Libm.Cos(-Inf), () => GlibcMath.Cos(-Inf)),
            ("tan(inf)", () => Libm.Tan(Inf), () => GlibcMath.Tan(Inf)),
            ("sin(tiny)", () => Libm.Sin(Tiny), () => GlibcMath.Sin(Tiny)),
            ("ldexp(1,5000)", () => Libm.Ldexp(1, 5000), () => GlibcMath.Ldexp(1, 5000)),
            ("ldexp(1,-5000)", () => Libm.Ldexp(1, -5000), () => GlibcMath.Ldexp(1, -5000)),
            ("ldexp(1,-1070)", () => Libm.Ldexp(1, -1070), () => GlibcMath.Ldexp(1, -1070)),
            ("ldexp(0,-5000)", () => Libm.Ldexp(0, -5000), () => GlibcMath.Ldexp(0, -5000)),
            ("scalbn(1,5000)", () => Libm.Ldexp(1, 5000), () => GlibcMath.Scalbn(1, 5000)),
            ("logb(0)", () => Libm.Logb(0), () => GlibcMath.Logb(0)),
            ("ilogb(0)", () => Libm.Ilogb(0), () => GlibcMath.Ilogb(0)),
            ("ilogb(nan)", () => Libm.Ilogb(double.NaN), () => GlibcMath.Ilogb(double.NaN)),
            ("ilogb(inf)", () => Libm.Ilogb(Inf), () => GlibcMath.Ilogb(Inf)),
            ("ilogb(8)", () => Libm.Ilogb(8), () => GlibcMath.Ilogb(8)),
            ("nextafter(max,inf)", () => Libm.NextAfter(Huge, Inf), () => GlibcMath.NextAfter(Huge, Inf)),
            ("nextafter(0,1)", () => Libm.NextAfter(0, 1), () => GlibcMath.NextAfter(0, 1)),
            ("nextafter(tiny,0)", () => Libm.NextAfter(Tiny, 0), () => GlibcMath.NextAfter(Tiny, 0)),
            ("nextafter(minnormal,0)", () => Libm.NextAfter(2.2250738585072014e-308, 0), () => GlibcMath.NextAfter(2.2250738585072014e-308, 0)),
            ("nextafter(1,2)", () => Libm.NextAfter(1, 2), () => GlibcMath.NextAfter(1, 2)),
            ("fdim(max,-max)", () => Libm.Fdim(Huge, -Huge), () => GlibcMath.Fdim(Huge, -Huge)),
            ("hypot(max,max)", () => Libm.Hypot(Huge, Huge), () => GlibcMath.Hypot(Huge, Huge)),
            ("hypot(inf,nan)", () => Libm.Hypot(Inf, double.NaN), () => GlibcMath.Hypot(Inf, double.NaN)),
            ("atan2(1e-300,1e300)", () => Libm.Atan2(1e-300, 1e300), () => GlibcMath.Atan2(1e-300, 1e300)),
            ("atan2(tiny,2)", () => Libm.Atan2(Tiny, 2), () => GlibcMath.Atan2(Tiny, 2)),
            ("atan2(1,-0)", () => Libm.Atan2(1, -0.0), () => GlibcMath.Atan2(1, -0.0)),
            ("erfc(30)", () => Libm.Erfc(30), () => GlibcMath.Erfc(30)),
            ("erfc(-30)", () => Libm.Erfc(-30), () => GlibcMath.Erfc(-30)),
            ("erf(1e-310)", () => Libm.Erf(1e-310), () => GlibcMath.Erf(1e-310)),
            ("tgamma(0)", () => Libm.Tgamma(0), () => GlibcMath.Tgamma(0)),
            ("tgamma(-0)", () => Libm.Tgamma(-0.0), () => GlibcMath.Tgamma(-0.0)),
            ("tgamma(-1)", () => Libm.Tgamma(-1), () => GlibcMath.Tgamma(-1)),
            ("tgamma(-inf)", () => Libm.Tgamma(-Inf), () => GlibcMath.Tgamma(-Inf)),
            ("tgamma(200)", () => Libm.Tgamma(200), () => GlibcMath.Tgamma(200)),
            ("tgamma(-200.5)", () => Libm.Tgamma(-200.5), () => GlibcMath.Tgamma(-200.5)),
            ("tgamma(5)", () => Libm.Tgamma(5), () => GlibcMath.Tgamma(5)),
            ("lgamma(0)", () => Libm.Lgamma(0, out _), () => GlibcMath.Lgamma(0)),
            ("lgamma(-2)", () => Libm.Lgamma(-2, out _), () => GlibcMath.Lgamma(-2)),
            ("lgamma(1e307)", () => Libm.Lgamma(1e307, out _), () => GlibcMath.Lgamma(1e307)),
            ("lgamma(-inf)", () => Libm.Lgamma(-Inf, out _), () => GlibcMath.Lgamma(-Inf)),
            ("lround(1e20)", () => Libm.LRound(1e20), () => GlibcMath.LRound(1e20)),
            ("lrint(nan)", () => Libm.LRint(double.NaN), () => GlibcMath.LRint(double.NaN)),
            ("sqrtf(-1)", () => Libm.Sqrtf(-1), () => GlibcMath.Sqrtf(-1)),
            ("fmodf(1,0)", () => Libm.Fmodf(1, 0), () => GlibcMath.Fmodf(1, 0)),
            ("sinf(inf)", () => Libm.Sinf(float.PositiveInfinity), () => GlibcMath.Sinf(float.PositiveInfinity)),
            ("powf(10,39)", () => Libm.Powf(10, 39), () => GlibcMath.Powf(10, 39)),
            ("powf(10,-50)", () => Libm.Powf(10, -50), () => GlibcMath.Powf(10, -50)),
            ("expf(100)", () => Libm.Expf(100), () => GlibcMath.Expf(100)),
            ("expf(-110)", () => Libm.Expf(-110), () => GlibcMath.Expf(-110)),
            ("logf(0)", () => Libm.Logf(0), () => GlibcMath.Logf(0)),
        };

        public static TheoryData<string> Names() => AccuracyCheck.TheoryNames(System.Linq.Enumerable.Select(Table, row => row.Name));

        [Theory]
        [MemberData(nameof(Names))]
        public void Call_SetsErrnoAndResultLikeGlibc(string name)
        {
            var row = Table.Find(entry => entry.Name == name);
            Errno.Set(0);
            double mine = row.Mine();
            int myErrno = Errno.Get();
            double glibc = row.Glibc();
            int glibcErrno = Marshal.GetLastPInvokeError();
            Assert.Equal(glibcErrno, myErrno);
            var check = new AccuracyCheck(name);
            check.Compare("", mine, glibc);
            check.AssertWithin(1);
        }

        [Fact]
        public void GlibcReference_ClearsErrnoBeforeEachCall()
        {
            GlibcMath.Log(0);
            Assert.Equal(34, Marshal.GetLastPInvokeError());
            GlibcMath.Log(1);
            Assert.Equal(0, Marshal.GetLastPInvokeError());
        }
    }
}
