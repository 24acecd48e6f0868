// A TCP connection for application threads: blocking Send and Receive with timeouts over the
// pure TcpControlBlock, and the zero-copy forms a server uses to copy payload once:
//   receive: Peek returns the in-order bytes where TCP input put them (the receive ring), the
//            app parses them in place, Consume releases them;
//   send:    SendSpace returns free space in the send ring, the app writes its reply there,
//            CommitSend queues it (TCP then sends from the ring, keeping it for retransmission).
// Timeouts are nanoseconds; a negative timeout waits forever. Objects are recycled: after
// Dispose the connection must not be used again.
using System;
using OSv.Core.Time;
using OSv.Net.Channels;
using OSv.Net.Tcp;

namespace OSv.Net.Sockets
{
    public sealed class TcpConnection : NetSocket, IDisposable
    {
        public const long Infinite = -1;

        private TcpControlBlock? _block;
        private bool _channelRegistered;

        internal TcpConnection(Network network) : base(network)
        {
            Channel = new NetChannel(network.Device) { Waker = WakerForChannel };
        }

        internal NetChannel Channel { get; }
        internal int ChannelAge;

        public FlowKey Flow { get; private set; }

        // Why the last operation failed, or None.
        public NetError Error { get; private set; }

        internal void Attach(TcpControlBlock block)
        {
            _block = block;
            Flow = block.Flow;
            Error = NetError.None;
            ChannelAge = 0;
            block.Waker = WakerForBlocks;
            _channelRegistered = false;
        }

        // An active open to address:port from the interface's address; null with Error set when
        // it is refused, times out, or no connection block or port is free.
        public static TcpConnection? Connect(Network network, Wire.Ipv4Address address, ushort port, long timeoutNs, out NetError error)
        {
            long deadline = DeadlineAfter(timeoutNs);
            using (network.Lock.Acquire())
            {
                long now = network.NowLocked();
                if (!network.Stack.IsConfigured)
                {
                    error = NetError.NoRoute;
                    return null;
                }
                TcpControlBlock? block = network.Stack.Tcp.Connect(network.Stack.Address, address, port, now);
                if (block == null)
                {
                    error = NetError.NoResources;
                    return null;
                }
                TcpConnection connection = network.RentConnectionLocked(block);
                network.AfterCallLocked();
                SocketEvents ready = connection.WaitLocked(SocketEvents.Writable, deadline);
                error = ready == SocketEvents.None ? NetError.TimedOut : connection.ErrorOfLocked(ready, refusedOnReset: true);
                if (error != NetError.None)
                {
                    connection.DisposeLocked();
                    return null;
                }
                connection.RegisterChannelLocked();
                return connection;
            }
        }

        // Called by TcpListener.Accept for an established child.
        internal void RegisterChannelLocked() => _channelRegistered = Network.RegisterChannelLocked(this);

        // Copies received bytes into buffer: the count (> 0), 0 at the end of the stream (the
        // peer closed), or -1 with Error set (timeout, reset).
        public int Receive(Span<byte> buffer, long timeoutNs = Infinite)
        {
            if (buffer.IsEmpty)
                return 0;
            using (Network.Lock.Acquire())
            {
                ReadOnlySpan<byte> received = PeekLocked(DeadlineAfter(timeoutNs));
                if (received.IsEmpty)
                    return Error == NetError.None ? 0 : -1;
                int count = received.Length < buffer.Length ? received.Length : buffer.Length;
                received.Slice(0, count).CopyTo(buffer);
                ConsumeLocked(count);
                return count;
            }
        }

        // The received in-order bytes at the head of the receive buffer, waiting for at least one:
        // empty at the end of the stream (Error None) or on timeout/reset (Error set). The span
        // stays valid until Consume; only this connection's reader may call Peek and Consume.
        public ReadOnlySpan<byte> Peek(long timeoutNs = Infinite)
        {
            using (Network.Lock.Acquire())
                return PeekLocked(DeadlineAfter(timeoutNs));
        }

        // Releases the first `bytes` of what Peek returned (the window may open).
        public void Consume(int bytes)
        {
            using (Network.Lock.Acquire())
                ConsumeLocked(bytes);
        }

        private ReadOnlySpan<byte> PeekLocked(long deadlineNs)
        {
            TcpControlBlock block = Block;
            SocketEvents ready = WaitLocked(SocketEvents.Readable, deadlineNs);
            ReadOnlySpan<byte> received = block.PeekReceived();
            if (!received.IsEmpty)
            {
                Error = NetError.None;
                return received;
            }
            Error = ready == SocketEvents.None ? NetError.TimedOut : ErrorOfLocked(ready, refusedOnReset: false);
            return default;
        }

