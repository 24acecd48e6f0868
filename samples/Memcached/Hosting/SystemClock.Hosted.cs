// The hosted wall clock: Unix seconds from the host's UTC time. The store compares expiry times
// in whole seconds, as memcached's current_time does.
using System;
using Memcached.Server;

namespace Memcached.Hosting
{
    internal sealed class SystemClock : IUnixClock
    {
        public long UnixSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }
}
