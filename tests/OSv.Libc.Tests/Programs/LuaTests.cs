// Tier 2: Debian's unmodified lua5.4 (a PIE needing libreadline.so.8, libtinfo.so.6, libm and
// libc), loaded into this process with its shared objects from the host's library directory,
// runs tests/fixtures/lua/features.lua with output identical to the host's lua5.4.
using System.IO;
using OSv.Core.Files;
using OSv.Libc.Process;
using OSv.Loader.Linking;
using Xunit;

namespace OSv.Libc.Tests.Programs
{
    [Collection(ProgramsCollection.Name)]
    public class LuaTests
    {
        private const string Interpreter = "/usr/bin/lua5.4";
        private const string LibraryDirectory = "/lib/x86_64-linux-gnu";

        [Fact]
        public void FeaturesScript_SameOutputAsHostLua()
        {
            Assert.True(File.Exists(Interpreter), Interpreter + " is missing: install Debian's lua5.4 (.ci/run does)");
            string scripts = Path.Combine(ProgramFixtures.RepositoryRoot, "tests", "fixtures", "lua");
            ProgramRun native = ProgramFixtures.RunNativeFile(Interpreter, new[] { Path.Combine(scripts, "features.lua") });
            Assert.Equal(0, native.ExitStatus);

            ImageFileSystem.Mount(scripts, "/lua");
            using var capture = new ConsoleCapture();
            using var files = new HostDirectoryObjectFiles(LibraryDirectory);
            ProgramResult result = LinuxProgram.Run(files, Interpreter, new[] { "lua5.4", "/lua/features.lua" }, new string[0]);

            Assert.True(result.Error == null, result.Error);
            Assert.Equal(native.Output, capture.Text);
            Assert.Equal(0, result.ExitStatus);
        }
    }
}
