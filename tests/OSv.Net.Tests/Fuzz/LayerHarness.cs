// Everything that exists of the stack so far, wired the way the stack will wire it, as one fuzz
// target: frames enter a SimulatedFrameDevice whose classifier (enabled, with channels for some
// of the fuzzer's flows) may claim them; unclaimed ones go through the Wire views and headers,
// ArpCache and Ipv4Reassembly; channels are drained the way a consumer would (Ipv4 view, then
// returned). Time moves 1 ms per frame so that reassembly timeouts and ARP expiry happen too.
// Counters record how deep frames got, so a test can check that the fuzzer reaches each layer.
using System;
using OSv.Net.Arp;
using OSv.Net.Channels;
using OSv.Net.Ip;
using OSv.Net.Link;
using OSv.Net.Tcp;
using OSv.Net.Tests.Channels;
using OSv.Net.Tests.Simulation;
using OSv.Net.Wire;

namespace OSv.Net.Tests.Fuzz
{
    public sealed class LayerHarness
    {
        private const long FrameIntervalNs = 1_000_000;
        private const int DrainInterval = 64;
        private const int TickInterval = 1024;

        private readonly NetChannel[] _channels;
        private readonly byte[] _reassembled = new byte[Ipv4Packet.TotalLengthMax];
        private readonly int[] _released = new int[NetLimits.ArpPendingPacketsPerEntryMax];
        private readonly ArpRequest[] _requests = new ArpRequest[NetLimits.ArpTickRequestsMax];
        private readonly int[] _failed = new int[NetLimits.ArpTickFailedPacketsMax];
        private long _frames;
        private int _nextHandle;

        public LayerHarness()
        {
            Device = new SimulatedFrameDevice(TestFrames.LocalMac, buffers: 64, frameBytesMax: SimulatedFrameDevice.DefaultFrameBytesMax);
            var flows = new FlowTable(secret: 0xF022);
            Classifier = new NetChannelClassifier(flows) { Enabled = true, LocalAddress = TestFrames.Local };
            Device.Classifier = Classifier;
            _channels = new NetChannel[FrameMutator.Remotes.Length * 2];
            for (int i = 0; i < _channels.Length; i++)
            {
                _channels[i] = new NetChannel(Device);
                _channels[i].Bind(new FlowKey(TestFrames.Local, TestFrames.LocalPort, FrameMutator.Remotes[i / 2], FrameMutator.RemotePorts[i % 2]), null);
                flows.Add(_channels[i]);
            }
        }

        public SimulatedFrameDevice Device { get; }
        public NetChannelClassifier Classifier { get; }
        public ArpCache Arp { get; } = new ArpCache();
        public Ipv4Reassembly Reassembly { get; } = new Ipv4Reassembly();
        public long NowNs { get; private set; } = 1_000_000_000;

        public long EthernetOk, ArpOk, Ipv4Ok, IcmpOk, UdpOk, ReassembledOk, ChannelFramesConsumed, Oversized;

        public void Process(ReadOnlySpan<byte> frame)
        {
            NowNs += FrameIntervalNs;
            _frames++;
            if (Device.TryInject(frame))
            {
                while (Device.TryTakeUnclaimed(out FrameLease lease))
                {
                    DefaultPath(Device.Bytes(lease));
                    Device.Return(lease);
                }
            }
            else
            {
                Oversized++;
                DefaultPath(frame); // too long (or empty) for the device: the views still see it
            }
            if (_frames % DrainInterval == 0)
                DrainChannels();
            if (_frames % TickInterval == 0)
            {
                Reassembly.Tick(NowNs);
                Arp.Tick(NowNs, _requests, _failed);
            }
        }

        public void DrainChannels()
        {
            foreach (NetChannel channel in _channels)
            {
                while (channel.TryPop(out FrameLease lease))
                {
                    ReadOnlySpan<byte> bytes = Device.Bytes(lease);
                    if (EthernetFrame.TryCreate(bytes, out EthernetFrame ethernet).IsOk &&
                        Ipv4Packet.TryCreate(ethernet.Payload, out Ipv4Packet packet).IsOk)
                        Ipv4Ok++;
                    ChannelFramesConsumed++;
                    Device.Return(lease);
                }
            }
        }

        private void DefaultPath(ReadOnlySpan<byte> bytes)
        {
            if (!EthernetFrame.TryCreate(bytes, out EthernetFrame ethernet).IsOk)
                return;
            EthernetOk++;
            EthernetHeader.Parse(ethernet);
            if (ethernet.EtherType == EtherType.Arp)
                ArpInput(ethernet.Payload);
            else if (ethernet.EtherType == EtherType.Ipv4)
                Ipv4Input(ethernet.Payload);
        }

        private void ArpInput(ReadOnlySpan<byte> payload)
        {
            if (!ArpPacket.TryCreate(payload, out ArpPacket packet).IsOk || !ArpMessage.Parse(packet, out ArpMessage message).IsOk)
                return;
            ArpOk++;
            if (message.TargetProtocolAddress == TestFrames.Local)
                Arp.Learn(message.SenderProtocolAddress, message.SenderHardwareAddress, NowNs, _released, out _);
            else
                Arp.Update(message.SenderProtocolAddress, message.SenderHardwareAddress, NowNs, _released, out _);
        }

        private void Ipv4Input(ReadOnlySpan<byte> payload)
        {
            if (!Ipv4Packet.TryCreate(payload, out Ipv4Packet packet).IsOk)
                return;
            Ipv4Ok++;
            Ipv4Header.Parse(packet);
            // As the IP layer will: resolve the sender for a reply, queueing a packet while pending.
            if (Arp.Lookup(packet.Source, NowNs, out _) != ArpLookupResult.Resolved)
                Arp.Enqueue(packet.Source, _nextHandle++, out _);
            if (packet.IsFragment)
            {
                ReassemblyResult result = Reassembly.Accept(packet, NowNs, _reassembled);
                if (result.Status == ReassemblyStatus.Complete)
                {
                    ReassembledOk++;
                    Transport(packet.Protocol, _reassembled.AsSpan(0, result.Length), packet.Source, packet.Destination);
                }
                return;
            }
            Transport(packet.Protocol, packet.Payload, packet.Source, packet.Destination);
        }

        private void Transport(IpProtocol protocol, ReadOnlySpan<byte> payload, Ipv4Address source, Ipv4Address destination)
        {
            if (protocol == IpProtocol.Icmp && IcmpPacket.TryCreate(payload, out IcmpPacket icmp).IsOk)
            {
                IcmpOk++;
                IcmpHeader.Parse(icmp);
            }
            else if (protocol == IpProtocol.Udp && UdpDatagram.TryCreate(payload, source, destination, out UdpDatagram udp).IsOk)
            {
                UdpOk++;
                UdpHeader.Parse(udp);
            }
        }
    }
}
