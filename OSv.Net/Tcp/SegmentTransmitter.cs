// The one way TCP gets segments onto the network (smoltcp's "output is pulled" seam): the IP
// layer lends a buffer, TCP writes a whole segment into it (header, options, payload and the
// checksum over the RFC 9293 3.1 pseudo-header), and Transmit hands it to IP, which prepends
// its header and the link's, resolving the next hop. TCP never touches a device.
namespace OSv.Net.Tcp
{
    public abstract class SegmentTransmitter
    {
        // A buffer for one segment, at least SegmentBytesMax long; valid until Transmit or the
        // next BeginSegment.
        public abstract System.Span<byte> BeginSegment();

        // The largest TCP segment (header + options + payload) the link carries unfragmented:
        // the interface MTU minus the IPv4 header.
        public abstract int SegmentBytesMax { get; }

        // Sends the first `length` bytes of the buffer from flow.LocalAddress to
        // flow.RemoteAddress. False when it could not be queued (no route, device full, next hop
        // unresolved and its pending queue full): TCP treats that as a lost segment.
        public abstract bool Transmit(in FlowKey flow, int length);
    }
}
