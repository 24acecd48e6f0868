// Times QEMU booting an image on the microvm machine: from Process.Start (what a user waits for)
// to the first serial line, and to QEMU's exit. Serial output is read as it arrives and stamped
// from a Stopwatch on arrival, so the first-line figure is not inflated by waiting for exit.
// Every run has a timeout after which QEMU is killed, and a run only counts if the guest exited
// through isa-debug-exit with exit code 0 (status 3): a triple fault also "exits", with status 0.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace OSv.Benchmarks;

/// <summary>The two figures of one boot, in milliseconds from process start.</summary>
internal readonly record struct BootSample(double FirstLineMs, double ExitMs);

/// <summary>Summaries over the counted runs, and how many runs failed (not counted).</summary>
internal sealed record BootResult(string Accelerator, Summary FirstLineMs, Summary ExitMs, int FailedRuns, string FirstLine);

internal static class BootTimer
{
    public const int WarmUpRuns = 2;
    public const int RunTimeoutMs = 30_000;
    private const int KillWaitMs = 5_000;
    /// <summary>isa-debug-exit status for guest exit code 0: 1 + 2 × (0 + 1).</summary>
    public const int ExpectedExitStatus = 3;
    private const string GuestArguments = "-- a b";

    public static readonly string[] TcgArguments = { "-accel", "tcg", "-cpu", "max" };
    public static readonly string[] KvmArguments = { "-accel", "kvm", "-cpu", "host" };

    public static BootResult Measure(string accelerator, string qemuPath, string imagePath, IReadOnlyList<string> acceleratorArguments, int runs)
    {
        for (int i = 0; i < WarmUpRuns; i++) RunOnce(qemuPath, imagePath, acceleratorArguments, out _);
        List<double> firstLineMs = new List<double>(runs);
        List<double> exitMs = new List<double>(runs);
        string firstLine = "";
        string? lastFailure = null;
        for (int i = 0; i < runs; i++)
        {
            BootSample? sample = RunOnce(qemuPath, imagePath, acceleratorArguments, out string detail);
            if (sample is null) { lastFailure = detail; continue; }
            firstLineMs.Add(sample.Value.FirstLineMs);
            exitMs.Add(sample.Value.ExitMs);
            firstLine = detail;
        }
        if (firstLineMs.Count == 0) throw new InvalidOperationException($"Every {accelerator} boot failed; last: {lastFailure}");
        Debug.Assert(firstLineMs.Count == exitMs.Count);
        return new BootResult(accelerator, Statistics.Summarize(firstLineMs), Statistics.Summarize(exitMs), runs - firstLineMs.Count, firstLine);
    }

    /// <summary>One boot. Returns null when it timed out, printed nothing or exited with another
    /// status; <paramref name="detail"/> is then the reason, else the first serial line.</summary>
    private static BootSample? RunOnce(string qemuPath, string imagePath, IReadOnlyList<string> acceleratorArguments, out string detail)
    {
        using Process process = new Process { StartInfo = CreateStartInfo(qemuPath, imagePath, acceleratorArguments), EnableRaisingEvents = true };
        Stopwatch stopwatch = new Stopwatch();
        long firstLineTicks = 0;
        long exitTicks = 0;
        string? firstLine = null;
        // Ordering: each handler publishes with Interlocked; the reads below run after WaitForExit()
        // has drained both streams and raised Exited, so they see the final values.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null || Interlocked.CompareExchange(ref firstLineTicks, stopwatch.ElapsedTicks, 0) != 0) return;
            firstLine = line.Data;
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => Interlocked.Exchange(ref exitTicks, stopwatch.ElapsedTicks);

        stopwatch.Start();
        process.Start();
        process.StandardInput.Close(); // the guest reads no console input; keep QEMU off our terminal
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(RunTimeoutMs))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(KillWaitMs);
            detail = $"timed out after {RunTimeoutMs} ms and was killed";
            return null;
        }
        Interlocked.CompareExchange(ref exitTicks, stopwatch.ElapsedTicks, 0); // in case Exited has not run yet
        process.WaitForExit(); // drains the asynchronous readers (bounded: QEMU has exited)
        return Validate(process.ExitCode, Interlocked.Read(ref firstLineTicks), Interlocked.Read(ref exitTicks), firstLine, out detail);
    }

    private static BootSample? Validate(int exitStatus, long firstLineTicks, long exitTicks, string? firstLine, out string detail)
    {
        if (exitStatus != ExpectedExitStatus) { detail = $"QEMU exit status {exitStatus}, expected {ExpectedExitStatus}"; return null; }
        if (firstLine is null || firstLineTicks == 0) { detail = "no serial output"; return null; }
        Debug.Assert(exitTicks > 0);
        detail = firstLine;
        return new BootSample(TicksToMs(firstLineTicks), TicksToMs(exitTicks));
    }

    private static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The boot line of the README, with the accelerator arguments swapped in.</summary>
    private static ProcessStartInfo CreateStartInfo(string qemuPath, string imagePath, IReadOnlyList<string> acceleratorArguments)
    {
        ProcessStartInfo info = new ProcessStartInfo(qemuPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] machine = { "-M", "microvm" };
        string[] rest =
        {
            "-m", "128M", "-smp", "1", "-nographic", "-monitor", "none", "-no-reboot", "-net", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-kernel", imagePath, "-append", GuestArguments,
        };
        foreach (string argument in machine) info.ArgumentList.Add(argument);
        foreach (string argument in acceleratorArguments) info.ArgumentList.Add(argument);
        foreach (string argument in rest) info.ArgumentList.Add(argument);
        return info;
    }
}
