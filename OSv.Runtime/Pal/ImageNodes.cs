// What a canonical path names in the image (ImageFileSystem): a file, a directory (implied by the
// files below it; "/" always) or nothing, with the inode number the PAL reports for it. Files'
// inodes are their data addresses (distinct and stable while the image runs); directories' are a
// 62-bit FNV-1a hash of their path with bit 62 set, so the two ranges never meet.
using System;
using OSv.Core.Files;

namespace OSv.Runtime.Pal
{
    internal enum ImageNodeKind
    {
        Missing,
        File,
        Directory,
    }

    internal unsafe readonly struct ImageNode
    {
        public readonly ImageNodeKind Kind;
        public readonly byte* Data;
        public readonly long Length;
        public readonly long Inode;

        private ImageNode(ImageNodeKind kind, byte* data, long length, long inode)
        {
            Kind = kind;
            Data = data;
            Length = length;
            Inode = inode;
        }

        public static ImageNode Find(ReadOnlySpan<byte> canonicalPath)
        {
            if (!PathResolution.IsRoot(canonicalPath) && ImageFileSystem.TryOpen(canonicalPath, out ImageFile file))
                return new ImageNode(ImageNodeKind.File, file.Data, file.Length, (long)file.Data | 1);
            if (ImageFileSystem.IsDirectory(canonicalPath))
                return new ImageNode(ImageNodeKind.Directory, null, 0, DirectoryInode(canonicalPath));
            return default;
        }

        public FileStatus Status() =>
            Kind == ImageNodeKind.File ? FileStatus.ForFile(Length, Inode) : FileStatus.ForDirectory(Inode);

        private static long DirectoryInode(ReadOnlySpan<byte> path)
        {
            ulong hash = 0xCBF29CE484222325UL;
            foreach (byte b in path)
                hash = (hash ^ b) * 0x100000001B3UL;
            return (long)(hash & ((1UL << 62) - 1)) | (1L << 62);
        }
    }
}
