// The ARP cache: IPv4 address -> Ethernet address, after RFC 826 ("An Ethernet Address
// Resolution Protocol") and the host requirements of RFC 1122 sections 2.3.2.1 (cache validation,
// flood prevention) and 2.3.2.2 (packet queue). A pure protocol machine (style rule 7): every call
// takes "now" in nanoseconds, nothing reads a clock, and nothing is sent from here. Output is
// pulled: Tick writes "send an ARP request for X" decisions and the handles of packets that could
// not be delivered into spans the caller provides; Learn writes the handles of packets that may
// now go. Packets are caller-owned buffer handles (ints), never copied.
//
// Entries (NetLimits.ArpCacheEntriesMax of them, allocated once) move through these states:
//
//   (none) --Lookup miss--> Incomplete --Learn/Update--> Reachable --ArpReachableTimeNs--> Stale
//   Incomplete --(1 + ArpRequestRetriesMax requests unanswered)--> (none), pending packets failed
//   Stale --Lookup--> Stale + refreshing (unicast polls) --answered--> Reachable
//                                                       --unanswered--> (none)
//   Stale, not refreshing --ArpEntryLifetimeNs after the last confirmation--> (none)
//
// Requests: an Incomplete entry is created with its first request due at once (the caller runs
// Tick after a Pending lookup); each later one ArpRequestRetryIntervalNs after the previous, which
// is RFC 1122's "no more than one ARP request per second" per address. The give-up comes one
// interval after the last request, so that the last one gets as long as the others to be
// answered: with 1 s and 2 retries, requests at t, t+1 s, t+2 s and failure at t+3 s exactly.
//
// Learning follows RFC 826's merge rule. The caller's receive path, for each valid ARP packet:
//   - target protocol address is ours (a reply to us, or a request for us): Learn(sender), which
//     updates an existing entry or creates one ("if Merge_flag is false, add the triplet");
//   - otherwise (gratuitous ARP, requests between other hosts): Update(sender), which refreshes
//     an entry we already have and never creates one, so unsolicited traffic cannot fill the table.
// Either one resolves an Incomplete entry and releases its packets, in the order they were
// queued. Addresses that are not unicast are refused on both sides: a sender protocol address of
// 0.0.0.0 is an RFC 5227 probe and must not be cached, and RFC 1812 3.3.2 forbids believing an ARP
// binding to a broadcast or multicast hardware address.
//
// Cache validation (RFC 1122 2.3.2.1) combines its timeout (1) and unicast poll (2) methods, the
// way Linux's neighbour states do: a Reachable entry turns Stale after ArpReachableTimeNs; a Stale
// entry is still used, but the first use starts a poll (requests unicast to the cached address,
// same interval and retry count) that either confirms it or removes it; one never used is removed
// at the end of its lifetime. Time-driven transitions are applied lazily by whatever call touches
// the entry (Age), so the outcome does not depend on how often Tick runs.
//
// Replacement: when no entry is free, the least recently used entry that is not Incomplete is
// evicted (ties: the lowest index), and counted. Incomplete entries are never evicted, since they
// hold packets; with every entry Incomplete, the new address is refused (CacheFull).
//
// Invariants: an entry holds pending packets only while Incomplete; _count equals the entries
// whose state is not None; a pending ring never holds more than ArpPendingPacketsPerEntryMax.
//
// Departures: lookup is a linear scan (64 entries of 4-byte keys is a few cache lines, cheaper
// than hashing at this size); Stale entries are polled at once rather than after Linux's DELAY
// state, since no upper layer here confirms reachability yet. Not thread-safe: one owner (the
// interface's thread) calls it.
using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OSv.Net.Wire;

namespace OSv.Net.Arp
{
    public sealed class ArpCache
    {
        private const int EntriesMax = NetLimits.ArpCacheEntriesMax;
        private const int PendingMax = NetLimits.ArpPendingPacketsPerEntryMax;

        private struct Entry
        {
            public Ipv4Address Address;
            public MacAddress HardwareAddress;  // valid unless Incomplete
            public ArpEntryState State;
            public bool Refreshing;             // Stale only: a unicast poll is in progress
            public int RequestsSent;            // in the current resolution or poll
            public long NextRequestNs;          // Incomplete or refreshing: next request or give-up
            public long ConfirmedNs;            // last Learn/Update
            public long LastUsedNs;             // last resolved Lookup (or creation), for LRU
            public int PendingHead;             // ring in _pending at index * PendingMax
            public int PendingCount;
        }

