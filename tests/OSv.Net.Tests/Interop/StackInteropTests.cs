// The whole stack (NetStack, TCP, net channels, the blocking socket layer) in this process on a
// tap device, against Linux's own TCP/IP in a network namespace: Linux pings us, connects to our
// echo server and moves 10 MB byte-exact, we connect out to a Linux server, and a UDP echo round
// trip, each with net channels on and off.
using System;
using System.Net;
using System.Net.Sockets;
using OSv.Net.Ip;
using OSv.Net.Sockets;
using OSv.Net.Wire;
using Xunit;
using OsvTcpListener = OSv.Net.Sockets.TcpListener;
using OsvUdpSocket = OSv.Net.Sockets.UdpSocket;
using Thread = OSv.Core.Sched.Thread;

namespace OSv.Net.Tests.Interop
{
    [Collection(TapCollection.Name)]
    public sealed class StackInteropTests
    {
        private const ushort EchoPort = 7;
        private const int TenMegabytes = 10 * 1024 * 1024;
        private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
        private static readonly long SecondNs = 1_000_000_000;

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void LinuxPings_StackAnswers(bool netChannels)
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            Network network = StartStack(link, netChannels);
            try
            {
                int exit = link.Namespace.TryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", TapLink.StackIp.ToString());
                Assert.True(exit == 0, "ping from Linux's side exited " + exit);
            }
            finally
            {
                network.Stop();
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void LinuxConnects_EchoServer_TenMegabytesComeBackExact(bool netChannels)
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            Network network = StartStack(link, netChannels);
            try
            {
                OsvTcpListener listener = OsvTcpListener.Listen(network, EchoPort, 8, out NetError error) ?? throw new InvalidOperationException("listen: " + error);
                Thread server = Thread.Start(() => ServeEchoOnce(listener), "echo");
                long verified = 0;
                LinuxSide.Start(link.Namespace.Name, () => verified = LinuxEchoClient(TapLink.StackIp, EchoPort, TenMegabytes)).Join(TransferTimeout);
                server.Join();
                Assert.Equal(TenMegabytes, verified);
            }
            finally
            {
                network.Stop();
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void StackConnects_ToLinuxEchoServer_OneMegabyteComesBackExact(bool netChannels)
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            Network network = StartStack(link, netChannels);
            try
            {
                const int port = 9007, bytes = 1 << 20;
                using var ready = new System.Threading.ManualResetEventSlim();
                LinuxSide.Runner linux = LinuxSide.Start(link.Namespace.Name, () => LinuxEchoServerOnce(port, ready));
                Assert.True(ready.Wait(TransferTimeout), "Linux's echo server did not start");
                TcpConnection connection = TcpConnection.Connect(network, TapLink.LinuxIp, port, 10 * SecondNs, out NetError error)
                    ?? throw new InvalidOperationException("connect: " + error);
                Assert.Equal(bytes, SendAndVerifyEcho(connection, bytes));
                connection.Dispose();
                linux.Join(TransferTimeout);
            }
            finally
            {
                network.Stop();
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void LinuxSendsDatagrams_UdpEcho_EveryOneComesBack(bool netChannels)
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            Network network = StartStack(link, netChannels);
            try
            {
                OsvUdpSocket socket = OsvUdpSocket.Bind(network, EchoPort, out NetError error) ?? throw new InvalidOperationException("bind: " + error);
                const int datagrams = 50;
                Thread server = Thread.Start(() =>
                {
                    byte[] buffer = new byte[2048];
                    for (int i = 0; i < datagrams; i++)
                    {
                        int length = socket.ReceiveFrom(buffer, out Ipv4Address from, out ushort fromPort, 10 * SecondNs);
                        if (length < 0)
                            return;
                        socket.SendTo(new ReadOnlySpan<byte>(buffer, 0, length), from, fromPort, out _);
                    }
                }, "udp-echo");
                int echoed = 0;
                LinuxSide.Start(link.Namespace.Name, () =>
                {
                    using var client = new System.Net.Sockets.UdpClient();
                    client.Client.ReceiveTimeout = 5000;
                    var target = new IPEndPoint(IPAddress.Parse(TapLink.StackIp.ToString()), EchoPort);
                    var from = new IPEndPoint(IPAddress.Any, 0);
                    for (int i = 0; i < datagrams; i++)
                    {
                        byte[] payload = new byte[1 + i * 29];
                        new Random(i).NextBytes(payload);
                        client.Send(payload, payload.Length, target);
                        if (new ReadOnlySpan<byte>(client.Receive(ref from)).SequenceEqual(payload))
                            echoed++;
                    }
                }).Join(TransferTimeout);
                server.Join();
                Assert.Equal(datagrams, echoed);
            }
            finally
            {
                network.Stop();
            }
        }

        private static Network StartStack(TapLink link, bool netChannels)
        {
            NetConfiguration configuration = NetConfiguration.Static(TapLink.StackIp, new Ipv4Address(255, 255, 255, 0), TapLink.LinuxIp, netChannels)!;
            Network network = Network.Start(link.Device, configuration, null, 0x5EED_0001u);
            Assert.True(network.WaitForConfiguration(SecondNs), "static configuration did not apply");
            Assert.Equal(netChannels, network.NetChannels);
            return network;
        }

        // One connection: echo with Peek/SendSpace/CommitSend/Consume until the peer closes.
        private static void ServeEchoOnce(OsvTcpListener listener)
        {
            TcpConnection? connection = listener.Accept(30 * SecondNs);
            if (connection == null)
                return;
            while (true)
            {
                ReadOnlySpan<byte> received = connection.Peek(30 * SecondNs);
                if (received.IsEmpty)
                    break;
                Span<byte> space = connection.SendSpace(30 * SecondNs);
                if (space.IsEmpty)
                    break;
                int count = Math.Min(received.Length, space.Length);
                received.Slice(0, count).CopyTo(space);
                connection.CommitSend(count);
                connection.Consume(count);
            }
            connection.Close();
            connection.Dispose();
            listener.Dispose();
        }

        // Linux's client: writes `bytes` of a pattern from a second thread while reading and
        // checking the echo; returns how many bytes came back right.
        private static long LinuxEchoClient(Ipv4Address address, ushort port, int bytes)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.ReceiveTimeout = 20000;
            client.SendTimeout = 20000;
            client.Connect(new IPEndPoint(IPAddress.Parse(address.ToString()), port));
            var writer = new System.Threading.Thread(() =>
            {
                byte[] chunk = new byte[16384];
                for (int sent = 0; sent < bytes;)
                {
                    int count = Math.Min(chunk.Length, bytes - sent);
                    for (int i = 0; i < count; i++)
                        chunk[i] = Pattern(sent + i);
                    client.Send(chunk, 0, count, SocketFlags.None);
                    sent += count;
                }
                client.Shutdown(SocketShutdown.Send);
            });
            writer.Start();
            byte[] buffer = new byte[65536];
            long verified = 0;
            while (true)
            {
                int count = client.Receive(buffer);
                if (count == 0)
                    break;
                for (int i = 0; i < count; i++)
                {
                    if (buffer[i] != Pattern(verified + i))
                        throw new InvalidOperationException("byte " + (verified + i) + " differs");
                }
                verified += count;
            }
            writer.Join();
            return verified;
        }

        private static void LinuxEchoServerOnce(int port, System.Threading.ManualResetEventSlim ready)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Parse(TapLink.LinuxIp.ToString()), port));
            listener.Listen(1);
            ready.Set();
            using Socket connection = listener.Accept();
            connection.ReceiveTimeout = 20000;
            byte[] buffer = new byte[65536];
            while (true)
            {
                int count = connection.Receive(buffer);
                if (count == 0)
                    break;
                connection.Send(buffer, 0, count, SocketFlags.None);
            }
            connection.Shutdown(SocketShutdown.Send);
        }

        private static int SendAndVerifyEcho(TcpConnection connection, int bytes)
        {
            byte[] chunk = new byte[8192];
            int sent = 0, verified = 0;
            while (verified < bytes)
            {
                if (sent < bytes)
                {
                    int count = Math.Min(chunk.Length, bytes - sent);
                    for (int i = 0; i < count; i++)
                        chunk[i] = Pattern(sent + i);
                    sent += connection.Send(new ReadOnlySpan<byte>(chunk, 0, count), 0);
                    if (sent == bytes)
                        connection.Close();
                }
                ReadOnlySpan<byte> echoed = connection.Peek(sent > verified ? 10 * SecondNs : 0);
                if (echoed.IsEmpty && connection.Error != NetError.TimedOut)
                    break;
                for (int i = 0; i < echoed.Length; i++)
                {
                    if (echoed[i] != Pattern(verified + i))
                        throw new InvalidOperationException("echoed byte " + (verified + i) + " differs");
                }
                verified += echoed.Length;
                connection.Consume(echoed.Length);
            }
            return verified;
        }

        private static byte Pattern(long offset) => (byte)(offset % 251 ^ offset / 251 * 7);
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TapCollection
    {
        public const string Name = "tap";
    }
}
