// The host peers in-process on loopback (the user-networking case, where hostfwd brings the
// guest's ports to 127.0.0.1): the echo check accepts a faithful echo, and names the exact
// offset or the early close of an unfaithful one; the source service sends the seeded pattern.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using OSv.NetPeer;
using Xunit;

namespace OSv.Image.Tests.Net
{
    public class HostPeerTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
        private static readonly IPEndPoint AnyLoopbackPort = new IPEndPoint(IPAddress.Loopback, 0);

        [Fact]
        public void TcpEcho_FaithfulServer_EveryByteVerified()
        {
            using TcpServer server = TcpServer.Start(TcpService.Echo, AnyLoopbackPort);
            EchoResult echo = HostTcpPeer.Echo(server.EndPoint, 3_000_001, seed: 9, Timeout);
            Assert.True(echo.Succeeded, echo.Describe());
            Assert.Equal(3_000_001, echo.BytesVerified);
            Assert.Equal(-1, echo.MismatchOffset);
        }

        [Fact]
        public void TcpEcho_DiscardServer_ReportsEarlyClose()
        {
            using TcpServer server = TcpServer.Start(TcpService.Discard, AnyLoopbackPort);
            EchoResult echo = HostTcpPeer.Echo(server.EndPoint, 1000, seed: 9, Timeout);
            Assert.Equal("the server closed after 0 of 1000 bytes", echo.Error);
        }

        [Fact]
        public async Task TcpEcho_ServerFlipsOneByte_ReportsItsOffset()
        {
            using Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(AnyLoopbackPort);
            listener.Listen();
            Task corrupting = Task.Run(() => EchoFlippingByte(listener, 70_000));
            EchoResult echo = await HostTcpPeer.EchoAsync((IPEndPoint)listener.LocalEndPoint!, 100_000, seed: 3, Timeout);
            Assert.Equal(70_000, echo.MismatchOffset);
            Assert.Equal("echoed byte at offset 70000 differs from what was sent", echo.Error);
            await corrupting.WaitAsync(Timeout);
        }

        [Fact]
        public void Source_SendsTheSeededPattern()
        {
            using TcpServer server = TcpServer.Start(TcpService.Source, AnyLoopbackPort);
            using Socket client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(server.EndPoint);
            byte[] received = new byte[200_000];
            int total = 0;
            while (total < received.Length)
                total += client.Receive(received, total, received.Length - total, SocketFlags.None);
            Assert.Equal(-1, SeededPattern.FirstMismatch(TcpServer.SourceSeed, 0, received));
        }

        [Fact]
        public void UdpEcho_FaithfulServer_EveryDatagramVerified()
        {
            using UdpEchoServer server = UdpEchoServer.Start(AnyLoopbackPort);
            UdpEchoResult echo = HostUdpPeer.Echo(server.EndPoint, 200, 1400, seed: 4, TimeSpan.FromSeconds(5));
            Assert.Equal(new UdpEchoResult(200, 200, 0, 0, echo.Seconds), echo);
        }

        [Fact]
        public void UdpEcho_NoServer_CountsEveryDatagramLost()
        {
            using Socket unused = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            unused.Bind(AnyLoopbackPort); // a port nobody answers on while this test runs
            IPEndPoint silent = (IPEndPoint)unused.LocalEndPoint!;
            UdpEchoResult echo = HostUdpPeer.Echo(silent, 3, 100, seed: 4, TimeSpan.FromMilliseconds(200));
            Assert.Equal(3, echo.Lost);
            Assert.False(echo.Succeeded);
        }

        [Theory]
        [InlineData(0, 64)]
        [InlineData(3, 29)]
        [InlineData(7, 1)]
        [InlineData(1_000_005, 4096)]
        public void SeededPattern_Fill_AgreesWithAt(long offset, int length)
        {
            byte[] filled = new byte[length];
            SeededPattern.Fill(77, offset, filled);
            for (int i = 0; i < length; i++)
                Assert.Equal(SeededPattern.At(77, offset + i), filled[i]);
        }

        // Echoes everything, but with the byte at flipOffset inverted.
        private static void EchoFlippingByte(Socket listener, long flipOffset)
        {
            using Socket connection = listener.Accept();
            byte[] buffer = new byte[8192];
            long offset = 0;
            int received;
            while ((received = connection.Receive(buffer)) > 0)
            {
                if (flipOffset >= offset && flipOffset < offset + received)
                    buffer[flipOffset - offset] ^= 0xFF;
                connection.Send(buffer, received, SocketFlags.None);
                offset += received;
            }
            connection.Shutdown(SocketShutdown.Send);
        }
    }
}
