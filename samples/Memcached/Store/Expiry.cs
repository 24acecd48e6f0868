// Converting a client's exptime to an absolute time, and deciding whether an item is dead.
// protocol.txt, "Storage commands" (exptime) and "Expiration times": the value is either Unix
// time or a number of seconds from now; "this number of seconds may not exceed 60*60*24*30
// (number of seconds in 30 days); if the number sent by a client is larger than that, the
// server will consider it to be real Unix time value rather than an offset from current time".
// 0 means never. A negative exptime makes the item immediately expired (memcached's realtime()
// maps it to a moment already past), as does an absolute time not after now.
//
// Invariant: an absolute expiry is Never (0 given) or an instant in seconds; an item is expired
// at `now` when its expiry <= now, which is memcached's `it->exptime <= current_time`.
// Caller rule: `now` is the caller's clock in Unix seconds; nothing here reads a clock.
namespace Memcached.Store
{
    public static class Expiry
    {
        public const long Never = long.MaxValue;
        public const long AlreadyExpired = long.MinValue;

        public static long ToAbsolute(long exptimeSeconds, long nowSeconds)
        {
            if (exptimeSeconds == 0)
                return Never;
            if (exptimeSeconds < 0)
                return AlreadyExpired;
            if (exptimeSeconds <= StoreLimits.RelativeExptimeMaxSeconds)
                return nowSeconds + exptimeSeconds;
            return exptimeSeconds <= nowSeconds ? AlreadyExpired : exptimeSeconds;
        }

        public static bool IsExpired(long expiresAtSeconds, long nowSeconds) =>
            expiresAtSeconds != Never && expiresAtSeconds <= nowSeconds;
    }
}
