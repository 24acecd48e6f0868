// Debian's unmodified lua5.4 with libreadline.so.8 and libtinfo.so.6 (the tier-2 target,
// installed on the build host by the lua5.4 package) parses, maps and relocates completely, with
// libc and libm left to the host. Nothing runs (executeObjectCode false; the fake host gives every
// C-library name a zeroed buffer): this checks the loader accepts what a real toolchain emits
// (~4,300 relocations of five types, three COPY relocations, versioned symbol tables).
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Loader.Linking;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Loader.Tests
{
    public sealed unsafe class DistributionObjectTests
    {
        private const string Lua = "/usr/bin/lua5.4";
        private const string LibraryDirectory = "/usr/lib/x86_64-linux-gnu";
        private readonly ITestOutputHelper _output;

        public DistributionObjectTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void LoadExecutable_DebianLua54_MapsAndRelocatesWithDependencies()
        {
            Assert.True(File.Exists(Lua), Lua + " is missing: install the lua5.4 package (apt-get install lua5.4)");
            using var files = new HostDirectoryObjectFiles(LibraryDirectory);
            var host = new CLibraryHost();
            var linker = new DynamicLinker(host, files, executeObjectCode: false);
            var clock = Stopwatch.StartNew();
            LoadResult result = linker.LoadExecutable(Encoding.UTF8.GetBytes(Lua));
            clock.Stop();
            Assert.True(result.Ok, result.Error);
            _output.WriteLine($"lua5.4 + libreadline + libtinfo loaded and relocated in {clock.Elapsed.TotalMilliseconds:F2} ms (file reads included)");
            Assert.Equal(3, linker.ObjectCount);
            Assert.Equal("libreadline.so.8", Encoding.UTF8.GetString(linker.ObjectAt(1).Soname));
            Assert.Equal("libtinfo.so.6", Encoding.UTF8.GetString(linker.ObjectAt(2).Soname));
            Assert.NotEqual(0, linker.Symbol(0, "readline"u8));
            Assert.NotEqual(0, linker.Symbol(0, "tgetent"u8));
            Assert.Empty(host.MissingFunctions);
        }

        private sealed class CLibraryHost : IHostSymbols
        {
            private readonly nint _buffer = (nint)NativeMemory.AllocZeroed(4096);
            public readonly System.Collections.Generic.List<string> MissingFunctions = new();

            public bool ProvidesLibrary(ReadOnlySpan<byte> soname) =>
                soname.SequenceEqual("libc.so.6"u8) || soname.SequenceEqual("libm.so.6"u8);

            public nint Lookup(ReadOnlySpan<byte> name) => _buffer;

            public nint MissingFunctionStub(ReadOnlySpan<byte> name)
            {
                MissingFunctions.Add(Encoding.UTF8.GetString(name));
                return _buffer;
            }
        }
    }
}
