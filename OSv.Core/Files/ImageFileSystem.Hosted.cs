// Hosted: the image's files are whatever the process mounted: host folders (Mount(folder,
// prefix): each file is read into unmanaged memory) or archives already in memory (Mount(archive,
// length): validated, then used in place). Mounting is additive and the later mount of a path
// wins, so test classes running in parallel can mount the fixtures they need (the same folder
// twice is harmless). Reset() forgets every mount (tests).
//
// Lookups read an immutable snapshot (sorted entries whose paths and data live in unmanaged
// memory that is never freed, so a pointer or span handed out stays valid even after a later
// mount or a Reset replaces the snapshot). Mounting builds a new snapshot under a lock and
// publishes it with one volatile write.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace OSv.Core.Files
{
    public static unsafe partial class ImageFileSystem
    {
        private static readonly object s_mountLock = new object();
        private static Table s_table = Table.Empty;

        private static Snapshot Current => new Snapshot(Volatile.Read(ref s_table));

        // Adds every file under hostDirectory (recursively) as imagePrefix + "/" + its relative
        // path ("/" as prefix: at the root). Returns the number of files mounted.
        public static int Mount(string hostDirectory, string imagePrefix)
        {
            string prefix = imagePrefix.TrimEnd('/');
            if (prefix.Length != 0 && !ImagePath.IsCanonical(Encoding.UTF8.GetBytes(prefix)))
                throw new ArgumentException("not an absolute canonical image path: '" + imagePrefix + "'", nameof(imagePrefix));
            string root = Path.GetFullPath(hostDirectory);
            if (!Directory.Exists(root))
                throw new DirectoryNotFoundException("no such folder to mount: " + root);
            var added = new List<Entry>();
            foreach (string hostFile in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, hostFile).Replace(Path.DirectorySeparatorChar, '/');
                byte[] content = File.ReadAllBytes(hostFile);
                added.Add(Entry.Copy(Encoding.UTF8.GetBytes(prefix + "/" + relative), content));
            }
            Publish(added);
            return added.Count;
        }

        // Adds the files of an archive in memory (format: ImageArchive.cs), read in place: the
        // caller keeps the bytes mapped and unchanged. Returns the number of files, or throws
        // naming what is wrong with the archive.
        public static int Mount(byte* archive, long lengthBytes)
        {
            ImageArchiveError error = ImageArchive.TryOpen(archive, lengthBytes, out ImageArchive opened);
            if (error != ImageArchiveError.None)
                throw new InvalidDataException("not a valid image archive: " + ImageArchive.Describe(error));
            var added = new List<Entry>(opened.Count);
            for (int i = 0; i < opened.Count; i++)
            {
                ReadOnlySpan<byte> path = opened.PathAt(i);
                fixed (byte* pathBytes = path)
                    added.Add(new Entry(pathBytes, path.Length, opened.DataAt(i), opened.LengthAt(i)));
            }
            Publish(added);
            return added.Count;
        }

        // Forgets every mount. Memory handed out earlier stays valid (it is never freed).
        public static void Reset()
        {
            lock (s_mountLock)
                Volatile.Write(ref s_table, Table.Empty);
        }

        private static void Publish(List<Entry> added)
        {
            lock (s_mountLock)
            {
                var byPath = new SortedDictionary<byte[], Entry>(PathComparer.Instance);
                foreach (Entry entry in s_table.Entries)
                    byPath[entry.PathArray()] = entry;
                foreach (Entry entry in added)
                    byPath[entry.PathArray()] = entry; // a later mount wins
                var entries = new Entry[byPath.Count];
                byPath.Values.CopyTo(entries, 0);
                var table = new Table(entries);
                CheckNoFileUnderFile(table);
                Volatile.Write(ref s_table, table);
            }
        }

        private static void CheckNoFileUnderFile(Table table)
        {
            var snapshot = new Snapshot(table);
            for (int i = 0; i < snapshot.Count; i++)
            {
                if (ImagePath.HasDescendant(ref snapshot, snapshot.PathAt(i)))
                    throw new InvalidOperationException("mounting would put files under the file " + Encoding.UTF8.GetString(snapshot.PathAt(i)));
            }
        }

        // One file: its NUL-terminated path and its data, both in memory that is never freed.
        private readonly struct Entry
        {
            public readonly byte* Path;
            public readonly int PathLength;
            public readonly byte* Data;
            public readonly long Length;

            public Entry(byte* path, int pathLength, byte* data, long length)
            {
                Path = path;
                PathLength = pathLength;
                Data = data;
                Length = length;
            }

            public ReadOnlySpan<byte> PathSpan => new ReadOnlySpan<byte>(Path, PathLength);

            public byte[] PathArray() => PathSpan.ToArray();

            public static Entry Copy(byte[] path, byte[] content)
            {
                if (!ImagePath.IsCanonical(path))
                    throw new ArgumentException("not a valid image path: " + Encoding.UTF8.GetString(path));
                byte* pathCopy = (byte*)NativeMemory.Alloc((nuint)path.Length + 1);
                path.CopyTo(new Span<byte>(pathCopy, path.Length));
                pathCopy[path.Length] = 0;
                // 16-byte aligned like the archive's data; at least one byte so Data is never null.
                byte* data = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, content.Length), ImageArchive.DataAlignmentBytes);
                content.CopyTo(new Span<byte>(data, content.Length));
                return new Entry(pathCopy, path.Length, data, content.Length);
            }
        }

        private sealed class Table
        {
            public static readonly Table Empty = new Table(Array.Empty<Entry>());

            public readonly Entry[] Entries;

            public Table(Entry[] entries) { Entries = entries; }
        }

        private sealed class PathComparer : IComparer<byte[]>
        {
            public static readonly PathComparer Instance = new PathComparer();

            public int Compare(byte[]? left, byte[]? right) => ImagePath.Compare(left, right);
        }

        // The lookups' view of the files: one published table.
        private readonly struct Snapshot : IImagePathList
        {
            private readonly Table _table;

            public Snapshot(Table table) { _table = table; }

            public int Count => _table.Entries.Length;

            public ReadOnlySpan<byte> PathAt(int index) => (uint)index < (uint)Count ? _table.Entries[index].PathSpan : default;

            public long LengthAt(int index) => (uint)index < (uint)Count ? _table.Entries[index].Length : 0;

            public byte* DataAt(int index) => (uint)index < (uint)Count ? _table.Entries[index].Data : null;
        }
    }
}
