// TCP's bounds and timers (style rule 3), checked against each other by
// tests/OSv.Net.Tests/Tcp/TcpLimitsTests.cs. Times are nanoseconds. Per-connection sizes that an
// application may choose (buffers, table size, timer knobs) live in TcpSettings, whose defaults
// come from here and which TcpLayer clamps to the maxima below.
namespace OSv.Net
{
    public static partial class NetLimits
    {
        private const long NanosecondsPerMillisecond = 1_000_000;

        // Connection blocks per layer (TcpSettings.ConnectionsMax is clamped to this); the flow
        // table has the next power of two at least twice as many slots, so probes stay short.
        public const int TcpConnectionsMax = 65536;

        // Listening ports per layer, and connections one listener holds before accept (in
        // SYN_RECEIVED plus established-but-not-accepted: the backlog is clamped to this).
        public const int TcpListenersMax = 64;
        public const int TcpBacklogMax = 1024;

        // Buffer sizes a setting may ask for: at least one segment, at most 2^30 (RFC 7323 2.3: a
        // window scale of 14 covers 2^30 bytes).
        public const int TcpBufferBytesMin = 1024;
        public const int TcpBufferBytesMax = 1 << 30;

        // RFC 9293 3.7.1: the MSS assumed when the peer sends none.
        public const int TcpDefaultMss = 536;

        // Smallest MSS we accept from a peer (smaller values are raised to it), so that a hostile
        // MSS cannot make us send one-byte segments (Linux's tcp_min_snd_mss is 48).
        public const int TcpMssMin = 64;

        // RFC 6298 2.4 asks for a 1 s minimum RTO; Linux uses 200 ms (TCP_RTO_MIN), as we do, since
        // delayed ACKs here are bounded well below it (TcpDelayedAckNs). RFC 6298 2.5: a maximum
        // of at least 60 s. 2.1: 1 s before any RTT sample.
        public const long TcpRtoMinNs = 200 * NanosecondsPerMillisecond;
        public const long TcpRtoMaxNs = 60 * NanosecondsPerSecond;
        public const long TcpRtoInitialNs = 1 * NanosecondsPerSecond;

        // Retransmissions of one segment before the connection is reset with TimedOut (Linux's
        // tcp_retries2 = 15 for data, tcp_syn_retries = 6 for SYNs).
        public const int TcpRetransmissionsMax = 15;
        public const int TcpSynRetransmissionsMax = 6;

        // RFC 9293 3.4.2: Maximum Segment Lifetime (2 minutes there; Linux's TIME_WAIT is 60 s,
        // i.e. MSL 30 s, which we follow). TIME_WAIT lasts 2 x MSL unless TcpSettings shortens it.
        public const long TcpMslNs = 30 * NanosecondsPerSecond;
        public const long TcpTimeWaitNs = 2 * TcpMslNs;

        // An orphaned FIN_WAIT_2 (the application released the block) closes after this (Linux's
        // tcp_fin_timeout), so that a peer that never closes cannot pin a block.
        public const long TcpFinWait2TimeoutNs = 60 * NanosecondsPerSecond;

        // RFC 9293 3.8.6.3 / RFC 1122 4.2.3.2: an ACK is delayed at most 500 ms (we use Linux's
        // 40 ms floor) and sent for at least every second full-sized segment.
        public const long TcpDelayedAckNs = 40 * NanosecondsPerMillisecond;

        // Out-of-order ranges held in the receive ring (RFC 2018 SACK blocks come from them);
        // a segment that would need more is dropped and counted.
        public const int TcpOutOfOrderRangesMax = 4;

        // Keep-alive defaults (RFC 1122 4.2.3.6: idle at least 2 hours; Linux's 75 s interval and
        // 9 probes).
        public const long TcpKeepAliveIdleNs = 7200 * NanosecondsPerSecond;
        public const long TcpKeepAliveIntervalNs = 75 * NanosecondsPerSecond;
        public const int TcpKeepAliveProbesMax = 9;

        // RFC 7323 2.3: the largest window scale shift.
        public const int TcpWindowScaleMax = 14;

        // RFC 5681 3.2: duplicate ACKs that trigger fast retransmit.
        public const int TcpDuplicateAcksThreshold = 3;

        // Segments one output pass sends at most (bounds the loop; the window bounds it too).
        public const int TcpSegmentsPerOutputMax = 64;

        // Ephemeral ports (RFC 6335 6: the Dynamic Ports range).
        public const int TcpEphemeralPortFirst = 49152;
        public const int TcpEphemeralPortLast = 65535;
        public const int TcpEphemeralPortCount = TcpEphemeralPortLast - TcpEphemeralPortFirst + 1;
    }
}
