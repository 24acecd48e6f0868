// Helpers for PAL tests: C strings and a small image mounted once at /paltest
//   /paltest/a.txt            "hello, image"
//   /paltest/sub/b.bin        5000 bytes, byte i = i % 251
//   /paltest/sub/deep/c.txt   "c"
//   /paltest/sub/e.txt        "e"
using System;
using System.IO;
using System.Text;
using OSv.Core.Files;

namespace OSv.Runtime.Tests.Pal
{
    internal static class PalTestPaths
    {
        public const string Root = "/paltest";
        public const string HelloText = "hello, image";
        public const int BinaryLength = 5000;

        private static readonly Lazy<bool> s_mounted = new(MountFixture);

        public static void EnsureMounted() => _ = s_mounted.Value;

        public static byte[] C(string text) => Encoding.UTF8.GetBytes(text + "\0");

        private static bool MountFixture()
        {
            string folder = Path.Combine(Path.GetTempPath(), "osv-pal-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(folder, "sub", "deep"));
            File.WriteAllText(Path.Combine(folder, "a.txt"), HelloText);
            var binary = new byte[BinaryLength];
            for (int i = 0; i < binary.Length; i++)
                binary[i] = (byte)(i % 251);
            File.WriteAllBytes(Path.Combine(folder, "sub", "b.bin"), binary);
            File.WriteAllText(Path.Combine(folder, "sub", "deep", "c.txt"), "c");
            File.WriteAllText(Path.Combine(folder, "sub", "e.txt"), "e");
            ImageFileSystem.Mount(folder, Root);
            Directory.Delete(folder, recursive: true); // mounted files are copies in memory
            return true;
        }
    }

    // Tests that open descriptors or swap the console sink share one collection: they would
    // otherwise race on the fixed descriptor table (the EMFILE test fills it).
    [Xunit.CollectionDefinition(Name)]
    public class PalDescriptorsCollection
    {
        public const string Name = "PAL descriptors";
    }
}
