// The checks themselves (metal only: they need the PCI bus, DMA pages and interrupts).
using System;
using OSv.Core.Arch.X64;
using OSv.Core.Boot;
using OSv.Core.Memory;
using OSv.Core.Platform;
using OSv.Core.Sched;
using OSv.Core.Time;
using OSv.Drivers.Virtio.Pci;
using OSv.Drivers.Virtio.Transport;
using OSv.Drivers.Virtio.Virtqueue;

internal static unsafe class VirtioPciChecks
{
    private const uint NetworkDeviceType = 1;
    private const byte Acknowledge = 1, Driver = 2, DriverOk = 4, FeaturesOk = 8;
    private const ulong FeatureMac = 1UL << 5;          // VIRTIO_NET_F_MAC (5.1.3)
    private const ulong FeatureVersion1 = 1UL << 32;    // VIRTIO_F_VERSION_1 (6)
    private const int NetHeaderBytes = 12;              // virtio_net_hdr with num_buffers (5.1.6)
    private const int ReceiveQueue = 0, TransmitQueue = 1;
    private const int QueueSize = 64;
    private const int ReceiveBuffers = 4;
    private const int BufferBytes = 2048;
    private static int s_interrupts;
    private static Thread? s_waiter;

    // MSI-X: nothing to acknowledge at the device. Line interrupt: reading the ISR byte
    // acknowledges and deasserts the level-triggered line (virtio 1.2, 4.1.4.5).
    private sealed class NetInterrupt : DeviceInterruptHandler
    {
        private readonly PciTransport _device;
        private readonly bool _line;

        public NetInterrupt(PciTransport device, bool line)
        {
            _device = device;
            _line = line;
        }

        public override void OnInterrupt()
        {
            if (_line && _device.AcknowledgeInterrupt() == 0)
                return; // not ours (a shared line), or already handled
            s_interrupts++;
            s_waiter?.Unpark();
        }
    }

    public static void Run(bool lineInterrupt)
    {
        var found = new VirtioTransport[4];
        int count = PciVirtio.FindDevices(found);
        Check.That("pci.virtio.found", count >= 1);
        PciTransport? net = null;
        for (int i = 0; i < count; i++)
        {
            if (found[i].DeviceType == NetworkDeviceType)
                net = (PciTransport)found[i];
        }
        Check.That("pci.virtio.net.found", net != null);
        if (net == null)
            return;
        Console.WriteLine("virtio-net at " + net.Location + ", " + net.QueueCount + " queues, msi-x entries " + net.MsixTableEntries);

        net.Status = 0;
        Check.That("pci.virtio.reset", net.Status == 0);
        net.Status = Acknowledge;
        net.Status = Acknowledge | Driver;
        ulong offered = net.ReadDeviceFeatures();
        Console.WriteLine("device features 0x" + offered.ToString("x16"));
        Check.That("pci.virtio.features.version1", (offered & FeatureVersion1) != 0);
        Check.That("pci.virtio.features.mac", (offered & FeatureMac) != 0);

        uint generation = net.ConfigGeneration;
        string mac = ReadMac(net);
        Check.That("pci.virtio.config.generation.stable", generation == net.ConfigGeneration);
        Console.WriteLine("mac " + mac);
        Check.Equal("pci.virtio.net.mac", "52:54:00:12:34:56", mac);

        ulong accepted = offered & (FeatureVersion1 | FeatureMac);
        net.WriteDriverFeatures(accepted);
        net.Status = Acknowledge | Driver | FeaturesOk;
        Check.That("pci.virtio.features.ok", (net.Status & FeaturesOk) != 0);

        Console.WriteLine("line interrupt: " + net.LineInterrupt.ToString());
        Check.That("pci.intx.route.known", net.LineInterrupt.IsPresent);
        if (lineInterrupt)
            Check.That("pci.intx.routed", RouteLineInterrupt(net) >= Interrupts.DeviceVectorFirst);
        else
            SetUpMsix(net);

        SplitVirtqueue receive = SetUpQueue(net, ReceiveQueue, accepted);
        SplitVirtqueue transmit = SetUpQueue(net, TransmitQueue, accepted);
        Check.That("pci.virtio.queues.enabled", net.LastFault.IsNone);
        if (!net.LastFault.IsNone)
            Console.WriteLine("transport fault: " + net.LastFault.ToString());
        net.Status = Acknowledge | Driver | FeaturesOk | DriverOk;
        Check.That("pci.virtio.driver.ok", (net.Status & DriverOk) != 0 && (net.Status & 128) == 0);

        ArpRoundTrip(net, receive, transmit);
    }

    private static string ReadMac(VirtioTransport net)
    {
        string text = "";
        for (int i = 0; i < 6; i++)
            text = text + (i == 0 ? "" : ":") + ((uint)net.ReadConfig8(i)).ToString("x2");
        return text;
    }

    private static int RouteLineInterrupt(PciTransport net)
    {
        PciInterruptRoute line = net.LineInterrupt;
        return Interrupts.RouteGlobalInterrupt(line.Gsi, line.LevelTriggered, line.ActiveLow, new NetInterrupt(net, true));
    }

    // A message-signalled vector from the kernel (no I/O APIC route), one MSI-X entry for the
    // configuration and both queues.
    private static void SetUpMsix(PciTransport net)
    {
        int vector = Interrupts.AllocateMessageVector(new NetInterrupt(net, false), out MsiMessage message);
        Check.That("pci.msix.handler.installed", vector >= Interrupts.DeviceVectorFirst);
        Console.WriteLine("msi-x: vector " + vector + ", message address 0x" + message.Address.ToString("x"));
        var messages = new MsiMessage[] { message };
        Check.That("pci.msix.enabled", net.TryEnableMsix(messages));
        Check.That("pci.msix.config.vector", net.SetConfigInterrupt(0));
        net.SetQueueInterrupt(ReceiveQueue, 0);
        net.SetQueueInterrupt(TransmitQueue, 0);
    }

