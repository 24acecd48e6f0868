// UDP's bounds (style rule 3): the socket table and each socket's receive queue, and the
// ephemeral port range. Relations are checked by tests/OSv.Net.Tests/Udp/UdpLimitsTests.cs.
namespace OSv.Net
{
    public static partial class NetLimits
    {
        // Bound UDP sockets at once (an appliance runs a DNS client, DHCP, perhaps a syslog or
        // metrics sender); Bind fails when all are taken.
        public const int UdpSocketsMax = 32;

        // Each socket's receive queue: a byte ring holding datagram records (an 8-byte record
        // header and the payload). Room for several full-MTU datagrams; a datagram that does not
        // fit is dropped and counted, as a kernel does when SO_RCVBUF is full.
        public const int UdpReceiveQueueBytes = 16 * 1024;

        // The record header in the queue: payload length, source port, source address.
        public const int UdpRecordHeaderBytes = 8;

        // The dynamic port range of RFC 6335 section 6, used for Bind(0).
        public const int UdpEphemeralPortFirst = 49152;
        public const int UdpEphemeralPortLast = 65535;
        public const int UdpEphemeralPortCount = UdpEphemeralPortLast - UdpEphemeralPortFirst + 1;
    }
}
