// TEMPORARY STAND-IN (H5, stdio): the image filesystem contract from the shared brief of issue 8,
// owned by H6 in OSv.Core/Files. It exists only so OSv.Libc builds before H6's work merges;
// delete this file and ImageFileSystemStandIn.Hosted.cs/.Metal.cs when it does. It implements
// exactly the contracted API: a flat table of (absolute path, bytes) entries; metal has none.
namespace OSv.Core.Files
{
    using System;

    public readonly unsafe struct ImageFile
    {
        public ImageFile(byte* data, long length)
        {
            Data = data;
            Length = length;
        }

        public byte* Data { get; }

        public long Length { get; }
    }

    public static unsafe partial class ImageFileSystem
    {
        private const int EntryCountMax = 4096;
        private static readonly byte[][] s_paths = new byte[EntryCountMax][];
        private static readonly nint[] s_data = new nint[EntryCountMax];
        private static readonly long[] s_lengths = new long[EntryCountMax];
        private static int s_count;

        public static int Count => s_count;

        public static ReadOnlySpan<byte> PathAt(int index) => s_paths[index];

        public static bool TryOpen(ReadOnlySpan<byte> absolutePath, out ImageFile file)
        {
            for (int i = 0; i < s_count; i++)
            {
                if (absolutePath.SequenceEqual(s_paths[i]))
                {
                    file = new ImageFile((byte*)s_data[i], s_lengths[i]);
                    return true;
                }
            }
            file = default;
            return false;
        }

        private static void AddEntry(byte[] path, byte* data, long length)
        {
            if (s_count >= EntryCountMax)
                return;
            s_paths[s_count] = path;
            s_data[s_count] = (nint)data;
            s_lengths[s_count] = length;
            s_count++;
        }
    }
}
