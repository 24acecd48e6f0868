// Readiness for images: our exception sources (the *.Metal.cs exports included, which no hosted
// build compiles) compiled with a program against the real CoreLib, given to ilc with CoreLib as
// an input, and linked with exceptions.S (Fixture/check-exports.sh, ~25 s, cached by a hash of
// the sources): every exception-path symbol CoreLib imports must end up defined, and the only
// exception-layer symbol left for others to provide is the thread layer's ExInfo head slot.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class ExportBindingTests
{
    private static readonly Lazy<Dictionary<string, char>> s_symbols = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    [Theory]
    [InlineData("RhpThrowEx")]
    [InlineData("RhpRethrow")]
    [InlineData("RhpThrowHwEx")]
    [InlineData("RhpCallCatchFunclet")]
    [InlineData("RhpCallFilterFunclet")]
    [InlineData("RhpCallFinallyFunclet")]
    [InlineData("RhpSfiInit")]
    [InlineData("RhpSfiNext")]
    [InlineData("RhpEHEnumInitFromStackFrameIterator")]
    [InlineData("RhpEHEnumNext")]
    [InlineData("RhFindMethodStartAddress")]
    [InlineData("RhpGetClasslibFunctionFromCodeAddress")]
    [InlineData("RhpGetClasslibFunctionFromEEType")]
    [InlineData("RhpGetThreadAbortException")]
    public void ExceptionEntry_IsDefinedByUs(string symbol)
    {
        Assert.True(s_symbols.Value.TryGetValue(symbol, out char kind), $"{symbol} is not in the object at all");
        Assert.Equal('T', kind);
    }

    [Theory]
    [InlineData("RhThrowEx")]
    [InlineData("RhRethrow")]
    [InlineData("RhThrowHwEx")]
    [InlineData("GetRuntimeException")]
    [InlineData("RuntimeFailFast")]
    [InlineData("AppendExceptionStackFrame")]
    [InlineData("OnFirstChanceException")]
    [InlineData("OnUnhandledException")]
    [InlineData("GetSystemArrayEEType")]
    public void AssemblyImport_IsDefinedByCoreLib(string symbol)
    {
        Assert.True(s_symbols.Value.TryGetValue(symbol, out char kind), $"{symbol} is not in the object at all");
        Assert.Equal('T', kind);
    }

    [Fact]
    public void OnlyTheThreadLayersSlotRemains()
    {
        string[] ours = s_symbols.Value.Where(s => s.Value == 'U' && s.Key.StartsWith("osv_", StringComparison.Ordinal))
            .Select(s => s.Key).ToArray();
        Assert.Equal(new[] { "osv_exinfo_head_slot" }, ours);
    }

    private static Dictionary<string, char> Build()
    {
        string sources = Path.Combine(AppContext.BaseDirectory, "Exceptions", "RuntimeSources");
        string script = Path.Combine(AppContext.BaseDirectory, "Exceptions", "Fixture", "check-exports.sh");
        byte[] content = Directory.GetFiles(sources).Order().Append(script)
            .Append(Path.Combine(AppContext.BaseDirectory, "Exceptions", "Fixture", "EhFixture.cs"))
            .SelectMany(File.ReadAllBytes).ToArray();
        string cache = Path.Combine(Path.GetTempPath(), "osv-eh-exports-" + Convert.ToHexString(SHA256.HashData(content))[..16]);
        string symbols = Path.Combine(cache, "symbols.txt");
        if (!File.Exists(symbols))
        {
            string staging = cache + ".tmp-" + Environment.ProcessId;
            Directory.CreateDirectory(staging);
            EhFixtureBuild.Run("sh", script, staging, sources);
            Directory.CreateDirectory(cache);
            File.Move(Path.Combine(staging, "symbols.txt"), symbols, overwrite: true);
            Directory.Delete(staging, recursive: true);
        }
        var table = new Dictionary<string, char>();
        foreach (string line in File.ReadAllLines(symbols))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2)
                table[words[^1]] = words[^2][0]; // "addr T name" or "U name"
        }
        return table;
    }
}
