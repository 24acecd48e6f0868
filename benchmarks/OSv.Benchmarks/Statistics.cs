// Summaries of small timing samples. The machine this runs on is shared and noisy, so a figure is
// a median with its spread (min, p90, max), never a mean that one slow outlier can drag.
using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace OSv.Benchmarks;

/// <summary>Median and spread of one sample, in the sample's own unit.</summary>
internal readonly record struct Summary(int Count, double Median, double Min, double P90, double Max);

internal static class Statistics
{
    public static Summary Summarize(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples to summarize.", nameof(samples));
        double[] sorted = new double[samples.Count];
        for (int i = 0; i < samples.Count; i++) sorted[i] = samples[i];
        Array.Sort(sorted);
        Summary summary = new Summary(sorted.Length, Median(sorted), sorted[0], Percentile(sorted, 0.90), sorted[^1]);
        Debug.Assert(summary.Min <= summary.Median && summary.Median <= summary.Max);
        Debug.Assert(summary.Min <= summary.P90 && summary.P90 <= summary.Max);
        return summary;
    }

    /// <summary>Middle value of a sorted sample; the mean of the two middle values when even.</summary>
    private static double Median(double[] sorted)
    {
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="fraction"/>
    /// of the sample at or below it (for 20 runs, p90 is the 18th smallest).</summary>
    private static double Percentile(double[] sorted, double fraction)
    {
        Debug.Assert(fraction > 0 && fraction <= 1);
        int rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
