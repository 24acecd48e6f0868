using System;
using OSv.Net.Arp;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;

namespace OSv.Net.Tests.Arp
{
    public class ArpCacheTests
    {
        private const long Second = 1_000_000_000;
        private const long T0 = 1_000 * Second; // an arbitrary start, far from zero
        private const long Interval = NetLimits.ArpRequestRetryIntervalNs;
        private const int RequestsMax = NetLimits.ArpRequestsPerResolutionMax;

        private static readonly Ipv4Address Peer = new Ipv4Address(10, 0, 2, 2);
        private static readonly MacAddress PeerMac = new MacAddress(0x52, 0x55, 0x0a, 0x00, 0x02, 0x02);
        private static readonly MacAddress OtherMac = new MacAddress(0x52, 0x55, 0x0a, 0x00, 0x02, 0x99);

        private readonly ArpCache _cache = new ArpCache();
        private readonly ArpRequest[] _requests = new ArpRequest[NetLimits.ArpTickRequestsMax];
        private readonly int[] _failed = new int[NetLimits.ArpTickFailedPacketsMax];
        private readonly int[] _released = new int[NetLimits.ArpPendingPacketsPerEntryMax];

        private static Ipv4Address Host(int index) => new Ipv4Address(10, 1, (byte)(index >> 8), (byte)index);

        private static MacAddress HostMac(int index) => new MacAddress(0x02, 0, 0, 0, (byte)(index >> 8), (byte)index);

        private ArpTickResult Tick(long nowNs) => _cache.Tick(nowNs, _requests, _failed);

        // Asserts that Tick at nowNs decides exactly one request, for target to destination.
        private void ExpectOneRequest(long nowNs, Ipv4Address target, MacAddress destination)
        {
            ArpTickResult result = Tick(nowNs);
            Assert.Equal(1, result.RequestCount);
            Assert.Equal(0, result.FailedPacketCount);
            Assert.Equal(target, _requests[0].Target);
            Assert.Equal(destination, _requests[0].Destination);
        }

        private void ExpectNothing(long nowNs)
        {
            ArpTickResult result = Tick(nowNs);
            Assert.Equal(0, result.RequestCount);
            Assert.Equal(0, result.FailedPacketCount);
        }

