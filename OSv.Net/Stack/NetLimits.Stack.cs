// The interface driver's bounds (style rule 3): the link MTU, the pool that holds packets while
// their next hop is being resolved, and the ICMP error rate limit. Relations are checked by
// tests/OSv.Net.Tests/Stack/StackLimitsTests.cs. Times are nanoseconds.
namespace OSv.Net
{
    public static partial class NetLimits
    {
        // Ethernet II carries at most 1500 bytes of IP (RFC 894); a device with smaller frames
        // lowers it. Nothing is fragmented on output, so this bounds every IP datagram sent.
        public const int EthernetMtuBytes = 1500;

        // Packets held for ARP resolution across all next hops: the pool ArpCache.Enqueue's handles
        // point into. Enough for every entry's queue to hold one packet while four next hops
        // resolve at once with full queues; a packet finding it empty is dropped (counted).
        public const int PendingPacketsMax = 4 * ArpPendingPacketsPerEntryMax;

        // ICMP error messages (port unreachable) as a token bucket, RFC 1812 4.3.2.8 and RFC 1122
        // 3.2.2: a burst of IcmpErrorBurstMax, then one per IcmpErrorTokenIntervalNs (10 per
        // second, below Linux's default of about 1000 per second, since an appliance has little
        // reason to tell port scanners much).
        public const int IcmpErrorBurstMax = 10;
        public const long IcmpErrorTokenIntervalNs = NanosecondsPerSecond / 10;

        // What a destination-unreachable message quotes: the offending datagram's header and the
        // first 64 bits of its data (RFC 792; RFC 1122 3.2.2 asks for at least that much).
        public const int IcmpErrorQuoteDataBytes = 8;
    }
}
