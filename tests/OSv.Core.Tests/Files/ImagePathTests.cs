// The path rules shared by the SDK's writer and the kernel's reader.
using OSv.Core.Files;
using OSv.Sdk;
using Xunit;
using static OSv.Core.Tests.Files.ArchiveFixtures;

namespace OSv.Core.Tests.Files
{
    public class ImagePathTests
    {
        [Theory]
        [InlineData("/lua5.4", true)]
        [InlineData("/lib/x86_64-linux-gnu/libc.so.6", true)]
        [InlineData("/.hidden", true)]
        [InlineData("/a/...", true)]
        [InlineData("/", false)]
        [InlineData("", false)]
        [InlineData("lua5.4", false)]
        [InlineData("/lib/", false)]
        [InlineData("//lib", false)]
        [InlineData("/lib//x", false)]
        [InlineData("/./x", false)]
        [InlineData("/lib/..", false)]
        [InlineData("/a\0b", false)]
        public void IsCanonical_Path_FollowsTheRules(string path, bool expected)
        {
            Assert.Equal(expected, ImagePath.IsCanonical(Bytes(path)));
            Assert.Equal(expected, ImageArchiveWriter.DescribePathProblem(path) == null);
        }

        [Fact]
        public void IsCanonical_LongestPath_IsAccepted_OneMoreIsNot()
        {
            Assert.True(ImagePath.IsCanonical(Bytes("/" + new string('a', ImagePath.PathBytesMax - 1))));
            Assert.False(ImagePath.IsCanonical(Bytes("/" + new string('a', ImagePath.PathBytesMax))));
        }

        [Theory]
        [InlineData("/a", "/a", 0)]
        [InlineData("/a", "/b", -1)]
        [InlineData("/a", "/a-", -1)]
        [InlineData("/a/", "/a-", 1)]   // '/' (0x2F) sorts after '-' (0x2D)
        [InlineData("/ab", "/a", 1)]
        public void Compare_IsOrdinalByteOrder(string left, string right, int expectedSign)
        {
            Assert.Equal(expectedSign, System.Math.Sign(ImagePath.Compare(Bytes(left), Bytes(right))));
        }

        [Fact]
        public void Compare_WithSuffix_ComparesAgainstPathPlusSuffix()
        {
            Assert.Equal(0, ImagePath.Compare(Bytes("/lib/"), Bytes("/lib"), '/'));
            Assert.True(ImagePath.Compare(Bytes("/lib"), Bytes("/lib"), '/') < 0);
            Assert.True(ImagePath.Compare(Bytes("/lib/x"), Bytes("/lib"), '/') > 0);
        }

        [Fact]
        public void WriterAndReader_ShareTheLimits()
        {
            Assert.Equal(ImagePath.PathBytesMax, ImageArchiveWriter.PathBytesMax);
            Assert.Equal(ImageArchive.EntriesMax, ImageArchiveWriter.EntriesMax);
            Assert.Equal(ImageArchive.Magic, ImageArchiveWriter.Magic);
            Assert.Equal(ImageArchive.Version, ImageArchiveWriter.Version);
            Assert.Equal(ImageArchive.HeaderBytes, ImageArchiveWriter.HeaderBytes);
            Assert.Equal(ImageArchive.EntryBytes, ImageArchiveWriter.EntryBytes);
            Assert.Equal(ImageArchive.DataAlignmentBytes, ImageArchiveWriter.DataAlignmentBytes);
        }
    }
}
