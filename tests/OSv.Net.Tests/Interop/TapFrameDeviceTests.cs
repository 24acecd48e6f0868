// TapFrameDevice against Linux's own stack over a real tap (TapLink's layout: the fd in this
// process, Linux's side in a namespace of its own). Frames are built with OSv.Net.Wire's
// emitters and Linux's answers compared byte for byte with what RFC 826 and RFC 792 make them.
// Run as root; without /dev/net/tun or `ip` these tests fail with the reason, they never skip.
using System;
using System.Diagnostics;
using System.Threading;
using OSv.Net.Link;
using OSv.Net.Tests.Wire;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;

namespace OSv.Net.Tests.Interop
{
    public class TapFrameDeviceTests
    {
        private const ushort EchoIdentifier = 0x05c5;
        private const ushort EchoSequence = 1;
        private const int EchoDataBytes = 56; // ping(8)'s default
        private const ushort RequestIdentification = 0x1234;

        // ---- Linux answers what the stack sends ----

        [Fact]
        public void ArpRequest_ForLinuxAddress_LinuxRepliesToStackMac()
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            Assert.True(link.Device.TrySend(ArpFrame(MacAddress.Broadcast, ArpMessage.Request(TapLink.StackMac, TapLink.StackIp, TapLink.LinuxIp))));

            byte[]? reply = link.Await(IsArp);

            Assert.NotNull(reply);
            var expected = new ArpMessage(ArpOperation.Reply, link.LinuxMac, TapLink.LinuxIp, TapLink.StackMac, TapLink.StackIp);
            Assert.Equal(ArpFrame(TapLink.StackMac, expected, link.LinuxMac), reply);
        }

        [Fact]
        public void EchoRequest_ToLinux_ReplyByteExact()
        {
            using var link = new TapLink(linuxKnowsStackMac: true);
            byte[] request = EchoRequestFrame(link.LinuxMac);
            Assert.True(link.Device.TrySend(request));

            byte[]? reply = link.Await(IsIpv4);

            Assert.NotNull(reply);
            // Linux picks the reply's identification and DF flag itself (RFC 791 lets it):
            // taken from the reply, every other byte is what RFC 792 makes it.
            Expect.Ok(EthernetFrame.TryCreate(reply, out EthernetFrame frame));
            Expect.Ok(Ipv4Packet.TryCreate(frame.Payload, out Ipv4Packet packet));
            Assert.Equal(EchoReplyFrame(request, link.LinuxMac, packet.Identification, packet.DontFragment), reply);
        }

        // ---- frames Linux sends arrive through TryTake ----

        [Fact]
        public void LinuxSendsToStackIp_ArpRequestArrivesThroughTryTake()
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            // Any datagram to .2 makes Linux resolve it first (bash's /dev/udp: no ping needed).
            link.Namespace.Exec("bash", "-c", "echo probe > /dev/udp/" + TapLink.StackIp + "/9");

            byte[]? request = link.Await(IsArp);