    private static SplitVirtqueue SetUpQueue(PciTransport net, int queue, ulong features)
    {
        int size = Math.Min(QueueSize, net.QueueSizeMax(queue));
        int bytes = VirtqLayout.RequiredBytes(size);
        int pages = (bytes + DmaMemory.PageBytes - 1) / DmaMemory.PageBytes;
        byte* memory = DmaMemory.AllocatePages(pages, "virtio-pci test ring");
        var ring = new DmaRegion(memory, DmaMemory.PhysicalAddressOf(memory), pages * DmaMemory.PageBytes);
        var virtqueue = new SplitVirtqueue(queue, size, ring, features);
        net.EnableQueue(queue, size, virtqueue.DescriptorTablePhysicalAddress, virtqueue.AvailableRingPhysicalAddress, virtqueue.UsedRingPhysicalAddress);
        return virtqueue;
    }

    private static void ArpRoundTrip(PciTransport net, SplitVirtqueue receive, SplitVirtqueue transmit)
    {
        int pages = (ReceiveBuffers + 1) * BufferBytes / DmaMemory.PageBytes;
        byte* buffers = DmaMemory.AllocatePages(pages, "virtio-pci test buffers");
        Span<BufferSegment> one = stackalloc BufferSegment[1];
        for (int i = 0; i < ReceiveBuffers; i++)
        {
            one[0] = new BufferSegment(DmaMemory.PhysicalAddressOf(buffers + i * BufferBytes), BufferBytes);
            receive.TryAdd(default, one, out _);
        }
        receive.Publish();
        net.Notify(ReceiveQueue);

        byte* frame = buffers + ReceiveBuffers * BufferBytes;
        int length = WriteArpRequest(new Span<byte>(frame, BufferBytes), net);
        one[0] = new BufferSegment(DmaMemory.PhysicalAddressOf(frame), (uint)length);
        Check.That("pci.virtio.tx.added", transmit.TryAdd(one, default, out _));
        transmit.Publish();
        s_waiter = Thread.Current;
        net.Notify(TransmitQueue);

        long deadline = Clock.NowNanoseconds + 5 * Clock.NanosecondsPerSecond;
        bool sent = false, replied = false;
        while ((!sent || !replied) && Clock.NowNanoseconds < deadline)
        {
            Thread.Park(100 * Clock.NanosecondsPerMillisecond);
            sent |= transmit.TryTakeUsed(out _);
            while (receive.TryTakeUsed(out UsedBuffer used))
                replied |= IsArpReplyFromGateway(new ReadOnlySpan<byte>(buffers + used.Head * BufferBytes, (int)used.WrittenBytes));
        }
        Console.WriteLine("interrupts " + s_interrupts + (net.MsixEnabled ? " (msi-x)" : " (line)"));
        Check.That("pci.virtio.tx.completed", sent);
        Check.That("pci.virtio.rx.arp.reply", replied);
        Check.That(net.MsixEnabled ? "pci.msix.interrupts.delivered" : "pci.intx.interrupts.delivered", s_interrupts >= 1);
    }

    // virtio-net header (all zero: no offloads), then an Ethernet broadcast ARP request
    // (RFC 826) for the slirp gateway 10.0.2.2 from 10.0.2.15.
    private static int WriteArpRequest(Span<byte> frame, VirtioTransport net)
    {
        frame.Slice(0, NetHeaderBytes + 42).Clear();
        Span<byte> ethernet = frame.Slice(NetHeaderBytes);
        for (int i = 0; i < 6; i++)
        {
            ethernet[i] = 0xFF;
            ethernet[6 + i] = net.ReadConfig8(i);
            ethernet[22 + i] = net.ReadConfig8(i);
        }
        ethernet[12] = 0x08; ethernet[13] = 0x06;                  // EtherType ARP
        ethernet[14] = 0x00; ethernet[15] = 0x01;                  // hardware Ethernet
        ethernet[16] = 0x08; ethernet[17] = 0x00;                  // protocol IPv4
        ethernet[18] = 6; ethernet[19] = 4;                        // address lengths
        ethernet[20] = 0x00; ethernet[21] = 0x01;                  // request
        ethernet[28] = 10; ethernet[29] = 0; ethernet[30] = 2; ethernet[31] = 15; // sender IP
        ethernet[38] = 10; ethernet[39] = 0; ethernet[40] = 2; ethernet[41] = 2;  // target IP
        return NetHeaderBytes + 42;
    }

    private static bool IsArpReplyFromGateway(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < NetHeaderBytes + 42)
            return false;
        ReadOnlySpan<byte> ethernet = buffer.Slice(NetHeaderBytes);
        bool reply = ethernet[12] == 0x08 && ethernet[13] == 0x06 && ethernet[20] == 0 && ethernet[21] == 2
            && ethernet[28] == 10 && ethernet[29] == 0 && ethernet[30] == 2 && ethernet[31] == 2;
        if (reply)
        {
            string gateway = "";
            for (int i = 0; i < 6; i++)
                gateway = gateway + (i == 0 ? "" : ":") + ((uint)ethernet[22 + i]).ToString("x2");
            Console.WriteLine("arp reply: 10.0.2.2 is at " + gateway);
        }
        return reply;
    }
}
