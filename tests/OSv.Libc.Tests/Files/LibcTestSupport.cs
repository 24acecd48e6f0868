// Shared by the file and stdio tests: the C library's exports by name (through the same
// ExportTable a loaded object binds to), C strings, errno, a mounted temporary image folder,
// and a redirected console. The file and stream tables, the console and the current directory
// are process-wide, so every test touching them is in one non-parallel collection.
namespace OSv.Libc.Tests.Files
{
    using System;
    using System.IO;
    using System.Runtime.InteropServices;
    using System.Text;
    using OSv.Libc.Abi;
    using Xunit;

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class LibcIoCollection
    {
        public const string Name = "Libc I/O (process-wide descriptor and stream tables)";
    }

    public static unsafe class Libc
    {
        private static readonly ExportTable s_table = OSv.Libc.Tests.Misc.TestExports.Build(
            OSv.Libc.Errors.ErrnoExports.Register, OSv.Libc.Files.FileExports.Register, OSv.Libc.Stdio.StdioExports.Register);

        public static ExportTable Table => s_table;

        /// <summary>The export's address; fails the test if it is missing.</summary>
        public static nint Function(string name) => OSv.Libc.Tests.Misc.TestExports.Require(s_table, name);

        public static int CurrentErrno => *((delegate* unmanaged<int*>)Function("__errno_location"))();

        public static void ClearErrno() => *((delegate* unmanaged<int*>)Function("__errno_location"))() = 0;

        /// <summary>A NUL-terminated copy of <paramref name="text"/> in unmanaged memory (leaked:
        /// tests make a few).</summary>
        public static byte* C(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            byte* copy = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(copy, bytes.Length));
            return copy;
        }

        public static string FromC(byte* text) => text == null ? "<null>" : Marshal.PtrToStringUTF8((nint)text)!;
    }

    /// <summary>A temporary host folder mounted as /data in the image filesystem, with the
    /// console redirected to memory, reset after each test.</summary>
    public sealed class MountedFolder : IDisposable
    {
        public const string ImagePrefix = "/data";

        public MountedFolder()
        {
            HostPath = Path.Combine(Path.GetTempPath(), "osv-libc-io-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(HostPath);
            Output = new MemoryStream();
            Error = new MemoryStream();
            OSv.Libc.Files.LibcConsole.SetOutput(Output, Error);
            OSv.Libc.Files.LibcConsole.SetInput(Array.Empty<byte>());
            OSv.Libc.Stdio.Streams.ResetStandardStreams();
        }

        public string HostPath { get; }

        public MemoryStream Output { get; }

        public MemoryStream Error { get; }

        public string OutputText => Encoding.UTF8.GetString(Output.ToArray());

        public string ErrorText => Encoding.UTF8.GetString(Error.ToArray());

        public void AddFile(string relativePath, string contents) => AddFile(relativePath, Encoding.UTF8.GetBytes(contents));

        public void AddFile(string relativePath, byte[] contents)
        {
            string path = Path.Combine(HostPath, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, contents);
        }

        /// <summary>Mounts what was added (call once, after the AddFile calls).</summary>
        public void Mount() => OSv.Core.Files.ImageFileSystem.Mount(HostPath, ImagePrefix);

        public void Dispose()
        {
            OSv.Core.Files.ImageFileSystem.Reset();
            OSv.Libc.Stdio.Streams.ResetStandardStreams();
            OSv.Libc.Files.LibcConsole.Reset();
            Directory.Delete(HostPath, recursive: true);
        }
    }
}
