// The values ArpCache takes and returns (see ArpCache.cs for the protocol): entry states, the
// outcome of each call, the request decisions Tick hands out, and the counters. All are plain
// enums and structs, so that no call allocates.
using OSv.Net.Wire;

namespace OSv.Net.Arp
{
    public enum ArpEntryState : byte
    {
        None,        // no entry for the address
        Incomplete,  // a request is out; packets wait in the pending queue
        Reachable,   // confirmed less than ArpReachableTimeNs ago
        Stale,       // older; still used, revalidated by a unicast poll when used
    }

    public enum ArpLookupResult : byte
    {
        Resolved,    // hardwareAddress is valid: send now
        Pending,     // an Incomplete entry exists (perhaps created just now): Enqueue, then Tick
        CacheFull,   // no free entry and every entry is Incomplete: drop the packet (counted)
        NotUnicast,  // unspecified, broadcast, multicast or loopback: the caller maps these itself
    }

    public enum ArpEnqueueResult : byte
    {
        Queued,
        QueuedDroppedOldest, // the queue was full: droppedHandle is the oldest packet, now the caller's again
        NotPending,          // no Incomplete entry for the address: Lookup first
    }

    public enum ArpLearnResult : byte
    {
        Created,     // a new Reachable entry (Learn only)
        Updated,     // an existing entry confirmed; if it was Incomplete its packets are released
        NotCached,   // Update only: no entry for the address, nothing learned (RFC 826 merge)
        CacheFull,   // Learn only: no entry could be freed
        Refused,     // the protocol or hardware address is not a unicast address
    }

    // "Send an ARP request for Target to Destination": Destination is the broadcast address while
    // resolving, and the cached address when polling a Stale entry (RFC 1122 2.3.2.1, unicast poll).
    public readonly struct ArpRequest
    {
        public readonly Ipv4Address Target;
        public readonly MacAddress Destination;

        public ArpRequest(Ipv4Address target, MacAddress destination)
        {
            Target = target;
            Destination = destination;
        }

        public bool IsUnicastPoll => !Destination.IsBroadcast;
    }

    public readonly struct ArpTickResult
    {
        public readonly int RequestCount;       // entries written to the requests span
        public readonly int FailedPacketCount;  // handles written to the failedPackets span
        public readonly long NextDueNs;         // call Tick again no later than this (long.MaxValue: nothing due)
        public readonly bool OutputFull;        // a span filled up; more work is due now

        public ArpTickResult(int requestCount, int failedPacketCount, long nextDueNs, bool outputFull)
        {
            RequestCount = requestCount;
            FailedPacketCount = failedPacketCount;
            NextDueNs = nextDueNs;
            OutputFull = outputFull;
        }
    }

    public struct ArpCounters
    {
        public long ResolutionsStarted;  // Incomplete entries created by Lookup
        public long ResolutionsFailed;   // Incomplete entries given up after the last retry
        public long RefreshesStarted;    // unicast polls of Stale entries
        public long RefreshesFailed;     // Stale entries removed because the poll went unanswered
        public long RequestsDecided;     // ArpRequest decisions handed out by Tick
        public long PacketsReleased;     // pending packets handed back on resolution
        public long PacketsFailed;       // pending packets handed back on give-up
        public long PendingDropped;      // oldest pending packets dropped by a full queue
        public long Evictions;           // least recently used entries replaced when full
        public long CacheFull;           // Lookup or Learn refused: every entry Incomplete
        public long Expired;             // Stale entries removed at the end of their lifetime
        public long AddressChanges;      // an update moved an address to another hardware address
        public long LearnRefused;        // Learn/Update with a non-unicast address
        public long TickOutputFull;      // Tick stopped early because a caller's span was full
    }
}
