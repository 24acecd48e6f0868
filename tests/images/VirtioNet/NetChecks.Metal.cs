// The checks, on metal: discovery, start-up, then ARP and DHCP with the user-mode network.
using System;
using OSv.Core;
using OSv.Core.Sched;
using OSv.Core.Time;
using OSv.Drivers.Virtio.Core;
using OSv.Drivers.Virtio.Mmio;
using OSv.Drivers.Virtio.Net;
using OSv.Drivers.Virtio.Rng;
using OSv.Drivers.Virtio.Transport;
using OSv.Net.Link;

internal static class NetChecks
{
    private const long ReplyWaitNanoseconds = 3 * Clock.NanosecondsPerSecond;
    private const string QemuDefaultMac = "52:54:00:12:34:56";

    public static void Run()
    {
        NetworkChecks();
        EntropyChecks();
    }

    // With osv run --rng: two 32-byte reads come back full, and differ.
    private static void EntropyChecks()
    {
        VirtioTransport? transport = FindDevice(VirtioRngDevice.DeviceType, out _, out _, out _);
        Check.That("virtio.rng.found", transport != null);
        if (transport == null)
            return;
        VirtioRngDevice? rng = VirtioRngDevice.TryStart(transport, new PageDmaAllocator(), out string? error);
        if (rng == null)
            Console.WriteLine("virtio-rng: " + error);
        Check.That("virtio.rng.started", rng != null);
        if (rng == null)
            return;
        byte[] first = new byte[32], second = new byte[32];
        Check.Equal("virtio.rng.read.full", 64, rng.Read(first) + rng.Read(second));
        Check.That("virtio.rng.reads.differ", !new ReadOnlySpan<byte>(first).SequenceEqual(second));
    }

    private static void NetworkChecks()
    {
        VirtioTransport? transport = FindDevice(VirtioNetDevice.DeviceType, out uint gsi, out bool level, out bool activeLow);
        Check.That("virtio.net.found", transport != null);
        if (transport == null)
            return;
        VirtioNetDevice? device = VirtioNetDevice.TryStart(transport, new PageDmaAllocator(), out string? error);
        if (device == null)
            Console.WriteLine("virtio-net: " + error);
        Check.That("virtio.net.started", device != null);
        if (device == null)
            return;
        Console.WriteLine("virtio-net: " + transport.Location + " mac " + Frames.FormatMac(device.MacAddressBytes)
            + " queues " + device.ReceiveQueueSize + "/" + device.TransmitQueueSize + " link " + (device.LinkUp ? "up" : "down"));
        Check.Equal("virtio.net.mac", QemuDefaultMac, Frames.FormatMac(device.MacAddressBytes));
        Check.That("virtio.net.link.up", device.LinkUp);

        var interrupt = new VirtioNetInterrupt(device);
        int vector = Interrupts.RouteGlobalInterrupt(gsi, level, activeLow, interrupt);
        Check.That("virtio.net.interrupt.routed", vector >= 0);

        byte[] frame = new byte[VirtioNetDevice.FrameBytesLimit];
        byte[] peer = new byte[6];
        Check.That("virtio.net.arp.sent", device.TrySend(new ReadOnlySpan<byte>(frame, 0, Frames.ArpRequest(frame, device.MacAddressBytes))));
        bool arpReply = WaitFor(device, peer, isArp: true);
        Check.That("virtio.net.arp.reply.from.gateway", arpReply);
        if (arpReply)
            Console.WriteLine("gateway 10.0.2.2 is at " + Frames.FormatMac(peer));

        byte[] offered = new byte[4];
        Check.That("virtio.net.dhcp.discover.sent", device.TrySend(new ReadOnlySpan<byte>(frame, 0, Frames.DhcpDiscover(frame, device.MacAddressBytes))));
        bool offer = WaitFor(device, offered, isArp: false);
        Check.That("virtio.net.dhcp.offer", offer);
        if (offer)
            Console.WriteLine("DHCP offers " + Frames.FormatIp(offered));
        Check.Equal("virtio.net.dhcp.offer.address", "10.0.2.15", offer ? Frames.FormatIp(offered) : "none");
        Check.That("virtio.net.interrupts.delivered", interrupt.InterruptCount > 0);

        // The classifier hook: with a classifier claiming ARP, the gateway's next reply never
        // reaches the default path.
        var classifier = new ArpClassifier();
        device.Classifier = classifier;
        device.TrySend(new ReadOnlySpan<byte>(frame, 0, Frames.ArpRequest(frame, device.MacAddressBytes)));
        bool arpOnDefaultPath = WaitFor(device, peer, isArp: true);
        device.Classifier = null;
        Check.That("virtio.net.classifier.claims.frames", classifier.Claimed > 0 && !arpOnDefaultPath);
    }

    // Claims every ARP frame (and gives it straight back: a real classifier would queue it).
    private sealed class ArpClassifier : FrameClassifier
    {
        public int Claimed;

        public override bool TryClaim(FrameDevice device, in FrameLease frame, ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length < Frames.EthernetHeaderBytes || bytes[12] != 0x08 || bytes[13] != 0x06)
                return false;
            Claimed++;
            device.Return(frame);
            return true;
        }
    }

    private static VirtioTransport? FindDevice(uint type, out uint gsi, out bool level, out bool activeLow)
    {
        Span<MmioTransport> transports = new MmioTransport[AcpiMmioDevices.DevicesMax];
        Span<MmioDeviceInfo> lines = stackalloc MmioDeviceInfo[AcpiMmioDevices.DevicesMax];
        int count = MmioDiscovery.FindDevices(transports, lines);
        for (int i = 0; i < count; i++)
        {
            if (type == VirtioNetDevice.DeviceType)
                Console.WriteLine("virtio: device type " + transports[i].DeviceType + " at " + transports[i].Location + " gsi " + lines[i].Gsi);
            if (transports[i].DeviceType == type)
            {
                gsi = lines[i].Gsi;
                level = lines[i].LevelTriggered;
                activeLow = lines[i].ActiveLow;
                return transports[i];
            }
        }
        gsi = 0;
        level = activeLow = false;
        return null;
    }

    // Waits (woken by the device's interrupt) for an ARP reply from the gateway or a DHCP offer;
    // other frames are returned to the device unread.
    private static bool WaitFor(FrameDevice device, Span<byte> result, bool isArp)
    {
        long deadline = Clock.NowNanoseconds + ReplyWaitNanoseconds;
        while (true)
        {
            while (device.TryTakeUnclaimed(out FrameLease received))
            {
                ReadOnlySpan<byte> bytes = device.Bytes(received);
                bool match = isArp ? Frames.IsArpReplyFromGateway(bytes, result) : Frames.IsDhcpOffer(bytes, result);
                device.Return(received);
                if (match)
                    return true;
            }
            long remaining = deadline - Clock.NowNanoseconds;
            if (remaining <= 0)
                return false;
            device.WaitForFrames(remaining);
        }
    }
}