        private void StartResolution(long nowNs, params int[] handles)
        {
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Peer, nowNs, out _));
            foreach (int handle in handles)
                Assert.Equal(ArpEnqueueResult.Queued, _cache.Enqueue(Peer, handle, out _));
        }

        private void Learn(Ipv4Address address, MacAddress mac, long nowNs) =>
            Assert.NotEqual(ArpLearnResult.Refused, _cache.Learn(address, mac, nowNs, _released, out _));

        // A Reachable entry for Peer confirmed at T0, then aged to Stale (no request pending).
        private void MakeStalePeer()
        {
            Learn(Peer, PeerMac, T0);
            ExpectNothing(T0 + NetLimits.ArpReachableTimeNs);
            Assert.Equal(ArpEntryState.Stale, _cache.StateOf(Peer));
        }

        [Fact]
        public void Lookup_Miss_PendingWithBroadcastRequestDueAtOnce()
        {
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Peer, T0, out _));
            Assert.Equal(ArpEntryState.Incomplete, _cache.StateOf(Peer));
            ExpectOneRequest(T0, Peer, MacAddress.Broadcast);
            Assert.False(_requests[0].IsUnicastPoll);
            Assert.Equal(1, _cache.Counters.ResolutionsStarted);
        }

        [Fact]
        public void Lookup_IncompleteAgain_PendingWithoutExtraRequest()
        {
            StartResolution(T0);
            ExpectOneRequest(T0, Peer, MacAddress.Broadcast);
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Peer, T0 + 1, out _));
            ExpectNothing(T0 + 1);
            Assert.Equal(1, _cache.Count);
        }

        [Fact]
        public void Learn_ReplyWhileIncomplete_ResolvesAndReleasesInOrder()
        {
            StartResolution(T0, 7, 3, 9);
            ExpectOneRequest(T0, Peer, MacAddress.Broadcast);
            Assert.Equal(ArpLearnResult.Updated, _cache.Learn(Peer, PeerMac, T0 + 5, _released, out int released));
            Assert.Equal(3, released);
            Assert.Equal(new[] { 7, 3, 9 }, _released[..3]);
            Assert.Equal(ArpLookupResult.Resolved, _cache.Lookup(Peer, T0 + 6, out MacAddress mac));
            Assert.Equal(PeerMac, mac);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
            Assert.Equal(0, _cache.PendingCountOf(Peer));
            Assert.Equal(3, _cache.Counters.PacketsReleased);
        }

        [Fact]
        public void Learn_AfterResolution_NoMoreRequests()
        {
            StartResolution(T0, 1);
            ExpectOneRequest(T0, Peer, MacAddress.Broadcast);
            Learn(Peer, PeerMac, T0 + 1);
            for (long t = T0 + Interval; t < T0 + 10 * Interval; t += Interval)
                ExpectNothing(t);
            Assert.Equal(1, _cache.Counters.RequestsDecided);
        }

        [Fact]
        public void Tick_NoReply_RetriesExactlyAtEachInterval()
        {
            StartResolution(T0);
            ExpectOneRequest(T0, Peer, MacAddress.Broadcast);
            for (int retry = 1; retry < RequestsMax; retry++)
            {
                ExpectNothing(T0 + retry * Interval - 1);
                ExpectOneRequest(T0 + retry * Interval, Peer, MacAddress.Broadcast);
            }
            Assert.Equal(RequestsMax, _cache.Counters.RequestsDecided);
        }

        [Fact]
        public void Tick_NoReply_GivesUpExactlyOneIntervalAfterLastRequest()
        {
            StartResolution(T0, 11, 12);
            for (int request = 0; request < RequestsMax; request++)
                ExpectOneRequest(T0 + request * Interval, Peer, MacAddress.Broadcast);
            long giveUp = T0 + RequestsMax * Interval;
            ExpectNothing(giveUp - 1);
            Assert.Equal(ArpEntryState.Incomplete, _cache.StateOf(Peer));

            ArpTickResult result = Tick(giveUp);
            Assert.Equal(0, result.RequestCount);
            Assert.Equal(2, result.FailedPacketCount);
            Assert.Equal(new[] { 11, 12 }, _failed[..2]);
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Peer));
            Assert.Equal(0, _cache.Count);
            Assert.Equal(1, _cache.Counters.ResolutionsFailed);
            Assert.Equal(2, _cache.Counters.PacketsFailed);
        }

        [Fact]
        public void Tick_LateTicks_RequestsStillOneIntervalApart()
        {
            StartResolution(T0);
            ExpectOneRequest(T0 + 300, Peer, MacAddress.Broadcast); // the caller ticked late
            ExpectNothing(T0 + 300 + Interval - 1);
            ExpectOneRequest(T0 + 300 + Interval, Peer, MacAddress.Broadcast);
        }

        [Fact]
        public void Lookup_AfterGiveUp_StartsFreshResolution()
        {
            StartResolution(T0);
            for (int request = 0; request <= RequestsMax; request++)
                Tick(T0 + request * Interval);
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Peer));
            long later = T0 + (RequestsMax + 1) * Interval;
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Peer, later, out _));
            ExpectOneRequest(later, Peer, MacAddress.Broadcast);
        }

        [Fact]
        public void Enqueue_QueueFull_DropsOldestAndCounts()
        {
            const int queued = NetLimits.ArpPendingPacketsPerEntryMax;
            StartResolution(T0);
            for (int handle = 100; handle < 100 + queued; handle++)
                Assert.Equal(ArpEnqueueResult.Queued, _cache.Enqueue(Peer, handle, out _));
            Assert.Equal(ArpEnqueueResult.QueuedDroppedOldest, _cache.Enqueue(Peer, 200, out int dropped));
            Assert.Equal(100, dropped);
            Assert.Equal(ArpEnqueueResult.QueuedDroppedOldest, _cache.Enqueue(Peer, 201, out dropped));
            Assert.Equal(101, dropped);
            Assert.Equal(2, _cache.Counters.PendingDropped);
            Assert.Equal(queued, _cache.PendingCountOf(Peer));

            Learn(Peer, PeerMac, T0 + 1);
            var expected = new int[queued];
            for (int i = 0; i < queued - 2; i++)
                expected[i] = 102 + i;
            expected[queued - 2] = 200;
            expected[queued - 1] = 201;
            Assert.Equal(expected, _released[..queued]);
        }

        [Fact]
        public void Enqueue_ResolvedOrUnknownAddress_NotPending()
        {
            Learn(Peer, PeerMac, T0);
            Assert.Equal(ArpEnqueueResult.NotPending, _cache.Enqueue(Peer, 1, out _));
            Assert.Equal(ArpEnqueueResult.NotPending, _cache.Enqueue(Host(1), 1, out _));
        }

        [Fact]
        public void Lookup_TableFullOfResolved_EvictsLeastRecentlyUsed()
        {
            for (int i = 0; i < NetLimits.ArpCacheEntriesMax; i++)
                Learn(Host(i), HostMac(i), T0 + i);
            // Use every entry but host 5, oldest first, so host 5 is the least recently used.
            for (int i = 0; i < NetLimits.ArpCacheEntriesMax; i++)
                if (i != 5)
                    Assert.Equal(ArpLookupResult.Resolved, _cache.Lookup(Host(i), T0 + Second + i, out _));
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Peer, T0 + 2 * Second, out _));
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Host(5)));
            Assert.Equal(ArpEntryState.Incomplete, _cache.StateOf(Peer));
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Host(4)));
            Assert.Equal(NetLimits.ArpCacheEntriesMax, _cache.Count);
            Assert.Equal(1, _cache.Counters.Evictions);
        }

        [Fact]
        public void Learn_TableFull_EvictsLeastRecentlyUsedNotIncomplete()
        {
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Host(0), T0, out _)); // oldest, but Incomplete
            for (int i = 1; i < NetLimits.ArpCacheEntriesMax; i++)
                Learn(Host(i), HostMac(i), T0 + i);
            Assert.Equal(ArpLearnResult.Created, _cache.Learn(Peer, PeerMac, T0 + Second, _released, out _));
            Assert.Equal(ArpEntryState.Incomplete, _cache.StateOf(Host(0)));
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Host(1)));
            Assert.Equal(1, _cache.Counters.Evictions);
        }

        [Fact]
        public void Lookup_TableFullOfIncomplete_CacheFullCounted()
        {
            for (int i = 0; i < NetLimits.ArpCacheEntriesMax; i++)
                Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Host(i), T0, out _));
            Assert.Equal(ArpLookupResult.CacheFull, _cache.Lookup(Peer, T0, out _));
            Assert.Equal(ArpLearnResult.CacheFull, _cache.Learn(Peer, PeerMac, T0, _released, out _));
            Assert.Equal(2, _cache.Counters.CacheFull);
            Assert.Equal(0, _cache.Counters.Evictions);
            Assert.Equal(NetLimits.ArpCacheEntriesMax, Tick(T0).RequestCount);
        }

        [Fact]
        public void Reachable_AtReachableTime_BecomesStaleExactly()
        {
            Learn(Peer, PeerMac, T0);
            ExpectNothing(T0 + NetLimits.ArpReachableTimeNs - 1);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
            ExpectNothing(T0 + NetLimits.ArpReachableTimeNs);
            Assert.Equal(ArpEntryState.Stale, _cache.StateOf(Peer));
        }

        [Fact]
        public void Lookup_Stale_ResolvedAndStartsUnicastPoll()
        {
            MakeStalePeer();
            long use = T0 + NetLimits.ArpReachableTimeNs + 5;
            Assert.Equal(ArpLookupResult.Resolved, _cache.Lookup(Peer, use, out MacAddress mac));
            Assert.Equal(PeerMac, mac);
            ExpectOneRequest(use, Peer, PeerMac);
            Assert.True(_requests[0].IsUnicastPoll);
            Assert.Equal(1, _cache.Counters.RefreshesStarted);
        }

        [Fact]
        public void Update_DuringPoll_StaleRefreshedToReachable()
        {
            MakeStalePeer();
            long use = T0 + NetLimits.ArpReachableTimeNs;
            _cache.Lookup(Peer, use, out _);
            ExpectOneRequest(use, Peer, PeerMac);
            Assert.Equal(ArpLearnResult.Updated, _cache.Update(Peer, PeerMac, use + 10, _released, out int released));
            Assert.Equal(0, released);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
            ExpectNothing(use + Interval);
            ExpectNothing(use + 10 + NetLimits.ArpReachableTimeNs - 1);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
        }

        [Fact]
        public void Poll_Unanswered_EntryRemovedOneIntervalAfterLastPoll()
        {
            MakeStalePeer();
            long use = T0 + NetLimits.ArpReachableTimeNs;
            _cache.Lookup(Peer, use, out _);
            for (int request = 0; request < RequestsMax; request++)
                ExpectOneRequest(use + request * Interval, Peer, PeerMac);
            ExpectNothing(use + RequestsMax * Interval - 1);
            Assert.Equal(ArpEntryState.Stale, _cache.StateOf(Peer));
            ExpectNothing(use + RequestsMax * Interval);
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Peer));
            Assert.Equal(1, _cache.Counters.RefreshesFailed);
        }

        [Fact]
        public void Stale_Unused_RemovedExactlyAtLifetime()
        {
            MakeStalePeer();
            ArpTickResult result = Tick(T0 + NetLimits.ArpEntryLifetimeNs - 1);
            Assert.Equal(T0 + NetLimits.ArpEntryLifetimeNs, result.NextDueNs);
            Assert.Equal(ArpEntryState.Stale, _cache.StateOf(Peer));
            ExpectNothing(T0 + NetLimits.ArpEntryLifetimeNs);
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Peer));
            Assert.Equal(1, _cache.Counters.Expired);
        }

        [Fact]
        public void Lookup_PastLifetimeWithoutTick_StartsFreshResolution()
        {
            Learn(Peer, PeerMac, T0);
            long late = T0 + NetLimits.ArpEntryLifetimeNs;
            Assert.Equal(ArpLookupResult.Pending, _cache.Lookup(Peer, late, out _));
            ExpectOneRequest(late, Peer, MacAddress.Broadcast);
            Assert.Equal(1, _cache.Counters.Expired);
        }

        [Fact]
        public void Update_GratuitousNewAddress_ReplacesAndCounts()
        {
            Learn(Peer, PeerMac, T0);
            Assert.Equal(ArpLearnResult.Updated, _cache.Update(Peer, OtherMac, T0 + Second, _released, out _));
            Assert.Equal(ArpLookupResult.Resolved, _cache.Lookup(Peer, T0 + Second, out MacAddress mac));
            Assert.Equal(OtherMac, mac);
            Assert.Equal(1, _cache.Counters.AddressChanges);
        }

        [Fact]
        public void Update_GratuitousForStale_RefreshesConfirmationTime()
        {
            MakeStalePeer();
            long refreshed = T0 + NetLimits.ArpReachableTimeNs + Second;
            _cache.Update(Peer, PeerMac, refreshed, _released, out _);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
            ExpectNothing(refreshed + NetLimits.ArpReachableTimeNs - 1);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
            Assert.Equal(0, _cache.Counters.AddressChanges);
        }

        [Fact]
        public void Update_UnknownAddress_NotCachedNothingCreated()
        {
            Assert.Equal(ArpLearnResult.NotCached, _cache.Update(Peer, PeerMac, T0, _released, out _));
            Assert.Equal(0, _cache.Count);
            Assert.Equal(ArpEntryState.None, _cache.StateOf(Peer));
        }

        [Fact]
        public void Update_UnsolicitedWhileIncomplete_ResolvesAndReleases()
        {
            StartResolution(T0, 5);
            Assert.Equal(ArpLearnResult.Updated, _cache.Update(Peer, PeerMac, T0 + 1, _released, out int released));
            Assert.Equal(1, released);
            Assert.Equal(5, _released[0]);
            Assert.Equal(ArpEntryState.Reachable, _cache.StateOf(Peer));
        }

        [Fact]
        public void Learn_UnsolicitedAddressedToUs_CreatesReachable()
        {
            Assert.Equal(ArpLearnResult.Created, _cache.Learn(Peer, PeerMac, T0, _released, out int released));
            Assert.Equal(0, released);
            Assert.Equal(ArpLookupResult.Resolved, _cache.Lookup(Peer, T0, out MacAddress mac));
            Assert.Equal(PeerMac, mac);
            ExpectNothing(T0);
        }

        [Fact]
        public void Learn_ProbeWithZeroSender_Refused()
        {
            Assert.Equal(ArpLearnResult.Refused, _cache.Learn(Ipv4Address.Any, PeerMac, T0, _released, out _));
            Assert.Equal(0, _cache.Count);
            Assert.Equal(1, _cache.Counters.LearnRefused);
        }

        [Fact]
        public void Learn_BroadcastOrMulticastHardwareAddress_Refused()
        {
            Assert.Equal(ArpLearnResult.Refused, _cache.Learn(Peer, MacAddress.Broadcast, T0, _released, out _));
            Assert.Equal(ArpLearnResult.Refused, _cache.Learn(Peer, new MacAddress(0x01, 0, 0x5e, 0, 0, 1), T0, _released, out _));
            Assert.Equal(ArpLearnResult.Refused, _cache.Learn(Peer, MacAddress.Zero, T0, _released, out _));
            Assert.Equal(0, _cache.Count);
        }

        [Fact]
        public void Lookup_BroadcastMulticastLoopbackOrAny_NotUnicast()
        {
            Assert.Equal(ArpLookupResult.NotUnicast, _cache.Lookup(Ipv4Address.Broadcast, T0, out _));
            Assert.Equal(ArpLookupResult.NotUnicast, _cache.Lookup(new Ipv4Address(224, 0, 0, 1), T0, out _));
            Assert.Equal(ArpLookupResult.NotUnicast, _cache.Lookup(new Ipv4Address(127, 0, 0, 1), T0, out _));
            Assert.Equal(ArpLookupResult.NotUnicast, _cache.Lookup(Ipv4Address.Any, T0, out _));
            Assert.Equal(0, _cache.Count);
        }

        [Fact]
        public void Learn_ReleasedSpanTooSmall_Throws()
        {
            Assert.Throws<ArgumentException>(() => _cache.Learn(Peer, PeerMac, T0, new int[1], out _));
        }

        [Fact]
        public void Tick_SpansTooSmall_CutShortThenResumes()
        {
            for (int i = 0; i < 3; i++)
                _cache.Lookup(Host(i), T0, out _);
            ArpTickResult first = _cache.Tick(T0, _requests.AsSpan(0, 2), _failed);
            Assert.Equal(2, first.RequestCount);
            Assert.True(first.OutputFull);
            Assert.Equal(T0, first.NextDueNs);
            ArpTickResult second = _cache.Tick(T0, _requests.AsSpan(0, 2), _failed);
            Assert.Equal(1, second.RequestCount);
            Assert.Equal(Host(2), _requests[0].Target);
            Assert.False(second.OutputFull);
            Assert.Equal(1, _cache.Counters.TickOutputFull);
        }

        [Fact]
        public void Tick_NextDue_IsEarliestDeadline()
        {
            Assert.Equal(long.MaxValue, Tick(T0).NextDueNs);
            Learn(Host(1), HostMac(1), T0);
            StartResolution(T0 + 5);
            Assert.Equal(T0 + 5 + Interval, Tick(T0 + 5).NextDueNs);
            Learn(Peer, PeerMac, T0 + 6);
            Assert.Equal(T0 + NetLimits.ArpReachableTimeNs, Tick(T0 + 6).NextDueNs);
        }

        [Fact]
        public void DataPath_LookupEnqueueLearnTick_AllocatesNothing()
        {
            // A fresh cache per run (the warm-up and each window, made here, outside the measured
            // part), so that every window does the same work: 100 new hosts through a cache of 64 entries.
            var caches = new ArpCache[1 + AllocationMeter.Windows];
            for (int index = 0; index < caches.Length; index++)
                caches[index] = new ArpCache();
            int run = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                ArpCache cache = caches[run++];
                for (int round = 0; round < 100; round++)
                {
                    Ipv4Address address = Host(round);
                    long now = T0 + round * Second;
                    cache.Lookup(address, now, out _);
                    cache.Enqueue(address, round, out _);
                    cache.Tick(now, _requests, _failed);
                    cache.Learn(address, HostMac(round), now, _released, out _);
                    cache.Lookup(address, now, out _);
                }
            });
            Assert.Equal(0, allocated);
            foreach (ArpCache cache in caches)
            {
                Assert.Equal(caches[0].Count, cache.Count);
                Assert.Equal(caches[0].Counters.ResolutionsStarted, cache.Counters.ResolutionsStarted);
                Assert.Equal(ArpEntryState.Reachable, cache.StateOf(Host(99)));
            }
        }
    }
}
