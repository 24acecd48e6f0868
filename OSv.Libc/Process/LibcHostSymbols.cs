// What OSv.Loader binds a program's undefined symbols to when no loaded object defines them:
// the C library's export table. The libraries glibc splits itself into (libc, libm, libpthread,
// libdl, librt, libutil, and ld.so itself) are all this one C library, so their DT_NEEDED
// entries are satisfied without a file.
namespace OSv.Libc.Process
{
    using System;
    using OSv.Libc.Abi;

    public sealed class LibcHostSymbols : OSv.Loader.Linking.IHostSymbols
    {
        private readonly ExportTable _exports;

        public LibcHostSymbols(ExportTable exports) => _exports = exports;

        public bool ProvidesLibrary(ReadOnlySpan<byte> soname) => IsProvidedLibrary(soname);

        public static bool IsProvidedLibrary(ReadOnlySpan<byte> soname) =>
            soname.SequenceEqual("libc.so.6"u8) || soname.SequenceEqual("libm.so.6"u8)
            || soname.SequenceEqual("libpthread.so.0"u8) || soname.SequenceEqual("libdl.so.2"u8)
            || soname.SequenceEqual("librt.so.1"u8) || soname.SequenceEqual("libutil.so.1"u8)
            || soname.SequenceEqual("ld-linux-x86-64.so.2"u8);

        public nint Lookup(ReadOnlySpan<byte> name) => _exports.Lookup(name);

        public nint MissingFunctionStub(ReadOnlySpan<byte> name) => MissingFunctions.StubFor(name);
    }
}
