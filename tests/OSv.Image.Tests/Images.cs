// Builds each test image once per test run (`osv build`, the command users type) and caches
// the path. Image tests share one collection so that builds and boots never overlap.
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    public static class Images
    {
        private static readonly ConcurrentDictionary<string, string> Built = new();

        public static string RuntimeFeatures => Build("tests/images/RuntimeFeatures");

        public static string Hello => Build("samples/Hello");

        private static string Build(string project) => Built.GetOrAdd(project, static project =>
        {
            CommandResult result = Repository.Osv("build", project);
            Assert.True(result.ExitCode == 0, "osv build " + project + " failed:\n" + result.Describe());
            string image = result.Lines.Last(line => line.Length != 0);
            Assert.True(File.Exists(image), "osv build did not print an existing image path:\n" + result.Describe());
            return image;
        });
    }

    [CollectionDefinition(Name)]
    public sealed class ImageCollection
    {
        public const string Name = "images";
    }
}
