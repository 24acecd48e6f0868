using System;
using System.Collections.Generic;
using System.Threading;
using OSv.Net.Ip;
using OSv.Net.Link;
using OSv.Net.Sockets;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Sockets
{
    // The poller's ready list under registration churn, on a running Network with a silent device.
    // UDP sockets are Writable while bound, so a socket registered for Writable is always ready:
    // a level-triggered poller must report it on every Wait.
    public sealed class PollerTests : IDisposable
    {
        private readonly Network _network;
        private readonly List<UdpSocket> _sockets = new List<UdpSocket>();
        private ushort _nextPort = 5000;

        public PollerTests()
        {
            NetConfiguration configuration = NetConfiguration.Static(new Ipv4Address(10, 0, 0, 2), new Ipv4Address(255, 255, 255, 0), Ipv4Address.Any, netChannels: false)!;
            _network = Network.Start(new SilentFrameDevice(), configuration, null, 1);
        }

        public void Dispose()
        {
            foreach (UdpSocket socket in _sockets)
                socket.Dispose();
            _network.Stop();
        }

        // Regression: removing a queued socket left its slot in the ring counted, so a later add
        // could overwrite a live entry; that socket then stayed marked as queued and was never
        // reported again (memcached connections whose FIN never reached the worker).
        [Fact]
        public void Wait_AfterQueuedSocketsAreRemovedAndOthersAdded_ReportsEveryRegisteredSocket()
        {
            const int capacity = 2;
            var poller = new Poller(_network, capacity);
            UdpSocket a = Bind(), b = Bind();
            Assert.True(poller.Add(a, SocketEvents.Writable, 1));
            Assert.True(poller.Add(b, SocketEvents.Writable, 2));
            poller.Remove(a); // queued when removed
            UdpSocket c = Bind();
            Assert.True(poller.Add(c, SocketEvents.Writable, 3));

            for (int wait = 0; wait < 3; wait++)
                Assert.Equal(new[] { 2, 3 }, ReportedTokens(poller));
        }

        [Fact]
        public void Wait_ChurnAtFullCapacity_ReportsExactlyTheRegisteredSockets()
        {
            const int capacity = 8;
            var poller = new Poller(_network, capacity);
            var random = new OSv.Testing.SimulationRandom(17);
            var registered = new Dictionary<int, UdpSocket>();
            int nextToken = 1;
            for (int step = 0; step < 400; step++)
            {
                if (registered.Count > 0 && (registered.Count == capacity || random.Chance(50)))
                {
                    int[] tokens = new int[registered.Count];
                    registered.Keys.CopyTo(tokens, 0);
                    int victim = random.Pick(tokens);
                    poller.Remove(registered[victim]);
                    Release(registered[victim]); // the stack's UDP table is bounded
                    registered.Remove(victim);
                }
                else
                {
                    UdpSocket socket = Bind();
                    Assert.True(poller.Add(socket, SocketEvents.Writable, nextToken));
                    registered.Add(nextToken++, socket);
                }
                if (random.Chance(25))
                {
                    int[] expected = new int[registered.Count];
                    registered.Keys.CopyTo(expected, 0);
                    Array.Sort(expected);
                    Assert.Equal(expected, ReportedTokens(poller));
                }
            }
        }

        private int[] ReportedTokens(Poller poller)
        {
            var events = new PollEvent[poller.Capacity + 1];
            int count = poller.Wait(events, 0);
            int[] tokens = new int[count];
            for (int i = 0; i < count; i++)
                tokens[i] = events[i].Token;
            Array.Sort(tokens);
            return tokens;
        }

        private UdpSocket Bind()
        {
            UdpSocket socket = UdpSocket.Bind(_network, _nextPort++, out NetError error) ?? throw new InvalidOperationException("bind: " + error);
            _sockets.Add(socket);
            return socket;
        }

        private void Release(UdpSocket socket)
        {
            _sockets.Remove(socket);
            socket.Dispose();
        }

        // No traffic: the net thread sleeps until interrupted or its deadline.
        private sealed class SilentFrameDevice : FrameDevice
        {
            private readonly AutoResetEvent _interrupt = new AutoResetEvent(false);

            public override MacAddress Address => new MacAddress(0x02, 0, 0, 0, 0, 9);
            public override bool LinkUp => true;
            public override int FrameBytesMax => 1514;
            public override bool TryTake(out FrameLease frame)
            {
                frame = default;
                return false;
            }
            public override ReadOnlySpan<byte> Bytes(in FrameLease frame) => throw new InvalidOperationException("no frames");
            public override void Return(in FrameLease frame) => throw new InvalidOperationException("no frames");
            public override bool TrySend(ReadOnlySpan<byte> frame) => true;
            public override bool WaitForFrames(long timeoutNanoseconds) =>
                _interrupt.WaitOne(TimeSpan.FromTicks(Math.Min(timeoutNanoseconds / 100, TimeSpan.FromSeconds(1).Ticks)));
            public override void InterruptWait() => _interrupt.Set();
        }
    }
}
