// Every SystemNative_* export of the PAL against the pinned CoreLib's declarations of it: the
// marshalled signature is the contract, so a parameter of the wrong width or a missing one fails
// here rather than as a corrupted call in an image. Also: the exports cover everything a probe
// app using threads, Task, Parallel, Console, Environment and File reads leaves undefined.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public class ExportSignatureTests
    {
        private static readonly Lazy<Dictionary<string, HashSet<string>>> s_declarations = new(PinnedPInvokeDeclarations.Load);

        internal static IEnumerable<(string Entry, MethodInfo Method)> Exports() =>
            typeof(PalHeap).Assembly.GetTypes()
                .Where(t => t.Namespace == "OSv.Runtime.Pal")
                .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
                .Select(m => (Attribute: m.GetCustomAttribute<RuntimeExportAttribute>(), Method: m))
                .Where(x => x.Attribute != null && x.Attribute.EntryPoint.StartsWith("SystemNative_", StringComparison.Ordinal))
                .Select(x => (x.Attribute!.EntryPoint, x.Method));

        private static string SignatureOf(MethodInfo method) =>
            PinnedPInvokeDeclarations.AbiClassOf(method.ReturnType) + "(" +
            string.Join(",", method.GetParameters().Select(p => PinnedPInvokeDeclarations.AbiClassOf(p.ParameterType))) + ")";

        [Fact]
        public void EveryExport_MatchesEveryPinnedDeclaration()
        {
            var mismatches = new List<string>();
            foreach ((string entry, MethodInfo method) in Exports())
            {
                if (!s_declarations.Value.TryGetValue(entry, out HashSet<string>? declared))
                {
                    mismatches.Add(entry + ": not declared by the pinned framework");
                    continue;
                }
                string ours = SignatureOf(method);
                foreach (string theirs in declared)
                {
                    if (theirs != ours)
                        mismatches.Add(entry + ": ours " + ours + ", pinned " + theirs);
                }
            }
            Assert.Empty(mismatches);
        }

        [Fact]
        public void PinnedDeclarations_AreDecodedByAbiClass()
        {
            Assert.Equal(new[] { "i4(ptr,ptr,i4)" }, s_declarations.Value["SystemNative_Read"]);
            Assert.Equal(new[] { "ptr(ptr,i8,i4,i4,ptr,i8)" }, s_declarations.Value["SystemNative_MMap"]);
            Assert.Equal(new[] { "i4(i4)" }, s_declarations.Value["SystemNative_ConvertErrorPlatformToPal"]);
            Assert.True(Exports().Count() >= 90);
        }

        [Fact]
        public void EachEntryPoint_IsExportedOnce()
        {
            var duplicates = Exports().GroupBy(e => e.Entry).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.Empty(duplicates);
        }

        // The SystemNative_* symbols ilc 10.0.12 leaves undefined for the console hello of issue 4
        // (/tmp/rc/h2.o) and for a probe using Thread, Task, Parallel, ThreadPool, Timer,
        // Console.Error/ReadLine, Environment, File.ReadAll*, FileStream, Guid and Random.
        private static readonly string[] s_probeImports =
        {
            "Abort", "CanGetHiddenFlag", "Close", "CloseDir", "ConvertErrorPalToPlatform", "ConvertErrorPlatformToPal",
            "CreateThread", "Dup", "Exit", "FAllocate", "FLock", "FStat", "FSync", "FTruncate", "Free",
            "GetControlCharacters", "GetCpuUtilization", "GetCryptographicallySecureRandomBytes", "GetCwd", "GetEGid",
            "GetEUid", "GetEnv", "GetErrNo", "GetFileSystemType", "GetGroups", "GetLowResolutionTimestamp",
            "GetNonCryptographicallySecureRandomBytes", "GetPwUidR", "GetSystemTimeAsTicks", "GetTimestamp",
            "GetWindowSize", "InitializeConsoleBeforeRead", "InitializeTerminalAndSignalHandling", "IsATty",
            "LChflagsCanSetHiddenFlag", "LSeek", "LStat", "LogError", "LowLevelMonitor_Acquire", "LowLevelMonitor_Create",
            "LowLevelMonitor_Destroy", "LowLevelMonitor_Release", "LowLevelMonitor_Signal_Release",
            "LowLevelMonitor_TimedWait", "LowLevelMonitor_Wait", "MMap", "MProtect", "MUnmap", "Malloc", "Open",
            "OpenDir", "PRead", "PWrite", "Poll", "PosixFAdvise", "Read", "ReadDir", "ReadLink", "ReadStdin",
            "SNPrintF_1I", "SNPrintF_1S", "SchedGetCpu", "SetErrNo", "SetKeypadXmit", "SetTerminalInvalidationHandler",
            "Stat", "StrErrorR", "UninitializeConsoleAfterRead", "UninitializeTerminal", "Unlink", "Write",
        };

        [Fact]
        public void ProbeImports_AreAllExported()
        {
            var exported = Exports().Select(e => e.Entry).ToHashSet();
            var missing = s_probeImports.Select(name => "SystemNative_" + name).Where(name => !exported.Contains(name));
            Assert.Empty(missing);
        }
    }
}
