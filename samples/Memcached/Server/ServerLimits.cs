// Bounds of the memcached server, in one place (style rule 3): per-connection buffers, how much
// reply a connection may queue before it stops reading requests, and the ranges the settings
// accept. memcached's own limits are cited where ours copy them.
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public static class ServerLimits
    {
        // A connection's receive buffer starts here and grows only for a request with a data
        // block larger than it (up to the item size limit plus its line).
        public const int InputBufferInitialBytes = 4096;

        // A connection's reply buffer starts here; it grows to hold one value (a VALUE line, the
        // block and END) and never beyond ReplyBytesMax(itemSizeMax).
        public const int OutputBufferInitialBytes = 16 * 1024;

        // Requests are executed while less than this much reply waits to be sent: a pipelining
        // client that never reads cannot make the server buffer without bound (memcached stops
        // reading the socket the same way while its iovecs are full).
        public const int OutputHighWaterBytes = 64 * 1024;

        // memcached's defaults and bounds (memcached.c, main's option checks).
        public const int PortDefault = 11211;
        public const int MemoryMegabytesDefault = 64;
        public const int ConnectionsMaxDefault = 1024;
        public const int ThreadsDefault = 4;
        public const int ThreadsMax = 64;
        public const int ItemSizeMinBytes = 1024;               // "Item max size cannot be less than 1024 bytes."
        public const int ItemSizeMaxBytes = StoreLimits.PageSizeBytes; // ours: an item lives in one 1 MB page
        public const int MemoryMegabytesMax = 64 * 1024;

        // The most a request can occupy in the receive buffer: its line, a block of the item size
        // limit, and the block's "\r\n".
        public static int RequestBytesMax(int itemSizeMax) => Limits.LineLengthMax + 2 + itemSizeMax + 2;

        // The most reply bytes one step of a request can add: a value's header line (a VALUE line,
        // or a meta VA line whose return flags echo at most a request line's worth of tokens with
        // their values), its block, and END.
        public static int ReplyBytesMax(int itemSizeMax) =>
            OutputHighWaterBytes + ReplyWriter.ValueLineBytesMax + Limits.LineLengthMax + itemSizeMax + 2 + 5;
    }
}