        private readonly Entry[] _entries = new Entry[EntriesMax];
        private readonly int[] _pending = new int[EntriesMax * PendingMax];
        private int _count;
        private ArpCounters _counters;

        public int Count => _count;

        public ArpCounters Counters => _counters;

        // The state of the entry for address, as last updated (no aging is applied).
        public ArpEntryState StateOf(Ipv4Address address)
        {
            int index = Find(address);
            return index < 0 ? ArpEntryState.None : _entries[index].State;
        }

        public int PendingCountOf(Ipv4Address address)
        {
            int index = Find(address);
            return index < 0 ? 0 : _entries[index].PendingCount;
        }

        // Where to send an IPv4 packet whose next hop is address. Resolved: hardwareAddress is
        // valid (a Stale entry also starts its poll). Pending: hold the packet with Enqueue and run
        // Tick, which decides the request.
        public ArpLookupResult Lookup(Ipv4Address address, long nowNs, out MacAddress hardwareAddress)
        {
            hardwareAddress = default;
            if (!IsUnicast(address))
                return ArpLookupResult.NotUnicast;
            int index = Find(address);
            if (index >= 0 && Age(index, nowNs))
            {
                ref Entry entry = ref _entries[index];
                if (entry.State == ArpEntryState.Incomplete)
                    return ArpLookupResult.Pending;
                // Reachable or Stale: the cached address is used either way.
                entry.LastUsedNs = nowNs;
                if (entry.State == ArpEntryState.Stale && !entry.Refreshing)
                {
                    StartRequests(ref entry, nowNs, refreshing: true);
                    _counters.RefreshesStarted++;
                }
                hardwareAddress = entry.HardwareAddress;
                return ArpLookupResult.Resolved;
            }
            // Miss: a new Incomplete entry, its first request due now.
            index = AllocateEntry();
            if (index < 0)
            {
                _counters.CacheFull++;
                return ArpLookupResult.CacheFull;
            }
            ref Entry created = ref _entries[index];
            created.Address = address;
            created.State = ArpEntryState.Incomplete;
            created.LastUsedNs = nowNs;
            StartRequests(ref created, nowNs, refreshing: false);
            _counters.ResolutionsStarted++;
            return ArpLookupResult.Pending;
        }

        // Holds packetHandle until address resolves (handed back by Learn/Update) or the
        // resolution fails (handed back by Tick). A full queue drops its oldest packet (RFC 1122
        // 2.3.2.2 prefers keeping the latest) and hands it back in droppedHandle.
        public ArpEnqueueResult Enqueue(Ipv4Address address, int packetHandle, out int droppedHandle)
        {
            droppedHandle = 0;
            int index = Find(address);
            if (index < 0 || _entries[index].State != ArpEntryState.Incomplete)
                return ArpEnqueueResult.NotPending;
            ref Entry entry = ref _entries[index];
            int ringStart = index * PendingMax;
            ArpEnqueueResult result = ArpEnqueueResult.Queued;
            if (entry.PendingCount == PendingMax)
            {
                // Full: the oldest goes back to its owner.
                droppedHandle = _pending[ringStart + entry.PendingHead];
                entry.PendingHead = (entry.PendingHead + 1) % PendingMax;
                entry.PendingCount--;
                _counters.PendingDropped++;
                result = ArpEnqueueResult.QueuedDroppedOldest;
            }
            _pending[ringStart + (entry.PendingHead + entry.PendingCount) % PendingMax] = packetHandle;
            entry.PendingCount++;
            return result;
        }

        // An ARP packet addressed to us (a reply, or a request whose target is our address) says
        // address is at hardwareAddress: update or create the entry. Packets that were waiting go
        // into released, oldest first; released must hold ArpPendingPacketsPerEntryMax.
        public ArpLearnResult Learn(Ipv4Address address, MacAddress hardwareAddress, long nowNs,
            Span<int> released, out int releasedCount) =>
            Merge(address, hardwareAddress, nowNs, released, out releasedCount, create: true);

