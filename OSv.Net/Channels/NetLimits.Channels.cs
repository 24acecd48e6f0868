// The net channels' bounds (style rule 3): the per-connection ring, the flow table and the
// sequence-lock retry budget. Relations between them are checked by
// tests/OSv.Net.Tests/Channels/ChannelLimitsTests.cs. Other layers keep their parts beside their
// code (Arp/NetLimits.Arp.cs, Ip/NetLimits.Ip.cs).
namespace OSv.Net
{
    public static partial class NetLimits
    {
        // The unit of false sharing on x86-64 (and most arm64 cores): fields written by different
        // threads are kept at least this far apart (style rule 13).
        public const int CacheLineBytes = 64;

        // Frames one connection's channel holds before the classifier gives up on it and lets
        // the frame take the normal path: 256, as OSv's net_channel ring. A power of two, so an
        // index maps to a slot with a mask. It bounds how many device buffers one slow consumer
        // can pin (the driver's receive ring must be larger, or one flow could starve the rest).
        public const int NetChannelRingCapacity = 256;

        // Flows with a channel at once. Matches TcpSettings.ConnectionsMax's default: one channel
        // per connection at most.
        public const int FlowTableEntriesMax = 1024;

        // Slots of the open-addressing table: twice the entries, so the load factor stays at or
        // below 1/2 and linear-probe runs stay short (expected probes for a hit ~1.5, Knuth 6.4).
        // A power of two, so a hash maps to a slot with a mask.
        public const int FlowTableSlots = 2 * FlowTableEntriesMax;

        // Lock-free lookups that meet a writer mid-change retry this many times in all, then report
        // "not found": the frame takes the normal path, which is always correct, so a reader never
        // spins behind a writer.
        public const int FlowTableReadAttemptsMax = 4;
    }
}
