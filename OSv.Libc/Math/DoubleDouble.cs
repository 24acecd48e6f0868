// Double-double arithmetic: a value Hi + Lo with |Lo| <= ulp(Hi)/2, about 106 significant bits.
// The transcendental functions evaluate their argument reduction and leading terms in it, so the
// final rounding to double is the only rounding that matters (glibc's results within 1 ulp).
// Algorithms: Knuth's TwoSum, Dekker's FastTwoSum and his TwoProduct with Veltkamp's split, exact
// for |a| < 2^996. No FMA: ilc's default x64 target has no FMA3, and there
// Math.FusedMultiplyAdd is a call to the C fma, i.e. back into this libm (SquareRoot.cs says
// why the libm avoids such System.Math members); the split gives the same bits on every CPU.
// Departures: none of these renormalise beyond one FastTwoSum, which the error bounds of the
// callers allow (each states its magnitude assumptions).
namespace OSv.Libc.Math
{
    internal readonly struct DoubleDouble
    {
        public readonly double Hi;
        public readonly double Lo;

        public DoubleDouble(double hi, double lo)
        {
            Hi = hi;
            Lo = lo;
        }

        public double Value => Hi + Lo;

        public DoubleDouble Negate() => new DoubleDouble(-Hi, -Lo);

        /// <summary>a + b exactly, for any a, b (Knuth).</summary>
        public static DoubleDouble TwoSum(double a, double b)
        {
            double sum = a + b;
            double bVirtual = sum - a;
            double aVirtual = sum - bVirtual;
            return new DoubleDouble(sum, (a - aVirtual) + (b - bVirtual));
        }

        /// <summary>a + b exactly, when |a| >= |b| or a == 0 (Dekker).</summary>
        public static DoubleDouble FastTwoSum(double a, double b)
        {
            double sum = a + b;
            return new DoubleDouble(sum, b - (sum - a));
        }

        /// <summary>a * b exactly (barring overflow/underflow), Dekker with Veltkamp's split.</summary>
        public static DoubleDouble TwoProduct(double a, double b)
        {
            double product = a * b;
            Split(a, out double aHigh, out double aLow);
            Split(b, out double bHigh, out double bLow);
            double error = ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
            return new DoubleDouble(product, error);
        }

        private static void Split(double value, out double high, out double low)
        {
            const double Splitter = 134217729.0;  // 2^27 + 1
            double scaled = Splitter * value;
            high = scaled - (scaled - value);
            low = value - high;
        }

        public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
        {
            DoubleDouble sum = TwoSum(a.Hi, b.Hi);
            DoubleDouble tails = TwoSum(a.Lo, b.Lo);
            double lo = sum.Lo + tails.Hi;
            DoubleDouble partial = FastTwoSum(sum.Hi, lo);
            return FastTwoSum(partial.Hi, partial.Lo + tails.Lo);
        }

        public static DoubleDouble operator +(DoubleDouble a, double b)
        {
            DoubleDouble sum = TwoSum(a.Hi, b);
            return FastTwoSum(sum.Hi, sum.Lo + a.Lo);
        }

        public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + b.Negate();

        public static DoubleDouble operator -(DoubleDouble a, double b) => a + (-b);

        public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
        {
            DoubleDouble product = TwoProduct(a.Hi, b.Hi);
            double cross = a.Hi * b.Lo + a.Lo * b.Hi;
            return FastTwoSum(product.Hi, product.Lo + cross);
        }

        public static DoubleDouble operator *(DoubleDouble a, double b)
        {
            DoubleDouble product = TwoProduct(a.Hi, b);
            return FastTwoSum(product.Hi, product.Lo + a.Lo * b);
        }

        public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
        {
            double quotient = a.Hi / b.Hi;
            DoubleDouble back = b * quotient;  // quotient * b, exactly enough
            double remainder = ((a.Hi - back.Hi) - back.Lo + a.Lo);
            return FastTwoSum(quotient, remainder / b.Hi);
        }

        /// <summary>sqrt(a) for a > 0, one Newton correction on the correctly rounded root.</summary>
        public static DoubleDouble Sqrt(DoubleDouble a)
        {
            double root = SquareRoot.Sqrt(a.Hi);
            DoubleDouble square = TwoProduct(root, root);
            double correction = ((a.Hi - square.Hi) - square.Lo + a.Lo) / (root + root);
            return FastTwoSum(root, correction);
        }

        public static DoubleDouble Scale(DoubleDouble a, double powerOfTwo) =>
            new DoubleDouble(a.Hi * powerOfTwo, a.Lo * powerOfTwo);
    }
}
