// Metal: the archive the build linked into the kernel (section .osv_files, between the
// linker-script symbols __osv_files_start and __osv_files_end), validated once at boot and then
// read in place: no copy, no allocation, no lock (it never changes).
using System;
using OSv.Core.Arch.X64;

namespace OSv.Core.Files
{
    public static unsafe partial class ImageFileSystem
    {
        private static ImageArchive s_archive;

        private static Snapshot Current => new Snapshot(s_archive);

        // Boot, before the application runs: an archive that does not validate means a corrupt
        // image, and the kernel stops naming what is wrong.
        internal static void Initialize()
        {
            byte* start = Cpu.ImageFilesStart();
            long lengthBytes = (long)(Cpu.ImageFilesEnd() - start);
            ImageArchiveError error = ImageArchive.TryOpen(start, lengthBytes, out ImageArchive archive);
            if (error != ImageArchiveError.None)
                Machine.Panic("files: the image's file archive is invalid: " + ImageArchive.Describe(error));
            s_archive = archive;
        }

        // The lookups' view of the files: here simply the archive.
        private readonly struct Snapshot : IImagePathList
        {
            private readonly ImageArchive _archive;

            public Snapshot(ImageArchive archive) { _archive = archive; }

            public int Count => _archive.Count;

            public ReadOnlySpan<byte> PathAt(int index) => _archive.PathAt(index);

            public long LengthAt(int index) => _archive.LengthAt(index);

            public byte* DataAt(int index) => _archive.DataAt(index);
        }
    }
}
