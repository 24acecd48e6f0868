// The image's command line: memcached's flags among the kernel options. A bad value is reported
// the way memcached's option checks report it and the image exits with EX_USAGE (64), before it
// touches the network (so these boots need no NIC).
using System;
using OSv.Image.Tests.Net;
using Xunit;

namespace OSv.Image.Tests.Memcached
{
    [Collection(ImageCollection.Name)]
    public class MemcachedSettingsTests
    {
        private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

        [Theory]
        [InlineData("-m lots", "memcached: -m: megabytes must be a number")]
        [InlineData("-t 0", "memcached: -t: Number of threads must be greater than 0")]
        [InlineData("-I 100", "memcached: -I: Item max size cannot be less than 1024 bytes.")]
        public void BadFlag_PrintsMemcachedErrorAndExits64(string kernelArguments, string expectedLine)
        {
            using RunningGuest guest = RunningGuest.Start("run", Images.Memcached, "--timeout", "60", "--kernel-args", kernelArguments);
            Assert.True(guest.WaitForExit(ExitTimeout) == 64, "exit code not 64:\n" + guest.Describe());
            Assert.Contains(expectedLine, guest.Lines);
        }

        [Fact]
        public void NoNetworkDevice_SaysSoAndExits69()
        {
            using RunningGuest guest = RunningGuest.Start("run", Images.Memcached, "--timeout", "60");
            Assert.True(guest.WaitForExit(ExitTimeout) == 69, "exit code not 69:\n" + guest.Describe());
            Assert.Contains("memcached: no virtio-net device (osv run --net user)", guest.Lines);
        }
    }
}
