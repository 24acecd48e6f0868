// The checks, on metal: discovery, start-up, then ARP and DHCP with the user-mode network.
using System;
using OSv.Core;
using OSv.Core.Time;
using OSv.Drivers.Virtio;
using OSv.Drivers.Virtio.Net;
using OSv.Drivers.Virtio.Rng;
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
        VirtioRngDevice? rng = VirtioDevices.Entropy;
        Check.That("virtio.rng.started", rng != null);
        if (rng == null)
            return;
        byte[] first = new byte[32], second = new byte[32];
        Check.Equal("virtio.rng.read.full", 64, rng.Read(first) + rng.Read(second));
        Check.That("virtio.rng.reads.differ", !new ReadOnlySpan<byte>(first).SequenceEqual(second));
    }

    private static void NetworkChecks()
    {
        Check.That("virtio.devices.probed", VirtioDevices.Count >= 1);
        VirtioNetDevice? device = VirtioDevices.Network;
        Check.That("virtio.net.started", device != null);
        if (device == null)
            return;
        Console.WriteLine("virtio-net: queues " + device.ReceiveQueueSize + "/" + device.TransmitQueueSize);
        Check.Equal("virtio.net.mac", QemuDefaultMac, Frames.FormatMac(device.MacAddressBytes));
        Check.That("virtio.net.link.up", device.LinkUp);

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
        Check.That("virtio.net.interrupts.delivered", VirtioDevices.NetworkInterruptCount > 0);

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