            Assert.NotNull(request);
            var expected = ArpMessage.Request(link.LinuxMac, TapLink.LinuxIp, TapLink.StackIp);
            Assert.Equal(ArpFrame(MacAddress.Broadcast, expected, link.LinuxMac), request);
        }

        [Fact]
        public void LinuxSendsUdpToKnownStackMac_DatagramArrivesByteExact()
        {
            using var link = new TapLink(linuxKnowsStackMac: true);
            link.Namespace.Exec("bash", "-c", "printf probe > /dev/udp/" + TapLink.StackIp + "/9");

            byte[]? frame = link.Await(IsIpv4);

            Assert.NotNull(frame);
            Expect.Ok(EthernetFrame.TryCreate(frame, out EthernetFrame ethernet));
            Assert.Equal(TapLink.StackMac, ethernet.Destination);
            Assert.Equal(link.LinuxMac, ethernet.Source);
            Expect.Ok(Ipv4Packet.TryCreate(ethernet.Payload, out Ipv4Packet packet));
            Assert.Equal(TapLink.LinuxIp, packet.Source);
            Assert.Equal(TapLink.StackIp, packet.Destination);
            Expect.Ok(UdpDatagram.TryCreate(packet.Payload, packet.Source, packet.Destination, out UdpDatagram udp));
            Assert.Equal(9, udp.DestinationPort);
            Assert.Equal("probe"u8.ToArray(), udp.Payload.ToArray());
        }

        // ---- leases ----

        [Fact]
        public void Leases_HeldThenReturned_PoolBackToStart()
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            const int Requests = 3;
            for (int i = 0; i < Requests; i++)
                Assert.True(link.Device.TrySend(ArpFrame(MacAddress.Broadcast, ArpMessage.Request(TapLink.StackMac, TapLink.StackIp, TapLink.LinuxIp))));
            FrameLease[] held = HoldFrames(link.Device, Requests);

            Assert.Equal(TapFrameDevice.ReceiveBufferCount - Requests, link.Device.FreeReceiveBuffers);
            foreach (FrameLease lease in held)
                link.Device.Return(lease);
            Assert.Equal(TapFrameDevice.ReceiveBufferCount, link.Device.FreeReceiveBuffers);
            Assert.Equal(0, link.Device.InvalidReturns);
        }

        [Fact]
        public void TryTake_EveryBufferLent_FalseAndCountedUntilOneReturned()
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            const int Requests = TapFrameDevice.ReceiveBufferCount + 1;
            for (int i = 0; i < Requests; i++)
                Assert.True(link.Device.TrySend(ArpFrame(MacAddress.Broadcast, ArpMessage.Request(TapLink.StackMac, TapLink.StackIp, TapLink.LinuxIp))));
            FrameLease[] held = HoldFrames(link.Device, TapFrameDevice.ReceiveBufferCount);

            Assert.False(link.Device.TryTake(out _));
            Assert.Equal(1, link.Device.ReceivePoolEmpty);

            link.Device.Return(held[0]);
            FrameLease last = HoldFrames(link.Device, 1)[0]; // the reply that waited in the kernel
            link.Device.Return(last);
            for (int i = 1; i < held.Length; i++)
                link.Device.Return(held[i]);
            Assert.Equal(TapFrameDevice.ReceiveBufferCount, link.Device.FreeReceiveBuffers);
        }

        [Fact]
        public void TryTake_NothingWaiting_FalseAndNothingCounted()
        {
            using TapFrameDevice device = TapLink.OpenDevice(TapLink.UniqueInterfaceName()); // down: Linux sends nothing

            Assert.False(device.TryTake(out _));

            Assert.Equal(0, device.ReceiveErrors);
            Assert.Equal(0, device.ReceiveDrops);
            Assert.Equal(0, device.FramesReceived);
        }

        [Fact]
        public void Return_Twice_RefusedAndCounted()
        {
            using var link = new TapLink(linuxKnowsStackMac: false);
            Assert.True(link.Device.TrySend(ArpFrame(MacAddress.Broadcast, ArpMessage.Request(TapLink.StackMac, TapLink.StackIp, TapLink.LinuxIp))));
            FrameLease lease = HoldFrames(link.Device, 1)[0];

            link.Device.Return(lease);
            link.Device.Return(lease);

            Assert.Equal(1, link.Device.InvalidReturns);
            Assert.Equal(TapFrameDevice.ReceiveBufferCount, link.Device.FreeReceiveBuffers);
        }

        [Fact]
        public void Return_ForeignLease_RefusedAndCounted()
        {
            using TapFrameDevice device = TapLink.OpenDevice(TapLink.UniqueInterfaceName());

            device.Return(new FrameLease(TapFrameDevice.ReceiveBufferCount, 60));
            device.Return(new FrameLease(-1, 60));
            device.Return(new FrameLease(0, 60)); // in range, but never lent

            Assert.Equal(3, device.InvalidReturns);
            Assert.Equal(TapFrameDevice.ReceiveBufferCount, device.FreeReceiveBuffers);
        }

        // ---- waiting ----

        [Fact]
        public void InterruptWait_WhileBlocked_WaitForFramesReturnsFalse()
        {
            using TapFrameDevice device = TapLink.OpenDevice(TapLink.UniqueInterfaceName()); // down: Linux sends nothing
            bool? woken = null;
            var waiter = new Thread(() => woken = device.WaitForFrames(-1)) { IsBackground = true };
            waiter.Start();
            Thread.Sleep(100); // long enough for the waiter to be in poll(2)

            device.InterruptWait();

            Assert.True(waiter.Join(TapLink.ReplyTimeout), "InterruptWait did not wake WaitForFrames");
            Assert.False(woken);
            Assert.Equal(1, device.Interrupts);
        }

        [Fact]
        public void InterruptWait_BeforeWait_KeptForNextWaitOnly()
        {
            using TapFrameDevice device = TapLink.OpenDevice(TapLink.UniqueInterfaceName());
            device.InterruptWait();
            device.InterruptWait();

            var clock = Stopwatch.StartNew();
            Assert.False(device.WaitForFrames(TimeSpan.FromSeconds(10).Ticks * 100));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));

            const long SecondWaitNs = 50_000_000;
            clock.Restart();
            Assert.False(device.WaitForFrames(SecondWaitNs)); // both wakes were consumed by the first
            Assert.True(clock.Elapsed >= TimeSpan.FromTicks(SecondWaitNs / 100));
        }

        [Fact]
        public void WaitForFrames_LinuxReplies_ReturnsTrueAndFrameTakeable()
        {
            using var link = new TapLink(linuxKnowsStackMac: true);
            Assert.True(link.Device.TrySend(EchoRequestFrame(link.LinuxMac)));

            bool signalled = link.Device.WaitForFrames(TapLink.ReplyTimeout.Ticks * 100);

            Assert.True(signalled);
            Assert.True(link.Device.TryTake(out FrameLease lease));
            link.Device.Return(lease);
        }

        // ---- sending and opening ----

        [Fact]
        public void TrySend_EmptyOrLongerThanLimit_RejectedAndCounted()
        {
            using TapFrameDevice device = TapLink.OpenDevice(TapLink.UniqueInterfaceName());

            Assert.False(device.TrySend(ReadOnlySpan<byte>.Empty));
            Assert.False(device.TrySend(new byte[TapFrameDevice.FrameBytesLimit + 1]));

            Assert.Equal(2, device.TransmitRejected);
            Assert.Equal(0, device.FramesSent);
        }

        [Fact]
        public void Open_NameTakenByAnotherTapFd_NullWithBusyError()
        {
            string name = TapLink.UniqueInterfaceName();
            using TapFrameDevice first = TapLink.OpenDevice(name);

            TapFrameDevice? second = TapFrameDevice.Open(name, TapLink.StackMac, out string? error);

            Assert.Null(second);
            Assert.Contains("busy", error);
        }

        [Fact]
        public void Open_NameLongerThanIfnamsiz_NullWithError()
        {
            TapFrameDevice? device = TapFrameDevice.Open("osv-name-too-long", TapLink.StackMac, out string? error);

            Assert.Null(device);
            Assert.Contains("1 to 15 characters", error);
        }

        [Fact]
        public void Open_Succeeds_DeviceReportsMacNameAndLimits()
        {
            string name = TapLink.UniqueInterfaceName();
            using TapFrameDevice device = TapLink.OpenDevice(name);

            Assert.Equal(TapLink.StackMac, device.Address);
            Assert.Equal(name, device.InterfaceName);
            Assert.True(device.LinkUp);
            Assert.Equal(1514, device.FrameBytesMax);
        }

        [Fact]
        public void Dispose_InterfaceInNamespace_InterfaceRemoved()
        {
            var link = new TapLink(linuxKnowsStackMac: false);
            try
            {
                link.Device.Dispose();

                Assert.False(link.Device.LinkUp);
                Assert.NotEqual(0, link.Namespace.TryExec("ip", "link", "show", link.InterfaceName));
            }
            finally
            {
                link.Dispose();
            }
        }

        [Fact]
        public void SendTakeReturn_WarmPath_AllocatesNothing()
        {
            using var link = new TapLink(linuxKnowsStackMac: true);
            byte[] request = EchoRequestFrame(link.LinuxMac);
            // AllocationMeter's warm-up run takes JIT and first-call marshalling stubs first.
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 20; i++)
                    SendAndTakeReply(link.Device, request);
            });

            Assert.Equal(0, allocated);
        }

        // ---- helpers ----

        private static void SendAndTakeReply(TapFrameDevice device, byte[] request)
        {
            const long WaitNs = 5_000_000_000;
            Assert.True(device.TrySend(request));
            for (int waits = 0; waits < 10; waits++)
            {
                while (device.TryTake(out FrameLease lease))
                {
                    bool isReply = device.Bytes(lease).Length > EthernetFrame.HeaderBytes + Ipv4Packet.HeaderBytesMin;
                    device.Return(lease);
                    if (isReply)
                        return;
                }
                device.WaitForFrames(WaitNs);
            }
            Assert.Fail("no echo reply");
        }

        // Takes count frames (ARP only: replies to the requests sent) and keeps their leases.
        private static FrameLease[] HoldFrames(TapFrameDevice device, int count)
        {
            var held = new FrameLease[count];
            int taken = 0;
            var clock = Stopwatch.StartNew();
            while (taken < count && clock.Elapsed < TapLink.ReplyTimeout)
            {
                while (taken < count && device.TryTake(out FrameLease lease))
                {
                    if (IsArp(device.Bytes(lease).ToArray()))
                        held[taken++] = lease;
                    else
                        device.Return(lease);
                }
                device.WaitForFrames(100_000_000);
            }
            Assert.Equal(count, taken);
            return held;
        }

        private static bool IsArp(byte[] frame) =>
            EthernetFrame.TryCreate(frame, out EthernetFrame ethernet).IsOk && ethernet.EtherType == EtherType.Arp;

        private static bool IsIpv4(byte[] frame) =>
            EthernetFrame.TryCreate(frame, out EthernetFrame ethernet).IsOk && ethernet.EtherType == EtherType.Ipv4;

        private static byte[] ArpFrame(MacAddress destination, ArpMessage message) =>
            ArpFrame(destination, message, TapLink.StackMac);

        private static byte[] ArpFrame(MacAddress destination, ArpMessage message, MacAddress source)
        {
            var frame = new byte[EthernetFrame.HeaderBytes + ArpPacket.PacketBytes];
            Assert.True(new EthernetHeader(destination, source, EtherType.Arp).TryEmit(frame, out _));
            Assert.True(message.TryEmit(frame.AsSpan(EthernetFrame.HeaderBytes), out _));
            return frame;
        }

        private static byte[] EchoRequestFrame(MacAddress linuxMac)
        {
            const int IpOffset = EthernetFrame.HeaderBytes;
            const int IcmpOffset = IpOffset + Ipv4Packet.HeaderBytesMin;
            var frame = new byte[IcmpOffset + IcmpPacket.HeaderBytes + EchoDataBytes];
            for (int i = 0; i < EchoDataBytes; i++)
                frame[IcmpOffset + IcmpPacket.HeaderBytes + i] = (byte)(0x10 + i);
            Assert.True(IcmpHeader.EchoRequest(EchoIdentifier, EchoSequence, EchoDataBytes).TryEmit(frame.AsSpan(IcmpOffset), out _));
            var ip = new Ipv4Header(TapLink.StackIp, TapLink.LinuxIp, IpProtocol.Icmp, IcmpPacket.HeaderBytes + EchoDataBytes)
            {
                Identification = RequestIdentification,
            };
            Assert.True(ip.TryEmit(frame.AsSpan(IpOffset), out _));
            Assert.True(new EthernetHeader(linuxMac, TapLink.StackMac, EtherType.Ipv4).TryEmit(frame, out _));
            return frame;
        }

        // RFC 792: type 0, the request's identifier, sequence number and data; RFC 1122 3.2.2.6:
        // addresses swapped; Linux's TTL 64 and the request's type of service (0).
        private static byte[] EchoReplyFrame(byte[] request, MacAddress linuxMac, ushort identification, bool dontFragment)
        {
            const int IpOffset = EthernetFrame.HeaderBytes;
            const int IcmpOffset = IpOffset + Ipv4Packet.HeaderBytesMin;
            var frame = new byte[request.Length];
            Expect.Ok(IcmpPacket.TryCreate(request.AsSpan(IcmpOffset), out IcmpPacket echo));
            echo.Data.CopyTo(frame.AsSpan(IcmpOffset + IcmpPacket.HeaderBytes));
            Assert.True(IcmpHeader.EchoReplyTo(echo).TryEmit(frame.AsSpan(IcmpOffset), out _));
            var ip = new Ipv4Header(TapLink.LinuxIp, TapLink.StackIp, IpProtocol.Icmp, IcmpPacket.HeaderBytes + EchoDataBytes)
            {
                Identification = identification,
                DontFragment = dontFragment,
            };
            Assert.True(ip.TryEmit(frame.AsSpan(IpOffset), out _));
            Assert.True(new EthernetHeader(TapLink.StackMac, linuxMac, EtherType.Ipv4).TryEmit(frame, out _));
            return frame;
        }
    }
}
