// Archives for the reader's tests: built by the SDK's writer (the build's own code path), patched
// by offset to make bad ones, and placed so that a read past the end faults at once.
using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Core.Files;
using OSv.Sdk;

namespace OSv.Core.Tests.Files
{
    internal static unsafe class ArchiveFixtures
    {
        public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

        public static byte[] Build(params (string Path, string Content)[] files)
        {
            var list = new ImageArchiveFile[files.Length];
            for (int i = 0; i < files.Length; i++)
                list[i] = new ImageArchiveFile(files[i].Path, Bytes(files[i].Content));
            return ImageArchiveWriter.Build(list);
        }

        // Three files in two folders, deliberately listed out of order.
        public static byte[] Sample() => Build(
            ("/lib/libtinfo.so.6", "tinfo"),
            ("/lua5.4", "\u007fELF lua"),
            ("/lib/x86_64/libc.so.6", "libc, sixteen+ bytes of it"));

        public static ImageArchiveError Open(byte[] archive, out ImageArchive opened)
        {
            fixed (byte* data = archive)
                return ImageArchive.TryOpen(data, archive.Length, out opened);
        }

        public static void PutUInt32(byte[] archive, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(offset), value);

        public static void PutUInt64(byte[] archive, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(archive.AsSpan(offset), value);

        public static int EntryOffset(int index) => ImageArchive.HeaderBytes + index * ImageArchive.EntryBytes;
    }

    // Memory whose last byte is followed by an inaccessible page (mmap + mprotect), so a reader
    // that strays past its input crashes the test run instead of reading garbage quietly.
    internal sealed unsafe class GuardedBuffer : IDisposable
    {
        private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2;
        private const int MapPrivate = 0x02, MapAnonymous = 0x20;
        private const long PageBytes = 4096;

        private readonly byte* _mapping;
        private readonly nuint _mappingBytes;
        private readonly long _capacityBytes;

        public GuardedBuffer(long capacityBytes)
        {
            _capacityBytes = (capacityBytes + PageBytes - 1) / PageBytes * PageBytes;
            _mappingBytes = (nuint)(_capacityBytes + PageBytes);
            _mapping = (byte*)mmap(null, _mappingBytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if ((nint)_mapping == -1)
                throw new InvalidOperationException("mmap failed");
            if (mprotect(_mapping + _capacityBytes, (nuint)PageBytes, ProtNone) != 0)
                throw new InvalidOperationException("mprotect failed");
        }

        // Copies bytes so that they end right at the guard page; returns where they start.
        public byte* Place(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > _capacityBytes)
                throw new ArgumentException("too large for the buffer");
            byte* start = _mapping + _capacityBytes - bytes.Length;
            bytes.CopyTo(new Span<byte>(start, bytes.Length));
            return start;
        }

        public void Dispose() => munmap(_mapping, _mappingBytes);

        [DllImport("libc", SetLastError = true)]
        private static extern void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

        [DllImport("libc", SetLastError = true)]
        private static extern int mprotect(void* address, nuint length, int protection);

        [DllImport("libc", SetLastError = true)]
        private static extern int munmap(void* address, nuint length);
    }
}
