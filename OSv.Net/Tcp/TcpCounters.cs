// Counters of one TcpLayer (style rule 3: every drop is counted). Plain longs: the layer is used
// under the stack lock, so no atomics are needed.
namespace OSv.Net.Tcp
{
    public sealed class TcpCounters
    {
        public long SegmentsReceived;
        public long SegmentsSent;
        public long Retransmissions;
        public long FastRetransmits;
        public long RetransmissionTimeouts;
        public long ChecksumErrors;
        public long MalformedSegments;
        public long ResetsSent;
        public long ResetsReceived;
        public long SynQueueOverflows;
        public long ConnectionTableFull;
        public long ActiveOpens;
        public long PassiveOpens;
        public long ConnectionsTimedOut;
        public long OutOfWindowSegments;
        public long OutOfOrderDrops;
        public long ReceiveRingOverruns; // segments trimmed at the receive ring's free space inside the window (must stay 0)
        public long ChallengeAcks;
        public long TransmitFailures;
        public long NoPortDrops;
    }
}
