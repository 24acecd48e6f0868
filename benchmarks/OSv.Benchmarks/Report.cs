// Prints the measurements as Markdown, with each issue target next to the figure it applies to,
// so a pasted report says by itself whether the target is met. Formatting only: no measuring.
using System;
using System.Globalization;
using System.IO;

namespace OSv.Benchmarks;

internal sealed record Measurements(
    string ImagePath, string HostDescription, int Runs,
    BootResult Tcg, BootResult? Kvm, string? KvmUnavailableReason,
    ElfSegments Image, BuildTimings? Build);

internal static class Report
{
    public const double TargetFirstLineMs = 60;
    /// <summary>1 MB read strictly as 10^6 bytes (1 MiB would be 1,048,576).</summary>
    public const long TargetImageBytes = 1_000_000;
    public const double TargetIncrementalBuildSeconds = 10;

    public static void Write(TextWriter writer, Measurements measurements)
    {
        writer.WriteLine("# OSv.NET foundation benchmarks");
        writer.WriteLine();
        writer.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {measurements.HostDescription}; image `{measurements.ImagePath}`");
        writer.WriteLine();
        WriteBoot(writer, measurements);
        WriteImage(writer, measurements.Image);
        WriteBuild(writer, measurements.Build);
        WriteTargets(writer, measurements);
    }

    private static void WriteBoot(TextWriter writer, Measurements measurements)
    {
        writer.WriteLine($"## Boot time of Hello (microvm; {measurements.Runs} runs after {BootTimer.WarmUpRuns} warm-ups; ms from QEMU process start)");
        writer.WriteLine();
        writer.WriteLine("| Accelerator | Until | Median | Min | p90 | Max | Counted runs |");
        writer.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        WriteBootRows(writer, measurements.Tcg);
        if (measurements.Kvm is not null) WriteBootRows(writer, measurements.Kvm);
        writer.WriteLine();
        WriteBootNotes(writer, measurements.Tcg);
        if (measurements.Kvm is not null) WriteBootNotes(writer, measurements.Kvm);
        if (measurements.KvmUnavailableReason is not null) writer.WriteLine(measurements.KvmUnavailableReason + ".");
        writer.WriteLine();
    }

    private static void WriteBootRows(TextWriter writer, BootResult result)
    {
        WriteRow(writer, result.Accelerator, "first serial line", result.FirstLineMs, "F1");
        WriteRow(writer, result.Accelerator, "QEMU exit", result.ExitMs, "F1");
    }

    private static void WriteBootNotes(TextWriter writer, BootResult result)
    {
        double ratio = result.FirstLineMs.Median / result.ExitMs.Median;
        writer.WriteLine($"{result.Accelerator}: first line / exit (medians) = {Format(ratio, "F2")}; first line was `{result.FirstLine}`; "
            + $"{result.FailedRuns} failed run(s) not counted (timeout {BootTimer.RunTimeoutMs / 1000} s, exit status other than {BootTimer.ExpectedExitStatus}, or no output).");
    }

    private static void WriteImage(TextWriter writer, ElfSegments image)
    {
        writer.WriteLine("## Image size of Hello (bytes; loadable PT_LOAD segments)");
        writer.WriteLine();
        writer.WriteLine("| Part | Bytes |");
        writer.WriteLine("|---|---:|");
        writer.WriteLine($"| File | {Format(image.FileBytes)} |");
        writer.WriteLine($"| Text (executable; includes .rodata, .eh_frame, EH tables) | {Format(image.TextBytes)} |");
        writer.WriteLine($"| Data (writable, in file) | {Format(image.DataBytes)} |");
        writer.WriteLine($"| .bss (writable, memsz beyond filesz) | {Format(image.BssBytes)} |");
        writer.WriteLine($"| Read-only, not executable (symbol map) | {Format(image.ReadOnlyBytes)} |");
        writer.WriteLine($"| File bytes outside PT_LOAD (headers, page padding, section and symbol tables) | {Format(image.FileBytes - image.TextBytes - image.DataBytes - image.ReadOnlyBytes)} |");
        writer.WriteLine();
    }

    private static void WriteBuild(TextWriter writer, BuildTimings? build)
    {
        if (build is null)
        {
            writer.WriteLine("Incremental build timing skipped (--skip-build-timing).");
            writer.WriteLine();
            return;
        }
        writer.WriteLine($"## Incremental build (`dotnet build <app> -t:OsvImage -nologo -v:q`; s; {BuildTimer.TimedRuns} runs each)");
        writer.WriteLine();
        writer.WriteLine("| Case | Until | Median | Min | p90 | Max | Counted runs |");
        writer.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        WriteRow(writer, "nothing changed (samples/Hello)", "build exit", build.NoChangeSeconds, "F2");
        WriteRow(writer, "one-line change (scratch copy of Hello)", "build exit", build.OneLineChangeSeconds, "F2");
        writer.WriteLine();
        writer.WriteLine("Build environment: " + HostProbe.BuildEnvironment() + ".");
        writer.WriteLine();
    }

    private static void WriteTargets(TextWriter writer, Measurements measurements)
    {
        writer.WriteLine("## Issue targets");
        writer.WriteLine();
        writer.WriteLine("| Target | Measured | Met |");
        writer.WriteLine("|---|---:|---|");
        double firstLineMs = measurements.Tcg.FirstLineMs.Median;
        writer.WriteLine($"| median to first serial line under TCG ≤ {TargetFirstLineMs} ms | {Format(firstLineMs, "F1")} ms | {YesNo(firstLineMs <= TargetFirstLineMs)} |");
        writer.WriteLine($"| image file ≤ 1 MB ({Format(TargetImageBytes)} bytes) | {Format(measurements.Image.FileBytes)} bytes | {YesNo(measurements.Image.FileBytes <= TargetImageBytes)} |");
        if (measurements.Build is null) return;
        double buildSeconds = measurements.Build.OneLineChangeSeconds.Median;
        writer.WriteLine($"| incremental build (one-line change) ≤ {TargetIncrementalBuildSeconds} s | {Format(buildSeconds, "F2")} s | {YesNo(buildSeconds <= TargetIncrementalBuildSeconds)} |");
    }

    private static void WriteRow(TextWriter writer, string label, string until, Summary summary, string format) =>
        writer.WriteLine($"| {label} | {until} | {Format(summary.Median, format)} | {Format(summary.Min, format)} | "
            + $"{Format(summary.P90, format)} | {Format(summary.Max, format)} | {summary.Count} |");

    private static string YesNo(bool met) => met ? "yes" : "**no**";
    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
