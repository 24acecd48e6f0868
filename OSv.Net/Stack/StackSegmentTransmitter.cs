// TCP's output seam (SegmentTransmitter) over the stack's IPv4 output path: BeginSegment lends
// the transmit scratch frame just past the Ethernet and IPv4 headers, TCP writes its whole
// segment there (checksum included), and Transmit puts the two headers in front and sends, so
// the segment is never copied (unless its next hop is resolving, when the frame is held).
// DF is set on every segment: TCP sizes segments to SegmentBytesMax and relies on path MTU
// discovery rather than fragmentation (RFC 9293 3.7.1, RFC 1191).
using System;
using OSv.Net.Tcp;
using OSv.Net.Wire;

namespace OSv.Net.Stack
{
    internal sealed class StackSegmentTransmitter : SegmentTransmitter
    {
        private readonly Ipv4Transmitter _output;

        public StackSegmentTransmitter(Ipv4Transmitter output) => _output = output;

        public override Span<byte> BeginSegment() => _output.BeginPayload();

        public override int SegmentBytesMax => _output.PayloadBytesMax;

        // Sent, or held for ARP (TCP's retransmission covers a later loss either way).
        public override bool Transmit(in FlowKey flow, int length)
        {
            Ipv4SendResult result = _output.Send(flow.LocalAddress, flow.RemoteAddress, IpProtocol.Tcp, length, dontFragment: true);
            return result == Ipv4SendResult.Sent || result == Ipv4SendResult.Queued;
        }
    }
}
