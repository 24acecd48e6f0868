// One booted memcached image shared by the tests of a class (an xunit class fixture): QEMU's
// user-mode network with a TCP and a UDP port forwarded from the host's loopback to the guest's
// 11211. Booting under TCG takes a few seconds; every test then talks to the same server, so
// tests must leave it as they found it (no connections held, nothing that changes other tests'
// keys). MemcachedGuest boots 2 vCPUs with 2 workers; OneCpuMemcachedGuest boots the
// benchmark's shape, 1 vCPU and 1 worker, where one worker serves every connection in turn.
//
// Connecting through the forwarded port: QEMU's user network (libslirp 4.7, tcp_listen) listens on
// it with a backlog of 1 and accepts one connection per main-loop pass. Connects that arrive
// together overflow that queue, and Linux (tcp_syncookies = 1) answers them with SYN cookies:
// such a client believes it is connected while the host dropped its handshake ACK, and the first
// of its segments past the first fails the cookie check and draws a RST from the host kernel.
// The guest never sees the connection, and the client reads "connection reset by peer" (a set
// sends its command line and its block as separate segments; measured: 16 concurrent connects
// while QEMU's loop was held gave 11 SyncookiesFailed, 11 RSTs, 11 resets). So a test that wants
// several connections opens them one at a time with ConnectServed, whose round trip proves QEMU
// accepted the connection and the guest serves it before the next SYN leaves; then it may load
// them concurrently.
using System;
using System.Net;
using System.Net.Sockets;
using OSv.Image.Tests.Net;
using Xunit;

namespace OSv.Image.Tests.Memcached
{
    public class MemcachedGuest : IDisposable
    {
        public const int ConnectionsMax = 48;
        public const string ReadyLine = "memcached: ready";
        public const string VersionLine = "VERSION 1.6.18-osv";
        private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);

        public MemcachedGuest() : this(cpus: 2, threads: 2)
        {
        }

        protected MemcachedGuest(int cpus, int threads)
        {
            TcpPort = Net.FreePorts.Tcp();
            UdpPort = Net.FreePorts.Udp();
            Guest = RunningGuest.Start("run", Images.Memcached, "--net", "user", "--cpus", cpus.ToString(), "--mem", "128M",
                "--forward", "tcp:" + TcpPort + ":11211", "--forward", "udp:" + UdpPort + ":11211", "--timeout", "900",
                "--kernel-args", "-m 64 -U 11211 -t " + threads + " -c " + ConnectionsMax);
            if (Guest.WaitForLine(ReadyLine, BootTimeout) == null)
            {
                string console = Guest.Describe();
                Guest.Dispose();
                throw new InvalidOperationException("memcached never became ready:\n" + console);
            }
        }

        public RunningGuest Guest { get; }
        public int TcpPort { get; }
        public int UdpPort { get; }
        public IPEndPoint TcpEndPoint => new IPEndPoint(IPAddress.Loopback, TcpPort);
        public IPEndPoint UdpEndPoint => new IPEndPoint(IPAddress.Loopback, UdpPort);

        public TextClient Connect() => TextClient.Connect(TcpEndPoint);

        // A connection the guest has answered ("version"): accepted by QEMU and adopted by a worker.
        // Open concurrent connections with this, one after another (see the top).
        public TextClient ConnectServed()
        {
            TextClient client = Connect();
            try
            {
                client.Send("version\r\n");
                string line = client.ReadLine();
                if (line != VersionLine)
                    throw new InvalidOperationException("a new connection answered '" + line + "' to version");
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        public void Dispose() => Guest.Dispose();
    }

    public sealed class OneCpuMemcachedGuest : MemcachedGuest
    {
        public OneCpuMemcachedGuest() : base(cpus: 1, threads: 1)
        {
        }
    }
}