        // An ARP packet not addressed to us (gratuitous ARP, another host's request): update the
        // entry only if there is one (RFC 826 merge), never create one.
        public ArpLearnResult Update(Ipv4Address address, MacAddress hardwareAddress, long nowNs,
            Span<int> released, out int releasedCount) =>
            Merge(address, hardwareAddress, nowNs, released, out releasedCount, create: false);

        // Applies every time-driven transition due at nowNs, in entry order: requests to send (at
        // most one per entry), give-ups whose pending packets go to failedPackets, expiries. Spans
        // of NetLimits.ArpTickRequestsMax and ArpTickFailedPacketsMax are never cut short; with
        // smaller ones Tick stops where a span fills, reports OutputFull and resumes on the next call.
        public ArpTickResult Tick(long nowNs, Span<ArpRequest> requests, Span<int> failedPackets)
        {
            int requestCount = 0;
            int failedCount = 0;
            long nextDueNs = long.MaxValue;
            for (int index = 0; index < EntriesMax; index++)
            {
                if (_entries[index].State == ArpEntryState.None || !Age(index, nowNs))
                    continue;
                ref Entry entry = ref _entries[index];
                bool awaitingReply = entry.State == ArpEntryState.Incomplete || entry.Refreshing;
                if (awaitingReply && nowNs >= entry.NextRequestNs)
                {
                    if (entry.RequestsSent < NetLimits.ArpRequestsPerResolutionMax)
                    {
                        if (requestCount == requests.Length)
                            return TickCutShort(requestCount, failedCount, nowNs);
                        requests[requestCount++] = NextRequest(ref entry, nowNs);
                    }
                    else
                    {
                        if (failedPackets.Length - failedCount < entry.PendingCount)
                            return TickCutShort(requestCount, failedCount, nowNs);
                        failedCount += GiveUp(index, failedPackets.Slice(failedCount));
                        continue;
                    }
                }
                nextDueNs = Math.Min(nextDueNs, NextDueOf(ref entry));
            }
            return new ArpTickResult(requestCount, failedCount, nextDueNs, outputFull: false);
        }

        private ArpTickResult TickCutShort(int requestCount, int failedCount, long nowNs)
        {
            _counters.TickOutputFull++;
            return new ArpTickResult(requestCount, failedCount, nowNs, outputFull: true);
        }

        private ArpRequest NextRequest(ref Entry entry, long nowNs)
        {
            entry.RequestsSent++;
            entry.NextRequestNs = nowNs + NetLimits.ArpRequestRetryIntervalNs;
            _counters.RequestsDecided++;
            // Resolving: broadcast. Polling a Stale entry: unicast to the address we believe in.
            MacAddress destination = entry.State == ArpEntryState.Incomplete ? MacAddress.Broadcast : entry.HardwareAddress;
            return new ArpRequest(entry.Address, destination);
        }

        // The last request went unanswered for a whole interval: the entry goes, and an Incomplete
        // one hands its packets back, oldest first.
        private int GiveUp(int index, Span<int> failedPackets)
        {
            ref Entry entry = ref _entries[index];
            int count = 0;
            if (entry.State == ArpEntryState.Incomplete)
            {
                count = TakePending(index, failedPackets);
                _counters.ResolutionsFailed++;
                _counters.PacketsFailed += count;
            }
            else
            {
                _counters.RefreshesFailed++;
            }
            Free(index);
            return count;
        }

        private ArpLearnResult Merge(Ipv4Address address, MacAddress hardwareAddress, long nowNs,
            Span<int> released, out int releasedCount, bool create)
        {
            releasedCount = 0;
            if (released.Length < PendingMax)
                ThrowReleasedTooSmall();
            if (!IsUnicast(address) || !hardwareAddress.IsUnicast || hardwareAddress == MacAddress.Zero)
            {
                _counters.LearnRefused++;
                return ArpLearnResult.Refused;
            }
            int index = Find(address);
            if (index >= 0 && Age(index, nowNs))
            {
                ref Entry entry = ref _entries[index];
                if (entry.State == ArpEntryState.Incomplete)
                {
                    // Resolved: the waiting packets may go, in their order.
                    releasedCount = TakePending(index, released);
                    _counters.PacketsReleased += releasedCount;
                    entry.LastUsedNs = nowNs;
                }
                else if (entry.HardwareAddress != hardwareAddress)
                {
                    _counters.AddressChanges++;
                }
                Confirm(ref entry, hardwareAddress, nowNs);
                return ArpLearnResult.Updated;
            }
            if (!create)
                return ArpLearnResult.NotCached;
            index = AllocateEntry();
            if (index < 0)
            {
                _counters.CacheFull++;
                return ArpLearnResult.CacheFull;
            }
            ref Entry created = ref _entries[index];
            created.Address = address;
            created.LastUsedNs = nowNs;
            Confirm(ref created, hardwareAddress, nowNs);
            return ArpLearnResult.Created;
        }

