// A UDP socket for application threads: blocking ReceiveFrom with a timeout and SendTo over the
// pure UdpSocketBlock, whose bounded queue holds datagrams until they are read (a full queue
// drops and counts, as a socket buffer does).
using System;
using OSv.Net.Udp;
using OSv.Net.Wire;

namespace OSv.Net.Sockets
{
    public sealed class UdpSocket : NetSocket, IDisposable
    {
        private UdpSocketBlock? _block;

        private UdpSocket(Network network, UdpSocketBlock block) : base(network)
        {
            _block = block;
            block.Waker = WakerForBlocks;
        }

        public ushort Port => Block.LocalPort;

        // Binds port (0: an ephemeral one); null when it is taken or the table is full.
        public static UdpSocket? Bind(Network network, ushort port, out NetError error)
        {
            using (network.Lock.Acquire())
            {
                UdpSocketBlock? block = network.Stack.Udp.Bind(port);
                error = block == null ? NetError.AddressInUse : NetError.None;
                return block == null ? null : new UdpSocket(network, block);
            }
        }

        // Sends one datagram (or queues it while the next hop's address is resolved); false with
        // error set when the interface has no address or route, the datagram does not fit the
        // link, or the device or the pending queue is full.
        public bool SendTo(ReadOnlySpan<byte> payload, Ipv4Address address, ushort port, out NetError error)
        {
            using (Network.Lock.Acquire())
            {
                Network.NowLocked(); // stamps the send's time (ARP uses it)
                UdpSendResult result = Block.TrySendTo(address, port, payload);
                error = result switch
                {
                    UdpSendResult.Sent or UdpSendResult.Queued => NetError.None,
                    UdpSendResult.PayloadTooLarge => NetError.MessageTooLong,
                    UdpSendResult.Dropped => NetError.NoResources,
                    _ => NetError.NoRoute,
                };
                Network.AfterCallLocked();
                return error == NetError.None;
            }
        }

        // The next datagram into buffer (truncated to its length): its length, or -1 on timeout.
        public int ReceiveFrom(Span<byte> buffer, out Ipv4Address from, out ushort fromPort, long timeoutNs = TcpConnection.Infinite)
        {
            long deadline = DeadlineAfter(timeoutNs);
            using (Network.Lock.Acquire())
            {
                while (true)
                {
                    if (Block.TryReceive(buffer, out int length, out from, out fromPort))
                        return length;
                    if (WaitLocked(SocketEvents.Readable, deadline) == SocketEvents.None)
                        return -1;
                }
            }
        }

        public void Dispose()
        {
            using (Network.Lock.Acquire())
            {
                if (_block == null)
                    return;
                PollerOf?.RemoveLocked(this);
                _block.Waker = null;
                _block.Close();
                _block = null;
            }
        }

        internal override SocketEvents ReadinessLocked(long nowNs) => Block.Readiness;

        private UdpSocketBlock Block => _block ?? throw new InvalidOperationException("UdpSocket used after Dispose");
    }
}
