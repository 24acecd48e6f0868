// The host's glibc as the reference: compiles tests/fixtures/c/format/oracle.c with gcc once per
// test run into a temporary shared object and exposes its entry points as function pointers.
namespace OSv.Libc.Tests.Format
{
    using System;
    using System.Diagnostics;
    using System.IO;
    using System.Runtime.InteropServices;

    internal static unsafe class GlibcOracle
    {
        private static readonly object Gate = new();
        private static nint s_library;

        public static nint Symbol(string name)
        {
            lock (Gate)
            {
                if (s_library == 0)
                    s_library = NativeLibrary.Load(Compile());
            }
            return NativeLibrary.GetExport(s_library, name);
        }

        public static delegate* unmanaged<byte*, nuint, byte*, void*, int> VFormat =>
            (delegate* unmanaged<byte*, nuint, byte*, void*, int>)Symbol("oracle_vformat");

        public static delegate* unmanaged<byte*, byte*, void*, int> VScan =>
            (delegate* unmanaged<byte*, byte*, void*, int>)Symbol("oracle_vscan");

        public static delegate* unmanaged<byte*, long*, int*, double> StringToDouble =>
            (delegate* unmanaged<byte*, long*, int*, double>)Symbol("oracle_strtod");

        public static delegate* unmanaged<byte*, long*, int*, float> StringToFloat =>
            (delegate* unmanaged<byte*, long*, int*, float>)Symbol("oracle_strtof");

        public static delegate* unmanaged<byte*, int, long*, int*, long> StringToLong =>
            (delegate* unmanaged<byte*, int, long*, int*, long>)Symbol("oracle_strtol");

        public static delegate* unmanaged<byte*, int, long*, int*, ulong> StringToUnsignedLong =>
            (delegate* unmanaged<byte*, int, long*, int*, ulong>)Symbol("oracle_strtoul");

        public static delegate* unmanaged<int, byte*> ErrorString =>
            (delegate* unmanaged<int, byte*>)Symbol("oracle_strerror");

        public static delegate* unmanaged<byte*, nuint, byte*, void*, int*, int> VFormatWithErrno =>
            (delegate* unmanaged<byte*, nuint, byte*, void*, int*, int>)Symbol("oracle_vformat_errno");

        private static string Compile()
        {
            string source = Path.Combine(RepositoryRoot(), "tests", "fixtures", "c", "format", "oracle.c");
            string output = Path.Combine(Path.GetTempPath(), $"osv-format-oracle-{Environment.ProcessId}.so");
            var start = new ProcessStartInfo("gcc", $"-shared -fPIC -O1 -o \"{output}\" \"{source}\"")
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process gcc = Process.Start(start)!;
            string errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
                throw new InvalidOperationException("gcc failed on oracle.c: " + errors);
            return output;
        }

        private static string RepositoryRoot()
        {
            string? directory = AppContext.BaseDirectory;
            while (directory != null && !File.Exists(Path.Combine(directory, "OSv.sln")))
                directory = Path.GetDirectoryName(directory);
            return directory ?? throw new InvalidOperationException("repository root (OSv.sln) not found");
        }
    }
}
