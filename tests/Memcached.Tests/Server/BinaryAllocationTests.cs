// Style rule 4 on the binary path: once warm, a set, a get hit, a getk miss, a quiet set and a
// noop through a Session allocate nothing (measured with AllocationMeter; the session is driven
// directly, since the test harness builds strings).
using System;
using Memcached.Protocol;
using Memcached.Server;
using OSv.Testing;
using Xunit;

namespace Memcached.Tests.Server
{
    public class BinaryAllocationTests
    {
        private static int Round(Session session, byte[] requests)
        {
            Span<byte> space = session.ReceiveSpace;
            requests.CopyTo(space);
            session.Received(requests.Length);
            SessionStatus status = session.Process();
            int replied = session.PendingOutput.Length;
            session.Sent(replied);
            return status == SessionStatus.NeedInput ? replied : -1; // (Assert.Equal on an enum allocates)
        }

        [Fact]
        public void SetGetMissNoOp_AfterWarmUp_AllocateNothing()
        {
            var harness = new SessionHarness();
            var joined = new System.Collections.Generic.List<byte>();
            joined.AddRange(BinaryPackets.Set(BinaryOpcode.Set, "some:key", new byte[] { 1, 2, 3, 4, 5 }, flags: 7));
            joined.AddRange(BinaryPackets.Request(BinaryOpcode.Get, "some:key"));
            joined.AddRange(BinaryPackets.Request(BinaryOpcode.GetK, "missing"));
            joined.AddRange(BinaryPackets.Set(BinaryOpcode.SetQ, "other", new byte[] { 9 }));
            joined.AddRange(BinaryPackets.Request(BinaryOpcode.NoOp));
            byte[] requests = joined.ToArray();
            int expected = Round(harness.Session, requests);
            int total = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < 100; round++)
                    total += Round(harness.Session, requests);
            });
            Assert.Equal(0, allocated);
            Assert.Equal(expected * 100 * (1 + AllocationMeter.Windows), total);
            Assert.Equal(24 + 24 + 4 + 5 + 24 + 7 + 24, expected);
        }
    }
}
