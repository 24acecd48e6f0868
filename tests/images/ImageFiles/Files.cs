// Reads every file of the image through ImageFileSystem and checks lookups of files, folders
// and names that are not there.
using System;
using OSv.Core.Files;

internal static unsafe class Files
{
    // FNV-1a, 64 bits: a checksum the host recomputes (tests/OSv.Image.Tests/ImageFiles).
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static void Report()
    {
        int count = ImageFileSystem.Count;
        Console.WriteLine("file count " + count.ToString());
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> path = ImageFileSystem.PathAt(i);
            bool opened = ImageFileSystem.TryOpen(path, out ImageFile file);
            Check.That("files.open.listed." + i.ToString(), opened);
            Check.Equal("files.length.matches." + i.ToString(), ImageFileSystem.LengthAt(i), file.Length);
            Check.That("files.data.aligned." + i.ToString(), ((ulong)file.Data & 15) == 0);
            Console.WriteLine("file " + Text(path) + " bytes=" + file.Length.ToString() + " lines=" + Lines(file).ToString() + " fnv=" + Fnv(file).ToString("x"));
        }
    }

    public static void Lookups()
    {
        Check.That("files.open.text", ImageFileSystem.TryOpen("/data/poem.txt"u8, out ImageFile poem) && poem.Length > 0);
        Check.That("files.open.nested", ImageFileSystem.TryOpen("/data/notes/numbers.txt"u8, out _));
        Check.That("files.open.binary.over.100k", ImageFileSystem.TryOpen("/bin/ls"u8, out ImageFile ls) && ls.Length > 100 * 1024);
        Check.That("files.binary.is.elf", ls.Length > 4 && ls.Data[0] == 0x7F && ls.Data[1] == (byte)'E' && ls.Data[2] == (byte)'L' && ls.Data[3] == (byte)'F');
        Check.That("files.open.missing.fails", !ImageFileSystem.TryOpen("/data/missing.txt"u8, out _));
        Check.That("files.open.folder.fails", !ImageFileSystem.TryOpen("/data"u8, out _));
        Check.That("files.open.relative.fails", !ImageFileSystem.TryOpen("data/poem.txt"u8, out _));
        Check.That("files.open.dotdot.fails", !ImageFileSystem.TryOpen("/data/notes/../poem.txt"u8, out _));
        Check.That("files.dir.root", ImageFileSystem.IsDirectory("/"u8));
        Check.That("files.dir.data", ImageFileSystem.IsDirectory("/data"u8));
        Check.That("files.dir.nested.trailing.slash", ImageFileSystem.IsDirectory("/data/notes/"u8));
        Check.That("files.dir.file.is.not", !ImageFileSystem.IsDirectory("/bin/ls"u8));
        Check.That("files.dir.prefix.is.not", !ImageFileSystem.IsDirectory("/dat"u8));
        Check.That("files.path.out.of.range.empty", ImageFileSystem.PathAt(ImageFileSystem.Count).Length == 0);
    }

    private static long Lines(ImageFile file)
    {
        long lines = 0;
        for (long i = 0; i < file.Length; i++)
        {
            if (file.Data[i] == (byte)'\n')
                lines++;
        }
        return lines;
    }

    private static ulong Fnv(ImageFile file)
    {
        ulong hash = FnvOffsetBasis;
        for (long i = 0; i < file.Length; i++)
            hash = (hash ^ file.Data[i]) * FnvPrime;
        return hash;
    }

    // Paths here are ASCII.
    private static string Text(ReadOnlySpan<byte> path)
    {
        char[] chars = new char[path.Length];
        for (int i = 0; i < path.Length; i++)
            chars[i] = (char)path[i];
        return new string(chars);
    }
}
