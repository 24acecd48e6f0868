// The hosted wall clock (Clock.Unix.Hosted.cs, Clock.cs): the host's UTC time in Unix units.
using System;
using OSv.Core.Time;
using Xunit;

namespace OSv.Core.Tests.Time
{
    public class ClockUnixTests
    {
        [Fact]
        public void UnixTimeNanoseconds_LiesBetweenHostReadingsTakenAround()
        {
            long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * Clock.NanosecondsPerMillisecond;
            long unix = Clock.UnixTimeNanoseconds;
            long after = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1) * Clock.NanosecondsPerMillisecond;
            Assert.InRange(unix, before, after);
        }

        [Fact]
        public void UnixTimeSeconds_LiesBetweenHostReadingsTakenAround()
        {
            long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long unix = Clock.UnixTimeSeconds;
            long after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.InRange(unix, before, after);
        }

        [Fact]
        public void IsWallClockFromRtc_IsTrueHosted() => Assert.True(Clock.IsWallClockFromRtc);
    }
}
