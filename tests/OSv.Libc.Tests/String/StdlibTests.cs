// rand/srand/random/srandom/rand_r give glibc's exact sequences; abs, div, ldiv and lldiv give
// C's results, and their struct returns reach gcc-compiled code in the registers the psABI says
// (checked by a small shared object built with gcc during the test run that calls our exports).
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class StdlibTests
    {
        [Theory]
        [InlineData(0u)]
        [InlineData(1u)]
        [InlineData(42u)]
        [InlineData(2147483647u)]
        [InlineData(2147483648u)]
        [InlineData(4294967295u)]
        public void RandAfterSrand_FirstThousandValues_EqualGlibcs(uint seed)
        {
            var generator = new OSv.Libc.String.RandomGenerator();
            var hostSrandom = (delegate* unmanaged<uint, void>)CLibraries.Host("srandom");
            var hostRandom = (delegate* unmanaged<long>)CLibraries.Host("random");
            // The host's generator is process-wide: seed and read it in one go.
            long[] expected = new long[1000];
            lock (typeof(StdlibTests))
            {
                hostSrandom(seed);
                for (int i = 0; i < expected.Length; i++)
                    expected[i] = hostRandom();
            }
            generator.Seed(seed);
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], generator.Next());
        }

        [Fact]
        public void UnseededGenerator_BehavesAsSeededWithOne()
        {
            var unseeded = new OSv.Libc.String.RandomGenerator();
            var seeded = new OSv.Libc.String.RandomGenerator();
            seeded.Seed(1);
            for (int i = 0; i < 100; i++)
                Assert.Equal(seeded.Next(), unseeded.Next());
        }

        [Fact]
        public void RandExports_SrandThenRand_EqualGlibcs()
        {
            var srand = (delegate* unmanaged<uint, void>)CLibraries.Ours("srand");
            var rand = (delegate* unmanaged<int>)CLibraries.Ours("rand");
            var random = (delegate* unmanaged<long>)CLibraries.Ours("random");
            var hostSrand = (delegate* unmanaged<uint, void>)CLibraries.Host("srand");
            var hostRand = (delegate* unmanaged<int>)CLibraries.Host("rand");
            int[] expected = new int[200];
            lock (typeof(StdlibTests))
            {
                hostSrand(7);
                for (int i = 0; i < expected.Length; i++)
                    expected[i] = hostRand();
            }
            srand(7);
            for (int i = 0; i < expected.Length; i += 2)
            {
                Assert.Equal(expected[i], rand());
                Assert.Equal(expected[i + 1], random());
            }
        }

        [Fact]
        public void RandR_EqualsGlibcsForManySeeds()
        {
            var ours = (delegate* unmanaged<uint*, int>)CLibraries.Ours("rand_r");
            var host = (delegate* unmanaged<uint*, int>)CLibraries.Host("rand_r");
            var random = new Random(80);
            for (int trial = 0; trial < 10_000; trial++)
            {
                uint oursSeed = (uint)random.NextInt64(), hostSeed = oursSeed;
                Assert.Equal(host(&hostSeed), ours(&oursSeed));
                Assert.Equal(hostSeed, oursSeed);
            }
        }

        [Fact]
        public void Abs_MatchesGlibcIncludingTheMinimum()
        {
            var abs = (delegate* unmanaged<int, int>)CLibraries.Ours("abs");
            var labs = (delegate* unmanaged<long, long>)CLibraries.Ours("labs");
            Assert.Equal(5, abs(-5));
            Assert.Equal(int.MinValue, abs(int.MinValue));
            Assert.Equal(long.MaxValue, labs(-long.MaxValue));
            Assert.Equal(long.MinValue, labs(long.MinValue));
        }

        private const string DivisionShim = @"
