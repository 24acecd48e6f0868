// Each C test program, loaded into this process by OSv.Loader with OSv.Libc as its C library,
// prints exactly what it prints when run natively on the host, and ends with the same status.
using Xunit;

namespace OSv.Libc.Tests.Programs
{
    [Collection(ProgramsCollection.Name)]
    public class ProgramTests
    {
        private static void AssertSameAsNative(string program, string[] arguments, params string[] environment)
        {
            ProgramRun native = ProgramFixtures.RunNative(program, arguments, environment);
            ProgramRun hosted = ProgramFixtures.RunHosted(program, arguments, environment);
            Assert.True(hosted.Error == null, hosted.Describe());
            Assert.Equal(native.Output, hosted.Output);
            Assert.Equal(native.ExitStatus, hosted.ExitStatus);
        }

        [Fact]
        public void Hello_ArgumentsAndEnvironment_SameAsNative() =>
            AssertSameAsNative("hello", new[] { "one", "two words", "" }, "OSV_GREETING=hi there");

        [Fact]
        public void Formats_PrintfScanfAndMath_SameAsNative() => AssertSameAsNative("formats", new string[0]);

        [Fact]
        public void MallocStress_SameAsNative() => AssertSameAsNative("malloc_stress", new string[0]);

        [Fact]
        public void Threads_MutexCondvarJoin_SameAsNative() => AssertSameAsNative("threads", new string[0]);

        [Fact]
        public void Jumps_SetjmpLongjmp_SameAsNative() => AssertSameAsNative("jumps", new string[0]);

        [Fact]
        public void Exits_AtexitOrderAndFlush_SameAsNative() => AssertSameAsNative("exits", new string[0]);

        [Fact]
        public void Dl_DlopenDlsymDlclose_SameAsNative() => AssertSameAsNative("dl", new string[0]);

        [Fact]
        public void Tls_SharedObjectThreadLocals_SameAsNative() => AssertSameAsNative("tls", new string[0]);

        // Hosted, %fs belongs to the .NET process: an executable whose code reads its own TLS
        // through it is refused up front (images run it: tests/OSv.Image.Tests/LinuxPrograms).
        [Fact]
        public void TlsInTheExecutable_Hosted_RefusedWithAReason()
        {
            ProgramRun hosted = ProgramFixtures.RunHosted("tls_exe", new string[0]);
            Assert.NotNull(hosted.Error);
            Assert.Contains("thread-local storage", hosted.Error);
            Assert.Equal("", hosted.Output);
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProgramsCollection
    {
        public const string Name = "C programs (one at a time: the console is captured)";
    }
}
