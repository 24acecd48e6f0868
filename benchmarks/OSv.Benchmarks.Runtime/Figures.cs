// Shared measuring rules: every figure is the median of Rounds timed rounds after one untimed
// warm-up round, and a round's size is calibrated (doubled until a round takes at least
// MinimumRound) so that the same code gives stable figures on the host and under the emulator,
// which is one to two orders of magnitude slower.
using System;
using System.Diagnostics;
using System.Globalization;

namespace OSv.Benchmarks.Runtime
{
    internal static class Figures
    {
        public const int Rounds = 5;
        private static readonly TimeSpan MinimumRound = TimeSpan.FromMilliseconds(200);

        public static void Print(string name, string value) => Console.WriteLine(name + " " + value);

        public static void Print(string name, double value) =>
            Console.WriteLine(name + " " + value.ToString("0.###", CultureInfo.InvariantCulture));

        /// <summary>Iterations per round such that one call of <paramref name="round"/> takes at least MinimumRound.</summary>
        public static int Calibrate(Action<int> round)
        {
            int iterations = 16;
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                round(iterations);
                if (Stopwatch.GetElapsedTime(start) >= MinimumRound || iterations >= 1 << 28)
                    return iterations;
                iterations *= 2;
            }
        }

        /// <summary>Median over Rounds of the nanoseconds per iteration, after one warm-up round.</summary>
        public static double MedianNanosecondsPerIteration(Action<int> round)
        {
            int iterations = Calibrate(round);
            round(iterations);
            var perIteration = new double[Rounds];
            for (int i = 0; i < Rounds; i++)
            {
                long start = Stopwatch.GetTimestamp();
                round(iterations);
                perIteration[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
            }
            return Median(perIteration);
        }

        public static double Median(double[] values)
        {
            Array.Sort(values);
            int middle = values.Length / 2;
            return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }
}
