// Seeded inputs for comparing OSv.Libc's math functions with glibc: random bit patterns (every
// finite double is equally likely per exponent), values near zero, subnormals, huge values, values
// near multiples of pi/2 (the hard cases of sin/cos/tan reduction), uniform values over a
// function's interesting range, and the special values of C11 Annex F. The seed is fixed per
// function so a failure replays exactly.
namespace OSv.Libc.Tests.Math
{
    using System;

    internal sealed class MathInputs
    {
        private readonly Random _random;

        public MathInputs(int seed) => _random = new Random(seed);

        public static readonly double[] Specials =
        {
            0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.0, -1.0, 0.5, -0.5,
            2.0, -2.0, 3.0, -3.0, 10.0, 0.1, double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon,
            2.2250738585072014e-308, -2.2250738585072014e-308, 2.225073858507201e-308, System.Math.PI, -System.Math.PI,
            System.Math.PI / 2, System.Math.PI / 4, 1e22, -1e22, 1e300, 1e-300, 709.782712893384, -745.1332191019412,
            -745.1332191019411, 710.0, -708.4, 0.9999999999999999, 1.0000000000000002, 4.5, -4.5, 2.5, -2.5,
            0.49999999999999994, 4503599627370496.5, 4503599627370497.0, 9007199254740993.0, 1e16, -1e16,
            9.223372036854775807e18, -9.223372036854775808e18, 6381956970095103.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0 * 8,
        };

        public double UniformBits()
        {
            while (true)
            {
                long bits = _random.NextInt64();
                double value = BitConverter.Int64BitsToDouble(bits);
                if (double.IsFinite(value))
                    return value;
            }
        }

        public double PositiveBits() => System.Math.Abs(UniformBits());

        public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

        /// <summary>±m * 2^e with e uniform in [lowExponent, highExponent].</summary>
        public double ExponentRange(int lowExponent, int highExponent, bool signed = true)
        {
            double mantissa = 1.0 + _random.NextDouble();
            int exponent = _random.Next(lowExponent, highExponent + 1);
            double value = System.Math.ScaleB(mantissa, exponent);
            return signed && _random.Next(2) == 0 ? -value : value;
        }

        public double NearZero() => ExponentRange(-1074, -1);

        public double Subnormal()
        {
            long bits = _random.NextInt64(1, 1L << 52);
            double value = BitConverter.Int64BitsToDouble(bits);
            return _random.Next(2) == 0 ? -value : value;
        }

        public double Huge() => ExponentRange(20, 1023);

        /// <summary>A double within a few thousand ulps of k * pi/2 for a random k (or exactly nearest).</summary>
        public double NearHalfPiMultiple()
        {
            long k = _random.Next(4) switch
            {
                0 => _random.Next(1, 16),
                1 => _random.Next(1, 1 << 20),
                2 => _random.NextInt64(1, 1L << 40),
                _ => _random.NextInt64(1, long.MaxValue),
            };
            double value = k * (System.Math.PI / 2);
            long offset = _random.Next(-2000, 2001);
            value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) + offset);
            return _random.Next(2) == 0 ? -value : value;
        }

        /// <summary>1 ± a small relative offset (where logarithms and inverse functions cancel).</summary>
        public double NearOne()
        {
            double offset = ExponentRange(-60, -1);
            return 1.0 + offset;
        }

        public int Next(int low, int high) => _random.Next(low, high);

        public double Pick(params Func<double>[] sources) => sources[_random.Next(sources.Length)]();
    }
}
