// What this host offers the benchmark: whether KVM can run our images, and the facts a figure
// must be quoted with (CPU count, load, QEMU version, build-server switches). KVM counts only when the CPU advertises vmx or
// svm and /dev/kvm opens: the shared machines expose a kvm_pvm /dev/kvm without either flag,
// under which our images fail (docs/toolchain notes), so the device alone is not enough.
using System;
using System.Diagnostics;
using System.IO;

namespace OSv.Benchmarks;

internal static class HostProbe
{
    private const int VersionTimeoutMs = 10_000;

    /// <summary>Null when KVM is usable, else the sentence the report prints instead.</summary>
    public static string? KvmUnavailableReason()
    {
        if (!CpuHasVirtualization()) return "KVM: not available on this machine (no vmx/svm)";
        try
        {
            using FileStream device = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "KVM: not available on this machine (/dev/kvm does not open: " + exception.Message + ")";
        }
    }

    private static bool CpuHasVirtualization()
    {
        if (!File.Exists("/proc/cpuinfo")) return false;
        foreach (string line in File.ReadLines("/proc/cpuinfo"))
        {
            if (!line.StartsWith("flags", StringComparison.Ordinal)) continue;
            string[] flags = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return Array.IndexOf(flags, "vmx") >= 0 || Array.IndexOf(flags, "svm") >= 0;
        }
        return false;
    }

    /// <summary>The one-minute load average from /proc/loadavg ("?" where there is none): on a
    /// shared machine it tells whether a figure was taken while other work competed for the CPUs.</summary>
    public static string LoadAverage()
    {
        if (!File.Exists("/proc/loadavg")) return "?";
        string[] fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 0 ? fields[0] : "?";
    }

    /// <summary>The environment switches that decide whether builds reuse warm compiler and MSBuild
    /// processes; with them off (as on the shared machines) every build starts Roslyn cold.</summary>
    public static string BuildEnvironment()
    {
        string[] names = { "UseSharedCompilation", "MSBUILDDISABLENODEREUSE", "DOTNET_CLI_USE_MSBUILD_SERVER" };
        string[] settings = new string[names.Length];
        for (int i = 0; i < names.Length; i++) settings[i] = names[i] + "=" + (Environment.GetEnvironmentVariable(names[i]) ?? "unset");
        return string.Join(", ", settings);
    }

    /// <summary>First line of `qemu --version`, e.g. "QEMU emulator version 7.2.22 (…)".</summary>
    public static string QemuVersion(string qemuPath)
    {
        ProcessStartInfo info = new ProcessStartInfo(qemuPath, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + qemuPath);
        string output = process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMilliseconds(VersionTimeoutMs)).GetAwaiter().GetResult();
        if (!process.WaitForExit(VersionTimeoutMs)) process.Kill(entireProcessTree: true);
        string firstLine = output.Split('\n')[0].Trim();
        return firstLine.Length > 0 ? firstLine : "unknown QEMU version";
    }
}
