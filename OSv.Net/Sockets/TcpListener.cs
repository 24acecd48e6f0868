// A passive TCP open for application threads: Accept blocks (with a timeout) until the stack's
// listener block has an established child, and wraps it in a recycled TcpConnection that gets
// its net channel. The SYN queue and the backlog live in the pure TcpListenerBlock.
using System;
using OSv.Net.Tcp;
using OSv.Net.Wire;

namespace OSv.Net.Sockets
{
    public sealed class TcpListener : NetSocket, IDisposable
    {
        private TcpListenerBlock? _block;

        private TcpListener(Network network, TcpListenerBlock block) : base(network)
        {
            _block = block;
            block.Waker = WakerForBlocks;
        }

        public ushort Port { get; private set; }

        // Listens on port on every local address; null with error set when the port is taken or
        // the listener table is full.
        public static TcpListener? Listen(Network network, ushort port, int backlog, out NetError error)
        {
            using (network.Lock.Acquire())
            {
                TcpListenerBlock? block = network.Stack.Tcp.Listen(Ipv4Address.Any, port, backlog);
                if (block == null)
                {
                    error = NetError.AddressInUse;
                    return null;
                }
                error = NetError.None;
                return new TcpListener(network, block) { Port = port };
            }
        }

        // The next established connection, waiting up to timeoutNs (negative: forever); null on
        // timeout or after Dispose.
        public TcpConnection? Accept(long timeoutNs = TcpConnection.Infinite)
        {
            long deadline = DeadlineAfter(timeoutNs);
            using (Network.Lock.Acquire())
            {
                while (_block != null)
                {
                    if (_block.TryAccept(out TcpControlBlock? block) && block != null)
                    {
                        TcpConnection connection = Network.RentConnectionLocked(block);
                        connection.RegisterChannelLocked();
                        return connection;
                    }
                    if (WaitLocked(SocketEvents.Readable, deadline) == SocketEvents.None)
                        return null;
                }
                return null;
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
                _changed.Broadcast();
                Network.AfterCallLocked();
            }
        }

        internal override SocketEvents ReadinessLocked(long nowNs) =>
            _block == null ? SocketEvents.HangUp : _block.Readiness;
    }
}