#include <stdlib.h>
typedef div_t (*div_fn)(int, int);
typedef ldiv_t (*ldiv_fn)(long, long);
typedef lldiv_t (*lldiv_fn)(long long, long long);
long call_div(div_fn f, int n, int d, int *rem) { div_t r = f(n, d); *rem = r.rem; return r.quot; }
long call_ldiv(ldiv_fn f, long n, long d, long *rem) { ldiv_t r = f(n, d); *rem = r.rem; return r.quot; }
long call_lldiv(lldiv_fn f, long long n, long long d, long long *rem) { lldiv_t r = f(n, d); *rem = r.rem; return r.quot; }
";

        [Fact]
        public void DivLdivLldiv_CalledFromGccCode_ReturnQuotientAndRemainderInTheRightRegisters()
        {
            nint library = NativeLibrary.Load(GccFixture.BuildSharedObject("division", DivisionShim));
            var callDiv = (delegate* unmanaged<nint, int, int, int*, long>)NativeLibrary.GetExport(library, "call_div");
            var callLdiv = (delegate* unmanaged<nint, long, long, long*, long>)NativeLibrary.GetExport(library, "call_ldiv");
            var callLldiv = (delegate* unmanaged<nint, long, long, long*, long>)NativeLibrary.GetExport(library, "call_lldiv");
            var random = new Random(90);
            for (int trial = 0; trial < 2_000; trial++)
            {
                int n = random.Next(int.MinValue, int.MaxValue), d = random.Next(-1000, 1000);
                if (d == 0)
                    continue;
                int remainder;
                Assert.Equal(n / d, callDiv(CLibraries.Ours("div"), n, d, &remainder));
                Assert.Equal(n % d, remainder);
                long ln = random.NextInt64(long.MinValue, long.MaxValue), ld = random.NextInt64(-1L << 40, 1L << 40) | 1, lr;
                Assert.Equal(ln / ld, callLdiv(CLibraries.Ours("ldiv"), ln, ld, &lr));
                Assert.Equal(ln % ld, lr);
                Assert.Equal(ln / ld, callLldiv(CLibraries.Ours("lldiv"), ln, ld, &lr));
                Assert.Equal(ln % ld, lr);
            }
        }

        [Fact]
        public void Div_ZeroDivisorAndOverflow_DoNotTrap()
        {
            nint library = NativeLibrary.Load(GccFixture.BuildSharedObject("division", DivisionShim));
            var callDiv = (delegate* unmanaged<nint, int, int, int*, long>)NativeLibrary.GetExport(library, "call_div");
            var callLdiv = (delegate* unmanaged<nint, long, long, long*, long>)NativeLibrary.GetExport(library, "call_ldiv");
            int remainder;
            long longRemainder;
            Assert.Equal(0, callDiv(CLibraries.Ours("div"), 7, 0, &remainder));
            Assert.Equal(int.MinValue, callDiv(CLibraries.Ours("div"), int.MinValue, -1, &remainder));
            Assert.Equal(0, remainder);
            Assert.Equal(long.MinValue, callLdiv(CLibraries.Ours("ldiv"), long.MinValue, -1, &longRemainder));
        }
    }

    /// <summary>Builds small C sources with the host's gcc into shared objects, once per name.</summary>
    internal static class GccFixture
    {
        private static readonly object s_lock = new();

        public static string BuildSharedObject(string name, string source)
        {
            lock (s_lock)
            {
                string directory = Path.Combine(Path.GetTempPath(), "osv-libc-tests-" + Environment.ProcessId);
                Directory.CreateDirectory(directory);
                string output = Path.Combine(directory, name + ".so");
                if (File.Exists(output))
                    return output;
                string input = Path.Combine(directory, name + ".c");
                File.WriteAllText(input, source);
                using var gcc = System.Diagnostics.Process.Start(new ProcessStartInfo("gcc", $"-O2 -shared -fPIC -o {output} {input}")
                {
                    RedirectStandardError = true,
                })!;
                string errors = gcc.StandardError.ReadToEnd();
                gcc.WaitForExit();
                Assert.True(gcc.ExitCode == 0, "gcc failed: " + errors);
                return output;
            }
        }
    }
}
