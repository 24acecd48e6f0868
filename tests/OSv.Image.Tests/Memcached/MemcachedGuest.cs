// One booted memcached image shared by the tests of a class (an xunit class fixture): QEMU's
// user-mode network with a TCP and a UDP port forwarded from the host's loopback to the guest's
// 11211. Booting under TCG takes a few seconds; every test then talks to the same server, so
// tests must leave it as they found it (no connections held, nothing that changes other tests'
// keys). MemcachedGuest boots 2 vCPUs with 2 workers; OneCpuMemcachedGuest boots the
// benchmark's shape, 1 vCPU and 1 worker, where one worker serves every connection in turn.
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

        public void Dispose() => Guest.Dispose();


    }

    public sealed class OneCpuMemcachedGuest : MemcachedGuest
    {
        public OneCpuMemcachedGuest() : base(cpus: 1, threads: 1)
        {
        }
    }
}
