// The outcome of checking bytes against a wire format: every view's TryCreate and every header's
// Parse returns one. Three statuses, as in style rule 7 (Ok, NeedMore, Malformed), named for
// packets: a datagram that ends early is Truncated (more bytes would not arrive later, but the
// caller may count it apart from garbage), one whose fields contradict each other or the
// protocol is Malformed. The reason says which check failed, for counters and for tests; it is
// an enum, not a string, so that rejecting a packet allocates nothing.
namespace OSv.Net.Wire
{
    public enum WireStatus : byte
    {
        Ok,
        Truncated,
        Malformed,
    }

    public enum WireReason : byte
    {
        None,

        // Truncated: the buffer ends inside the fixed header, or before the length the header
        // itself declares (IPv4 total length, UDP length, IPv4 header length).
        HeaderTruncated,
        PayloadTruncated,

        // Malformed, Ethernet: the type/length field is an IEEE 802.3 length (below 0x0600),
        // not an Ethernet II EtherType.
        NotEthernetII,

        // Malformed, ARP: only Ethernet (hardware type 1, 6-byte addresses) and IPv4 (protocol
        // type 0x0800, 4-byte addresses) are handled; opcodes other than request and reply are
        // refused by ArpMessage.Parse.
        UnsupportedHardwareType,
        UnsupportedProtocolType,
        BadAddressLength,
        UnsupportedOperation,

        // Malformed, IPv4.
        BadVersion,
        BadHeaderLength,
        BadTotalLength,
        BadFragmentOffset,

        // Malformed, any protocol with a checksum (IPv4 header, ICMP, UDP).
        BadChecksum,

        // Malformed, UDP: the length field is below the 8-byte header.
        BadLength,

        // Malformed, TCP: an option shorter than 2 bytes, running past the header, or with the
        // wrong length for its kind.
        BadOption,
    }

    public readonly struct WireResult
    {
        public readonly WireStatus Status;
        public readonly WireReason Reason;

        private WireResult(WireStatus status, WireReason reason)
        {
            Status = status;
            Reason = reason;
        }

        public bool IsOk => Status == WireStatus.Ok;

        public static WireResult Ok => new WireResult(WireStatus.Ok, WireReason.None);

        public static WireResult Truncated(WireReason reason) => new WireResult(WireStatus.Truncated, reason);

        public static WireResult Malformed(WireReason reason) => new WireResult(WireStatus.Malformed, reason);
    }
}
