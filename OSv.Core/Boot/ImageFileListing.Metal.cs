// The boot listing of the image's files, printed when the kernel options hold "--verbose":
//   files: /lua5.4 236 KiB (241664 bytes)
//   files: 3 in the image, 1204 KiB
// one line per file in path order, then the count and the total (KiB rounded up). Paths go to
// the console as their UTF-8 bytes.
using System;
using OSv.Core.Console;
using OSv.Core.Files;

namespace OSv.Core.Boot
{
    internal static unsafe class ImageFileListing
    {
        public const string VerboseOption = "--verbose";

        private const long BytesPerKib = 1024;

        public static bool IsRequested(string[] kernelOptions)
        {
            for (int i = 0; i < kernelOptions.Length; i++)
            {
                if (kernelOptions[i] == VerboseOption)
                    return true;
            }
            return false;
        }

        public static void Print()
        {
            long totalBytes = 0;
            int count = ImageFileSystem.Count;
            for (int i = 0; i < count; i++)
            {
                long lengthBytes = ImageFileSystem.LengthAt(i);
                totalBytes += lengthBytes;
                System.Console.Write("files: ");
                WritePath(ImageFileSystem.PathAt(i));
                System.Console.WriteLine(" " + KibRoundedUp(lengthBytes).ToString() + " KiB (" + lengthBytes.ToString() + " bytes)");
            }
            System.Console.WriteLine("files: " + count.ToString() + " in the image, " + KibRoundedUp(totalBytes).ToString() + " KiB");
        }

        private static long KibRoundedUp(long bytes) => (bytes + BytesPerKib - 1) / BytesPerKib;

        private static void WritePath(ReadOnlySpan<byte> path)
        {
            fixed (byte* bytes = path)
                Serial16550.Write(bytes, path.Length);
        }
    }
}
