// IPv4 fragment reassembly's bounds and timer (style rule 3). Relations between them are checked
// by tests/OSv.Net.Tests/Ip/ReassemblyLimitsTests.cs. The ARP part of NetLimits is
// OSv.Net/Arp/NetLimits.Arp.cs. Times are nanoseconds.
using OSv.Net.Wire;

namespace OSv.Net
{
    public static partial class NetLimits
    {
        // Datagrams being reassembled at once; a fragment of a further one is refused (counted).
        public const int ReassemblyDatagramsMax = 16;

        // A reassembled datagram, header included, is at most what the 16-bit total length field
        // can describe (RFC 791); payload bytes reaching past it are refused ("ping of death").
        public const int ReassemblyDatagramBytesMax = Ipv4Packet.TotalLengthMax;

        // Fragment data is copied into a pool of fixed blocks, taken as the data arrives, so that
        // memory follows what was received rather than 64 KiB per datagram in progress. A block is
        // a multiple of the 8-byte fragment unit, so no unit straddles two blocks.
        public const int ReassemblyBlockBytes = 2048;

        // Total bytes held for all datagrams in progress: the block pool. Four maximum-size
        // datagrams, or many small ones; a fragment needing a block when none is free is refused.
        public const int ReassemblyBytesMax = 256 * 1024;

        public const int ReassemblyBlocksMax = ReassemblyBytesMax / ReassemblyBlockBytes;

        // Blocks one datagram can use: its payload is at most 65535 - 20 bytes.
        public const int ReassemblyBlocksPerDatagramMax =
            (ReassemblyDatagramBytesMax - Ipv4Packet.HeaderBytesMin + ReassemblyBlockBytes - 1) / ReassemblyBlockBytes;

        // RFC 1122 3.3.2: a fixed reassembly timeout, recommended between 60 s and 120 s. Counted
        // from the first fragment received, and not extended by later ones (as Linux does), so a
        // trickle of fragments cannot hold buffers forever.
        public const long ReassemblyTimeoutNs = 60L * 1_000_000_000;

        // What an ICMP Time Exceeded message quotes (RFC 792): the original internet header (at
        // most 60 bytes with options) and the first 64 bits of its data.
        public const int ReassemblyQuoteBytesMax = Ipv4Packet.HeaderBytesMax + 8;
    }
}
