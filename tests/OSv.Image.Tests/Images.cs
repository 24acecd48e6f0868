// The images under test, built by this test project's own build (see OSv.Image.Tests.csproj)
// and listed in images.txt as "<project path>=<image path>". Image tests share one collection so
// that boots never overlap.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    public static class Images
    {
        private static readonly Lazy<Dictionary<string, string>> ByProject = new(Read);

        public static string RuntimeFeatures => Find("RuntimeFeatures.csproj");

        public static string Hello => Find("Hello.csproj");

        public static string KernelCore => Find("KernelCore.csproj");

        public static string VirtioNet => Find("VirtioNet.csproj");

        public static string VirtioPci => Find("VirtioPci.csproj");

        public static string ImageFiles => Find("ImageFiles.csproj");

        public static string NetServices => Find("NetServices.csproj");

        public static string Memcached => Find("Memcached.csproj");

        public static string LinuxPrograms => Find("LinuxPrograms.csproj");

        public static string CWordCount => Find("CWordCount.csproj");

        public static string RealCoreLib => Find("RealCoreLib.csproj");

        public static string Compat => Find("Compat.csproj");
        public static string GcStress => Find("GcStress.csproj");

        private static string Find(string projectFile)
        {
            string image = ByProject.Value.Single(entry => Path.GetFileName(entry.Key) == projectFile).Value;
            Assert.True(File.Exists(image), "image listed in images.txt does not exist: " + image);
            return image;
        }

        private static Dictionary<string, string> Read() =>
            File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "images.txt"))
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    [CollectionDefinition(Name)]
    public sealed class ImageCollection
    {
        public const string Name = "images";
    }
}
