// The two C libraries the tests compare: ours (the export table our areas register, looked up
// by name, as OSv.Loader would bind a program) and the host's glibc (NativeLibrary exports of
// libc.so.6). Both hand out raw function addresses that the tests call through unmanaged
// function pointers of the C signature.
using System;
using System.Runtime.InteropServices;
using OSv.Libc.Abi;

namespace OSv.Libc.Tests
{
    internal static unsafe class CLibraries
    {
        private static readonly Lazy<ExportTable> s_ours = new(() => OSv.Libc.Tests.Misc.TestExports.Build(
            OSv.Libc.Memory.MemoryExports.Register, OSv.Libc.String.StringExports.Register,
            OSv.Libc.String.CharacterExports.Register, OSv.Libc.String.StdlibExports.Register));

        private static readonly Lazy<nint> s_hostLibc = new(() => NativeLibrary.Load("libc.so.6"));

        public static ExportTable Table => s_ours.Value;

        /// <summary>Our export <paramref name="name"/>; fails the test if it is missing.</summary>
        public static nint Ours(string name) => OSv.Libc.Tests.Misc.TestExports.Require(Table, name);

        /// <summary>The host glibc's function <paramref name="name"/>.</summary>
        public static nint Host(string name) => NativeLibrary.GetExport(s_hostLibc.Value, name);
    }

    /// <summary>Unmanaged memory for one test: freed on Dispose, never moved by the GC.</summary>
    internal sealed unsafe class NativeBuffer : IDisposable
    {
        public NativeBuffer(int bytes)
        {
            Length = bytes;
            Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)System.Math.Max(bytes, 1), 64);
            new Span<byte>(Pointer, bytes).Clear();
        }

        public byte* Pointer { get; }
        public int Length { get; }
        public Span<byte> Span => new(Pointer, Length);

        /// <summary>A copy of <paramref name="text"/> with a NUL after it.</summary>
        public static NativeBuffer FromString(ReadOnlySpan<byte> text)
        {
            var buffer = new NativeBuffer(text.Length + 1);
            text.CopyTo(buffer.Span);
            return buffer;
        }

        public void Dispose() => NativeMemory.AlignedFree(Pointer);
    }
}
