// Test helper: the ilc-compiled fixture (Fixture/EhFixture.cs), built at test time by
// Fixture/make-fixture.sh (csc + ilc 10.0.12 against the real System.Private.CoreLib + ld -shared
// --eh-frame-hdr; about 10–20 s) and cached under the temp directory by a hash of the script and
// the source, so a rerun of the tests reuses it and any change rebuilds it. Built at test time
// rather than committed because the object is ~2 MB and must follow the pinned compiler.
using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace OSv.Runtime.Tests.Exceptions;

internal static class EhFixtureBuild
{
    private static readonly Lazy<ElfFile> s_fixture = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ElfFile Fixture => s_fixture.Value;

    public static string SharedObjectPath => Path.Combine(CacheDirectory, "eh-fixture.so");

    private static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "Exceptions", "Fixture");

    private static string CacheDirectory
    {
        get
        {
            byte[] script = File.ReadAllBytes(Path.Combine(SourceDirectory, "make-fixture.sh"));
            byte[] source = File.ReadAllBytes(Path.Combine(SourceDirectory, "EhFixture.cs"));
            string hash = Convert.ToHexString(SHA256.HashData([.. script, .. source]))[..16];
            return Path.Combine(Path.GetTempPath(), "osv-eh-fixture-" + hash);
        }
    }

    private static ElfFile Build()
    {
        string output = SharedObjectPath;
        if (!File.Exists(output))
        {
            string staging = CacheDirectory + ".tmp-" + Environment.ProcessId;
            Directory.CreateDirectory(staging);
            Run("sh", Path.Combine(SourceDirectory, "make-fixture.sh"), staging);
            Directory.CreateDirectory(CacheDirectory);
            File.Move(Path.Combine(staging, "eh-fixture.so"), output, overwrite: true);
            Directory.Delete(staging, recursive: true);
        }
        return ElfFile.Load(output);
    }

    public static string Run(string program, params string[] arguments) => Run(program, exitCodeMustBeZero: true, arguments);

    public static string Run(string program, bool exitCodeMustBeZero, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (exitCodeMustBeZero && process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }
}