        private static void Confirm(ref Entry entry, MacAddress hardwareAddress, long nowNs)
        {
            entry.State = ArpEntryState.Reachable;
            entry.HardwareAddress = hardwareAddress;
            entry.ConfirmedNs = nowNs;
            entry.Refreshing = false;
            entry.RequestsSent = 0;
        }

        private static void StartRequests(ref Entry entry, long nowNs, bool refreshing)
        {
            entry.Refreshing = refreshing;
            entry.RequestsSent = 0;
            entry.NextRequestNs = nowNs; // the first request is due at once
        }

        // Applies the time-driven transitions due at nowNs to a live entry; false if it expired.
        private bool Age(int index, long nowNs)
        {
            ref Entry entry = ref _entries[index];
            if (entry.State == ArpEntryState.Reachable && nowNs >= entry.ConfirmedNs + NetLimits.ArpReachableTimeNs)
                entry.State = ArpEntryState.Stale;
            if (entry.State == ArpEntryState.Stale && !entry.Refreshing &&
                nowNs >= entry.ConfirmedNs + NetLimits.ArpEntryLifetimeNs)
            {
                _counters.Expired++;
                Free(index);
                return false;
            }
            return true;
        }

        private static long NextDueOf(ref Entry entry)
        {
            if (entry.State == ArpEntryState.Incomplete || entry.Refreshing)
                return entry.NextRequestNs;
            if (entry.State == ArpEntryState.Reachable)
                return entry.ConfirmedNs + NetLimits.ArpReachableTimeNs;
            return entry.ConfirmedNs + NetLimits.ArpEntryLifetimeNs;
        }

        // Moves the entry's pending handles, oldest first, into destination (which holds them all).
        private int TakePending(int index, Span<int> destination)
        {
            ref Entry entry = ref _entries[index];
            int ringStart = index * PendingMax;
            int count = entry.PendingCount;
            for (int i = 0; i < count; i++)
                destination[i] = _pending[ringStart + (entry.PendingHead + i) % PendingMax];
            entry.PendingHead = 0;
            entry.PendingCount = 0;
            return count;
        }

        // A free entry, else the least recently used one that is not Incomplete (evicted), else -1.
        private int AllocateEntry()
        {
            int victim = -1;
            for (int index = 0; index < EntriesMax; index++)
            {
                ref Entry entry = ref _entries[index];
                if (entry.State == ArpEntryState.None)
                {
                    _count++;
                    return index;
                }
                if (entry.State != ArpEntryState.Incomplete &&
                    (victim < 0 || entry.LastUsedNs < _entries[victim].LastUsedNs))
                    victim = index;
            }
            if (victim < 0)
                return -1;
            _counters.Evictions++;
            _entries[victim] = default; // it held no packets: only Incomplete entries do
            return victim;
        }

        private void Free(int index)
        {
            _entries[index] = default;
            _count--;
        }

        private int Find(Ipv4Address address)
        {
            for (int index = 0; index < EntriesMax; index++)
            {
                ref Entry entry = ref _entries[index];
                if (entry.State != ArpEntryState.None && entry.Address == address)
                    return index;
            }
            return -1;
        }

        private static bool IsUnicast(Ipv4Address address) =>
            !address.IsUnspecified && !address.IsBroadcast && !address.IsMulticast && !address.IsLoopback;

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowReleasedTooSmall() =>
            throw new ArgumentException("released must hold NetLimits.ArpPendingPacketsPerEntryMax handles");
    }
}
