// The ARP cache's bounds and timers (style rule 3: every table size and timeout is a named
// constant; relations between them are checked by tests/OSv.Net.Tests/Arp/ArpLimitsTests.cs).
// NetLimits is partial so that each layer keeps its constants beside its code; the IP layer's
// part is OSv.Net/Ip/NetLimits.Ip.cs. Times are nanoseconds, the unit of the kernel's clock.
namespace OSv.Net
{
    public static partial class NetLimits
    {
        private const long NanosecondsPerSecond = 1_000_000_000;

        // Entries in the cache. An appliance talks to its gateway and a handful of peers on its
        // own link; 64 covers a busy /26 without making the linear lookup scan costly.
        public const int ArpCacheEntriesMax = 64;

        // Packets held per unresolved address (RFC 1122 2.3.2.2 asks for at least the latest one).
        // When full, the oldest is dropped and handed back to its owner.
        public const int ArpPendingPacketsPerEntryMax = 4;

        // A Reachable entry (confirmed by a reply or a request addressed to us) turns Stale this
        // long after its last confirmation (Linux's base_reachable_time).
        public const long ArpReachableTimeNs = 30 * NanosecondsPerSecond;

        // Entry lifetime: a Stale entry that nobody uses is removed this long after its last
        // confirmation (RFC 1122 2.3.2.1: out-of-date entries MUST be flushed).
        public const long ArpEntryLifetimeNs = 60 * NanosecondsPerSecond;

        // At most one request per address per interval (RFC 1122 2.3.2.1: "no more than one ARP
        // request per second" to the same destination, to prevent ARP flooding).
        public const long ArpRequestRetryIntervalNs = 1 * NanosecondsPerSecond;

        // Requests sent after the first one before giving up; a resolution (or a refresh of a
        // Stale entry) sends 1 + ArpRequestRetriesMax requests, as Linux's mcast_solicit = 3.
        public const int ArpRequestRetriesMax = 2;

        public const int ArpRequestsPerResolutionMax = 1 + ArpRequestRetriesMax;

        // Output spans of ArpCache.Tick this large are never cut short: one request per entry, and
        // every entry giving up with a full pending queue at once.
        public const int ArpTickRequestsMax = ArpCacheEntriesMax;

        public const int ArpTickFailedPacketsMax = ArpCacheEntriesMax * ArpPendingPacketsPerEntryMax;
    }
}
