// The rate limit on ICMP error messages (RFC 1122 3.2.2: a host SHOULD limit them; RFC 1812
// 4.3.2.8 describes the token bucket): IcmpErrorBurstMax tokens, one more every
// IcmpErrorTokenIntervalNs up to the burst, one spent per message. Pure: time comes in as nowNs.
// Invariant: 0 <= _tokens <= IcmpErrorBurstMax; _refilledNs only moves forward, by whole
// intervals, so no fraction of an interval is lost between calls.
namespace OSv.Net.Stack
{
    internal sealed class IcmpErrorLimiter
    {
        private int _tokens = NetLimits.IcmpErrorBurstMax;
        private long _refilledNs = long.MinValue;

        public bool TryTake(long nowNs)
        {
            if (_refilledNs == long.MinValue)
                _refilledNs = nowNs;
            long intervals = (nowNs - _refilledNs) / NetLimits.IcmpErrorTokenIntervalNs;
            if (intervals > 0)
            {
                long tokens = _tokens + intervals;
                _tokens = tokens >= NetLimits.IcmpErrorBurstMax ? NetLimits.IcmpErrorBurstMax : (int)tokens;
                _refilledNs += intervals * NetLimits.IcmpErrorTokenIntervalNs;
            }
            if (_tokens == 0)
                return false;
            _tokens--;
            return true;
        }
    }
}
