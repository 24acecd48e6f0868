// Per-layer TCP knobs an application may set before creating the TcpLayer (read once, at
// construction: changing them afterwards has no effect on existing blocks' buffers). Defaults
// follow NetLimits; TcpLayer clamps every value into its NetLimits range.
namespace OSv.Net.Tcp
{
    public enum TcpCongestionControl : byte
    {
        NewReno, // RFC 5681 + RFC 6582
    }

    public sealed class TcpSettings
    {
        public int ReceiveBufferBytes { get; set; } = 64 * 1024;
        public int SendBufferBytes { get; set; } = 64 * 1024;

        // RFC 1122 4.2.3.4 (Nagle) and 4.2.3.2 (delayed ACK).
        public bool Nagle { get; set; } = true;
        public bool DelayedAck { get; set; } = true;
        public int ConnectionsMax { get; set; } = 1024;

        // RFC 7323 window scaling and RFC 2018 SACK: offered on our SYNs and accepted on the peer's.
        public bool WindowScaling { get; set; } = true;
        public bool Sack { get; set; } = true;

        // TIME_WAIT's length (2 x MSL); tests and closed networks may shorten it.
        public long TimeWaitNs { get; set; } = NetLimits.TcpTimeWaitNs;
        public long DelayedAckNs { get; set; } = NetLimits.TcpDelayedAckNs;
        public int RetransmissionsMax { get; set; } = NetLimits.TcpRetransmissionsMax;
        public int SynRetransmissionsMax { get; set; } = NetLimits.TcpSynRetransmissionsMax;

        // RFC 1122 4.2.3.6: off by default.
        public bool KeepAlive { get; set; }
        public long KeepAliveIdleNs { get; set; } = NetLimits.TcpKeepAliveIdleNs;
        public long KeepAliveIntervalNs { get; set; } = NetLimits.TcpKeepAliveIntervalNs;
        public int KeepAliveProbesMax { get; set; } = NetLimits.TcpKeepAliveProbesMax;

        public TcpCongestionControl CongestionControl { get; set; } = TcpCongestionControl.NewReno;
    }
}
