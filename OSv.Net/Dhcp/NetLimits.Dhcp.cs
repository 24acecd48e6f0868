// The DHCP client's timers and bounds (RFC 2131). Relations are checked by
// tests/OSv.Net.Tests/Dhcp/DhcpLimitsTests.cs. Times are nanoseconds.
namespace OSv.Net
{
    public static partial class NetLimits
    {
        // RFC 2131 4.1: the first retransmission after 4 s, doubling up to 64 s, each delay
        // randomised by a uniform -1 s .. +1 s.
        public const long DhcpRetransmitInitialNs = 4 * NanosecondsPerSecond;
        public const long DhcpRetransmitMaxNs = 64 * NanosecondsPerSecond;
        public const long DhcpRetransmitJitterNs = 1 * NanosecondsPerSecond;

        // REQUESTs sent for one offer before going back to INIT (RFC 2131 3.1 step 5: after the
        // retransmission algorithm, "the client reverts to INIT state and restarts").
        public const int DhcpRequestAttemptsMax = 4;

        // RFC 2131 4.4.5: in RENEWING and REBINDING the client waits half the remaining time to
        // T2 (or to the lease's end) between requests, "down to a minimum of 60 seconds".
        public const long DhcpRenewRetransmitMinNs = 60 * NanosecondsPerSecond;

        // DNS servers kept from option 6.
        public const int DhcpDnsServersMax = 3;

        // The messages the client sends: 240 fixed bytes and the options, padded to BOOTP's
        // 300-byte minimum (RFC 1542 2.1) for old relays; well below the 576-byte IP datagram
        // every host accepts (RFC 2131 2).
        public const int DhcpMessageBytesMin = 300;
        public const int DhcpMessageBytesMax = 576 - 20 - 8;
    }
}
