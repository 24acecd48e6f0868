// The memcached appliance booted as an image (samples/Memcached over virtio-net, QEMU user
// network, one guest shared by the class: MemcachedGuest), driven from the host: memccapable's
// ASCII and binary suites and memcslap's pipelined load (libmemcached-tools), a checksummed load over 16 connections, UDP with
// memcached's frame header, the -c limit, and garbage that must not take the server down.
using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Xunit;

namespace OSv.Image.Tests.Memcached
{
    [Collection(ImageCollection.Name)]
    public class MemcachedImageTests : IClassFixture<MemcachedGuest>
    {
        private const string VersionLine = MemcachedGuest.VersionLine;
        private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);
        private readonly MemcachedGuest guest;

        public MemcachedImageTests(MemcachedGuest guest) => this.guest = guest;

        [Fact]
        public void Memccapable_Ascii_PassesEveryTest()
        {
            CommandResult result = RunTool("memccapable", "-a", "-h", "127.0.0.1", "-p", guest.TcpPort.ToString());
            Assert.True(result.ExitCode == 0 && !result.Output.Contains("[FAIL]"), result.Describe() + "\n" + guest.Guest.Describe());
            Assert.Contains("All tests passed", result.Output);
        }

        [Fact]
        public void Memccapable_Binary_PassesEveryTest()
        {
            CommandResult result = RunTool("memccapable", "-b", "-h", "127.0.0.1", "-p", guest.TcpPort.ToString());
            Assert.True(result.ExitCode == 0 && !result.Output.Contains("[FAIL]"), result.Describe() + "\n" + guest.Guest.Describe());
            Assert.Contains("All tests passed", result.Output);
        }

        [Fact]
        public void SixteenConnections_MixedSizesWithChecksums_EveryReadIsAValueWrittenForItsKey()
        {
            IntegrityResult result = IntegrityLoad.Run(guest, connections: 16, operationsPerConnection: 120, seed: 7);
            Assert.True(result.Succeeded, result.Describe() + "\n" + guest.Guest.Describe());
            Assert.Equal(16 * 120, result.Sets + result.Gets);
            Assert.True(result.Hits > 0, result.Describe());
        }

        [Fact]
        public void Udp_SetThenGet_RepliesCarryTheRequestFrameHeader()
        {
            using var client = new UdpClient();
            client.Client.ReceiveTimeout = 3000;
            byte[][] stored = UdpRequest(client, 0x1234, "set udp-small 5 0 5\r\nhello\r\n");
            Assert.Equal("STORED\r\n", Encoding.ASCII.GetString(stored.Single()));
            byte[][] got = UdpRequest(client, 0x4321, "get udp-small\r\n");
            Assert.Equal("VALUE udp-small 5 5\r\nhello\r\nEND\r\n", Encoding.ASCII.GetString(got.Single()));
        }

        [Fact]
        public void Udp_GetOfThreeKilobytes_ComesInThreeNumberedDatagrams()
        {
            byte[] value = IntegrityLoad.MakeValue("udp-large", 0, 0, 3000);
            using (TextClient tcp = guest.Connect())
                Assert.Equal("STORED", tcp.Set("udp-large", value));
            using var client = new UdpClient();
            client.Client.ReceiveTimeout = 3000;
            byte[][] parts = UdpRequest(client, 0x0777, "get udp-large\r\n");
            Assert.Equal(3, parts.Length); // 24 + 3000 + 7 reply bytes, at most 1392 per datagram
            byte[] reply = parts.SelectMany(part => part).ToArray();
            byte[] expected = Encoding.ASCII.GetBytes("VALUE udp-large 0 3000\r\n").Concat(value).Concat(Encoding.ASCII.GetBytes("\r\nEND\r\n")).ToArray();
            Assert.Equal(expected, reply);
        }

        [Fact]
        public void BeyondConnectionLimit_RefusedWithTooManyOpenConnections_ThenServesAgain()
        {
            var held = new TextClient[MemcachedGuest.ConnectionsMax];
            long rejectedBefore;
            try
            {
                // Earlier tests' connections end asynchronously: start once only this one is open.
                held[0] = WaitForConnectionsToClose(out _);
                rejectedBefore = held[0].Stat("rejected_connections");
                for (int i = 1; i < held.Length; i++)
                    held[i] = guest.ConnectServed(); // adopted by a worker
                using (TextClient refused = guest.Connect())
                {
                    Assert.Equal("ERROR Too many open connections", refused.ReadLine());
                    Assert.True(refused.ReadsEndOfStream());
                }
            }
            finally
            {
                foreach (TextClient? client in held)
                    client?.Dispose();
            }
            using TextClient after = WaitForConnectionsToClose(out int refusedWhileWaiting);
            Assert.Equal(rejectedBefore + 1 + refusedWhileWaiting, after.Stat("rejected_connections"));
        }

