// The image's wall clock for the store (absolute expiry times, the "time" stat): OSv.Core's
// Clock.UnixTimeSeconds, the CMOS RTC read once at boot and carried forward by the monotonic
// clock (Clock.Unix.Metal.cs). The hosted target's counterpart is SystemClock.Hosted.cs.
using Memcached.Server;
using OSv.Core.Time;

namespace Memcached.Hosting
{
    internal sealed class GuestClock : IUnixClock
    {
        public long UnixSeconds => Clock.UnixTimeSeconds;
    }
}
