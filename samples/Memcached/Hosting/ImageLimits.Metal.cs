// Bounds of the image's transport (MemcachedHost.Metal.cs, TcpWorker.Metal.cs, UdpServer.Metal.cs),
// in one place (style rule 3). The protocol's own bounds are in Server/ServerLimits.cs.
using OSv.Core.Time;

namespace Memcached.Hosting
{
    internal static class ImageLimits
    {
        // Exit codes (sysexits.h): a bad flag on the command line (EX_USAGE, as the brief and
        // memcached's scripts expect), no network device or address (EX_UNAVAILABLE), a port that
        // cannot be listened on or bound (EX_OSERR).
        public const int ExitUsage = 64;
        public const int ExitUnavailable = 69;
        public const int ExitOsError = 71;

        // How long boot waits for an address (static: at once; DHCP: QEMU answers in ms).
        public const long ConfigurationTimeoutNs = 20 * Clock.NanosecondsPerSecond;

        // TCP's accept queue (memcached's -b defaults to 1024; a guest under TCG takes fewer).
        public const int ListenBacklog = 128;

        // Per-connection TCP rings. memcached's replies are small; a large value streams through
        // the send ring. 32 KB each keeps a thousand connections within ~64 MB (plus each
        // session's 20 KB): the rings are allocated when a connection block is first used.
        public const int TcpReceiveBufferBytes = 32 * 1024;
        public const int TcpSendBufferBytes = 32 * 1024;

        // Connection blocks beyond -c: those the server closed first linger in TIME_WAIT, and
        // connections refused at -c need a block long enough to hear "ERROR Too many open
        // connections". A quarter more, and at least this many.
        public const int TcpBlocksHeadroomMin = 64;

        // Requests one connection may read per wake-up before the worker serves the others
        // (memcached's -R, reqs_per_event, default 20); a yield is counted (conn_yields).
        public const int ReceivesPerWakeMax = 20;

        // Polls a worker serving on the net thread (-t 1) makes after one pass of that thread: the
        // last finds nothing unless clients keep the sockets ready, and then the net thread passes
        // again (taking new frames) before polling more.
        public const int NetThreadRoundsMax = 4;

        // UDP requests the net thread serves after one pass (-t 1), so a UDP flood cannot keep it
        // from taking frames and running TCP's timers.
        public const int UdpDatagramsPerPassMax = 16;

        // Ready sockets one poller wait reports.
        public const int PollEventsMax = 64;

        // RAM the guest needs, for the "building the store" line. Item pages: the store allocates
        // its 1 MB slab pages in 8 MB groups (SlabAllocator), each a page run of its own, so -m
        // costs -m megabytes of RAM; item headers live inside the pages. The rest: image, boot
        // heap, stacks, net stack, UDP buffers, a few connections (84 KB each). Measured: -m 64
        // filled to evictions runs in 72 MB and panics in 68 MB (before the page groups, each
        // 1 MB page took a 2 MB heap chunk: 136 MB).
        public const int RamPerItemMegabyteMegabytes = 1;
        public const int BaseRamMegabytes = 16;

        // UDP: the largest datagram IPv4 reassembles for us, and the reply datagram buffer.
        public const int UdpDatagramBytesMax = 65535;
    }
}