        [Fact]
        public void RandomBytes_ServerStillAnswersVersionOnANewConnection()
        {
            var random = new Random(11);
            byte[] garbage = new byte[64 * 1024];
            random.NextBytes(garbage);
            garbage[0] = (byte)'x'; // the text dialect (0x80 would pick the binary protocol)
            SendAndClose(garbage);
            AssertAnswersVersion();
        }

        [Fact]
        public void LineOf5000Bytes_RefusedAsTooLongAndClosed_ServerStillAnswers()
        {
            using (TextClient client = guest.Connect())
            {
                client.Send(new string('a', 5000) + "\r\n");
                Assert.Equal("CLIENT_ERROR line too long", client.ReadLine());
                Assert.True(client.ReadsEndOfStream());
            }
            AssertAnswersVersion();
        }

        [Fact]
        public void BinaryHeaderWithAbsurdLengths_ServerStillAnswersVersionOnANewConnection()
        {
            // Request magic, SET, key length 65535, extras 255, body length 4 GB - 1.
            byte[] header = { 0x80, 0x01, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
            SendAndClose(header.Concat(new byte[1000]).ToArray());
            AssertAnswersVersion();
        }

        private void SendAndClose(byte[] bytes)
        {
            using TextClient client = guest.Connect();
            try
            {
                client.Send(bytes);
            }
            catch (SocketException)
            {
                // The server may close a connection that sends garbage: that is allowed.
            }
        }

        private void AssertAnswersVersion()
        {
            using TextClient client = guest.Connect();
            client.Send("version\r\n");
            Assert.Equal(VersionLine, client.ReadLine());
        }

        // A connection once only it is left (curr_connections 1, which the workers lower only after
        // a slot is free again): the others' closes reach the workers asynchronously, so a
        // connection may still be refused at -c for a moment.
        private TextClient WaitForConnectionsToClose(out int refused)
        {
            refused = 0;
            DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                TextClient client = guest.Connect();
                client.Send("version\r\n");
                string line = client.ReadLine();
                long current = line == VersionLine ? client.Stat("curr_connections") : -1;
                if (current == 1)
                    return client;
                if (line == "ERROR Too many open connections")
                    refused++;
                client.Dispose();
                Assert.True(DateTime.UtcNow < end, "connections still open after 30 s: " + (current < 0 ? line : "curr_connections " + current));
                Thread.Sleep(100);
            }
        }

        // One request in one datagram, its reply datagrams in sequence order (payloads without the
        // header); retried with the next request ID if a datagram is lost (UDP).
        private byte[][] UdpRequest(UdpClient client, int requestId, string request) => UdpRequest(guest, client, requestId, request);

        internal static byte[][] UdpRequest(MemcachedGuest guest, UdpClient client, int requestId, string request)
        {
            for (int attempt = 0; attempt < 3; attempt++, requestId++)
            {
                byte[] datagram = new byte[] { (byte)(requestId >> 8), (byte)requestId, 0, 0, 0, 1, 0, 0 }.Concat(Encoding.ASCII.GetBytes(request)).ToArray();
                client.Send(datagram, datagram.Length, guest.UdpEndPoint);
                byte[][]? parts = ReceiveReply(client, requestId);
                if (parts != null)
                    return parts;
            }
            throw new Xunit.Sdk.XunitException("no complete UDP reply to " + request.Trim() + " in 3 attempts\n" + guest.Guest.Describe());
        }

        private static byte[][]? ReceiveReply(UdpClient client, int requestId)
        {
            byte[][]? parts = null;
            int received = 0;
            while (parts == null || received < parts.Length)
            {
                IPEndPoint? from = null;
                byte[] datagram;
                try
                {
                    datagram = client.Receive(ref from);
                }
                catch (SocketException)
                {
                    return null;
                }
                Assert.True(datagram.Length >= 8, "datagram shorter than a frame header");
                if ((datagram[0] << 8 | datagram[1]) != (requestId & 0xFFFF))
                    continue; // a late reply to an earlier attempt
                Assert.Equal(0, datagram[6] << 8 | datagram[7]);
                int sequence = datagram[2] << 8 | datagram[3], total = datagram[4] << 8 | datagram[5];
                parts ??= new byte[total][];
                Assert.Equal(parts.Length, total);
                Assert.Null(parts[sequence]);
                parts[sequence] = datagram.AsSpan(8).ToArray();
                received++;
            }
            return parts;
        }

        internal static CommandResult RunTool(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ToolTimeout))
            {
                process.Kill(entireProcessTree: true);
                return new CommandResult(-1, output.Result, errors.Result + "\n(killed after " + ToolTimeout + ")");
            }
            return new CommandResult(process.ExitCode, output.Result, errors.Result);
        }
    }
}