        private void ConsumeLocked(int bytes)
        {
            long now = Network.NowLocked();
            Block.Consume(bytes, now);
            Network.AfterCallLocked();
        }

        // Queues all of data, waiting for send-buffer space as needed: the count queued, which is
        // data.Length unless the timeout passed or the connection failed (Error set).
        public int Send(ReadOnlySpan<byte> data, long timeoutNs = Infinite)
        {
            long deadline = DeadlineAfter(timeoutNs);
            int sent = 0;
            using (Network.Lock.Acquire())
            {
                Error = NetError.None;
                while (sent < data.Length)
                {
                    long now = Network.NowLocked();
                    int taken = Block.Send(data.Slice(sent), now);
                    sent += taken;
                    Network.AfterCallLocked();
                    if (sent == data.Length)
                        break;
                    if (taken == 0 && !WaitForSpaceLocked(deadline))
                        break;
                }
            }
            return sent;
        }

        // Free space at the tail of the send buffer, waiting for some; empty with Error set on
        // timeout or failure. Write into it, then CommitSend what was written.
        public Span<byte> SendSpace(long timeoutNs = Infinite)
        {
            long deadline = DeadlineAfter(timeoutNs);
            using (Network.Lock.Acquire())
            {
                Error = NetError.None;
                while (true)
                {
                    Span<byte> space = Block.SendSpace();
                    if (!space.IsEmpty || !WaitForSpaceLocked(deadline))
                        return space;
                }
            }
        }

        public void CommitSend(int bytes)
        {
            using (Network.Lock.Acquire())
            {
                long now = Network.NowLocked();
                Block.CommitSend(bytes, now);
                Network.AfterCallLocked();
            }
        }

        private bool WaitForSpaceLocked(long deadlineNs)
        {
            SocketEvents ready = WaitLocked(SocketEvents.Writable, deadlineNs);
            if ((ready & SocketEvents.Writable) != 0 && (ready & (SocketEvents.Error | SocketEvents.HangUp)) == 0)
                return true;
            Error = ready == SocketEvents.None ? NetError.TimedOut : ErrorOfLocked(ready, refusedOnReset: false);
            if (Error == NetError.None)
                Error = NetError.NotConnected;
            return false;
        }

        // Orderly close: queued data is still delivered, then FIN. The connection object stays
        // usable for Receive until Dispose.
        public void Close()
        {
            using (Network.Lock.Acquire())
            {
                long now = Network.NowLocked();
                Block.Close(now);
                Network.AfterCallLocked();
            }
        }

        // Abortive close: RST, queued data discarded.
        public void Abort()
        {
            using (Network.Lock.Acquire())
            {
                long now = Network.NowLocked();
                Block.Abort(now);
                Network.AfterCallLocked();
            }
        }

        // Closes (orderly, if not closed yet) and recycles this object.
        public void Dispose()
        {
            using (Network.Lock.Acquire())
                DisposeLocked();
        }

        private void DisposeLocked()
        {
            TcpControlBlock? block = _block;
            if (block == null)
                return;
            long now = Network.NowLocked();
            if (_channelRegistered)
                Network.UnregisterChannelLocked(this, now);
            _channelRegistered = false;
            PollerOf?.RemoveLocked(this);
            block.Waker = null;
            block.Close(now);
            block.Release();
            _block = null;
            Network.AfterCallLocked();
            Network.ReturnConnectionLocked(this);
        }

        internal override SocketEvents ReadinessLocked(long nowNs)
        {
            if (_channelRegistered)
                Network.DrainChannelLocked(Channel, nowNs);
            return Block.Readiness;
        }

        private NetError ErrorOfLocked(SocketEvents ready, bool refusedOnReset)
        {
            if ((ready & SocketEvents.Error) == 0)
                return NetError.None;
            return Block.Error switch
            {
                TcpError.Reset => refusedOnReset ? NetError.ConnectionRefused : NetError.ConnectionReset,
                TcpError.TimedOut => NetError.TimedOut,
                TcpError.Refused => NetError.ConnectionRefused,
                _ => NetError.ConnectionReset,
            };
        }

        private TcpControlBlock Block => _block ?? throw new InvalidOperationException("TcpConnection used after Dispose");
    }
}
