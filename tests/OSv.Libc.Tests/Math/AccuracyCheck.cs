// Runs one function over many inputs against glibc and reports the worst disagreement: the largest
// ulp distance, and any difference in kind that ulps do not capture (NaN against a number, +0
// against -0, an infinity against anything else). The failure message names the worst input in
// hex so it can be replayed.
namespace OSv.Libc.Tests.Math
{
    using System;
    using Xunit;
    using System.Globalization;

    internal sealed class AccuracyCheck
    {
        private readonly string _name;
        private long _worstUlps = -1;
        private string _worstInput = "";
        private string? _kindMismatch;
        private int _count;

        public AccuracyCheck(string name) => _name = name;

        /// <summary>One theory row per function name: the MemberData source of every per-function
        /// math test class.</summary>
        public static TheoryData<string> TheoryNames(System.Collections.Generic.IEnumerable<string> names)
        {
            var rows = new TheoryData<string>();
            foreach (string name in names)
                rows.Add(name);
            return rows;
        }

        public int Count => _count;

        public void Compare(string input, double mine, double glibc)
        {
            _count++;
            long ulps = UlpDistance.Between(mine, glibc);
            bool kindDiffers = (mine == 0 && glibc == 0 && !UlpDistance.Identical(mine, glibc))
                || ((double.IsInfinity(mine) || double.IsInfinity(glibc)) && mine != glibc)
                || double.IsNaN(mine) != double.IsNaN(glibc);
            if (kindDiffers && _kindMismatch == null)
                _kindMismatch = $"{_name}({input}): mine {Hex(mine)}, glibc {Hex(glibc)}";
            if (!kindDiffers && ulps > _worstUlps)
            {
                _worstUlps = ulps;
                _worstInput = $"{_name}({input}): mine {Hex(mine)}, glibc {Hex(glibc)}";
            }
        }

        public void AssertWithin(long maxUlps)
        {
            Assert.True(_kindMismatch == null, _kindMismatch);
            Assert.True(_worstUlps <= maxUlps, $"{_worstUlps} ulps > {maxUlps} at {_worstInput}");
        }

        public static string Hex(double value) =>
            double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture)
                + " (0x" + BitConverter.DoubleToInt64Bits(value).ToString("X16") + ")";
    }
}
