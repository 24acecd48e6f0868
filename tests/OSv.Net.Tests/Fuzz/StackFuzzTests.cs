// The frame fuzzer pointed at the whole stack: a million seeded hostile frames into NetStack's
// receive path (Ethernet, ARP, IPv4 with reassembly, ICMP, UDP, TCP with a listener and a bound
// UDP socket on the port the fuzzer aims at), with timers run as time passes. Nothing may throw,
// and once every timer has had its time, every pool is back where it started: device leases,
// ARP's pending packets, reassembly buffers, TCP connection blocks.
using System;
using OSv.Net.Ip;
using OSv.Net.Stack;
using OSv.Net.Tcp;
using OSv.Net.Tests.Channels;
using OSv.Net.Tests.Simulation;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Net.Tests.Fuzz
{
    public class StackFuzzTests
    {
        private const long FrameIntervalNs = 1_000_000;
        private const int PollInterval = 256;
        private const long SettleNs = 30L * 60 * 1_000_000_000; // longer than every timer (TIME_WAIT, ARP, DHCP, reassembly)

        private readonly ITestOutputHelper _output;

        public StackFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void NetStack_MillionMutatedFrames_NoExceptionAndEveryPoolReturns()
        {
            ulong seed = SimulationSeedBase.Default;
            _output.WriteLine("seed " + seed);
            string context = "seed " + seed;
            var device = new SimulatedFrameDevice(TestFrames.LocalMac, buffers: 64, frameBytesMax: SimulatedFrameDevice.DefaultFrameBytesMax);
            NetConfiguration configuration = NetConfiguration.Static(TestFrames.Local, new Ipv4Address(255, 255, 255, 0), TestFrames.Remote, netChannels: false)!;
            var stack = new NetStack(device, configuration, new TcpSettings(), secret: 0xF0220001u);
            TcpListenerBlock listener = stack.Tcp.Listen(Ipv4Address.Any, TestFrames.LocalPort, 16)!;
            Assert.NotNull(stack.Udp.Bind(TestFrames.LocalPort));
            long now = 1_000_000_000;
            long frames = 0;
            FrameFuzzer.Run(seed, FuzzTests.Frames(), frame =>
            {
                now += FrameIntervalNs;
                if (device.TryInject(frame))
                    stack.PollDevice(now, 64);
                if (++frames % PollInterval == 0)
                {
                    stack.Poll(now);
                    while (listener.TryAccept(out TcpControlBlock? accepted))
                    {
                        accepted!.Abort(now);
                        accepted.Release();
                    }
                }
            });
            listener.Close(now);
            for (long end = now + SettleNs; now < end; now += 1_000_000_000)
                stack.Poll(now);
            Assert.True(device.LeasesOutstanding == 0, context + ": device leases leaked " + device.LeasesOutstanding);
            Assert.True(device.BadReturns == 0, context + ": bad returns " + device.BadReturns);
            Assert.True(stack.PendingPacketsHeld == 0, context + ": ARP pending packets held " + stack.PendingPacketsHeld);
            Assert.True(stack.Reassembly.BytesHeld == 0, context + ": reassembly bytes held " + stack.Reassembly.BytesHeld);
            Assert.True(stack.Tcp.ConnectionCount == 0, context + ": TCP connection blocks still in use " + stack.Tcp.ConnectionCount);
            TcpCounters tcp = stack.Tcp.Counters;
            Assert.True(tcp.SegmentsReceived > 0 && tcp.PassiveOpens > 0 && tcp.ChecksumErrors > 0 && tcp.MalformedSegments > 0,
                context + ": TCP input not reached in every way: in " + tcp.SegmentsReceived + ", opens " + tcp.PassiveOpens + ", checksum " + tcp.ChecksumErrors + ", malformed " + tcp.MalformedSegments);
            Assert.True(stack.Counters.DropsTotal > 0, context + ": nothing was dropped, so the fuzzer reached nothing hostile");
        }
    }
}
