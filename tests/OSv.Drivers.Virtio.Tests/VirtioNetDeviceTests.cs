// VirtioNetDevice (virtio 1.2, 5.1) over MmioTransport, SimulatedMmioDevice and SimulatedDevice
// rings in native DMA memory (NetFixture): start-up (features, queue sizes, MAC, every receive
// buffer posted, DRIVER_OK), zero-copy receive and buffer return, the checks on what the device
// claims to have written, transmit (one readable chain: zeroed header and the frame), the
// transmit queue running full and being reclaimed, available buffer notifications by the
// event-index rules (2.7.10), used buffer notifications re-armed once the driver has drained,
// and the link status.
using System;
using System.Collections.Generic;
using System.Linq;
using OSv.Drivers.Virtio.Virtqueue;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Link;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class VirtioNetDeviceTests
    {
        private const int H = NetFixture.HeaderBytes;

        // ---- start ----

        [Fact]
        public void TryStart_NegotiatesReadsMacPostsEveryReceiveBufferAndSetsDriverOk()
        {
            using var f = new NetFixture();
            Assert.Null(f.Error);
            Assert.Equal(1 | 2 | 4 | 8, f.Device.DeviceStatus); // ACKNOWLEDGE DRIVER DRIVER_OK FEATURES_OK
            Assert.Equal(NetFixture.DefaultFeatures, f.Net.NegotiatedFeatures);
            Assert.Equal(f.Net.NegotiatedFeatures, f.Device.DriverFeatures);
            Assert.Equal(NetFixture.DefaultMac, f.Net.MacAddressBytes.ToArray());
            Assert.Equal(new OSv.Net.Wire.MacAddress(0x52, 0x54, 0x00, 0x12, 0x34, 0x56), f.Net.Address);
            Assert.Equal(NetFixture.FrameBytesMax, f.Net.FrameBytesMax);
            Assert.Equal(256, f.Net.ReceiveQueueSize);
            Assert.Equal(256, f.Net.TransmitQueueSize);
            Assert.True(f.Device.Queue(0).Ready && f.Device.Queue(1).Ready);
            Assert.Equal(256, f.Device.Queue(0).Num);
            Assert.Equal(256, f.Device.Queue(1).Num);

            // The device finds every receive buffer: one writable 2048-byte segment per chain,
            // all distinct, none overlapping another or the rings, all in memory the driver got
            // for DMA.
            List<SimulatedDevice.Chain> chains = f.Receive.PopAll();
            Assert.Equal(256, chains.Count);
            var ranges = new List<(ulong Start, ulong End)>();
            foreach (SimulatedDevice.Chain chain in chains)
            {
                SimulatedDevice.Segment segment = NetFixture.OnlyWritableBuffer(chain);
                Assert.True(f.Dma.IndexOf(segment.Address, segment.Length) >= 0, "receive buffer outside DMA memory");
                ranges.Add((segment.Address, segment.Address + segment.Length));
            }
            for (int q = 0; q < 2; q++)
            {
                SimulatedMmioDevice.QueueState queue = f.Device.Queue(q);
                ranges.Add((queue.Descriptor, queue.Descriptor + 16UL * (ulong)queue.Num));
                ranges.Add((queue.Driver, queue.Driver + 6 + 2UL * (ulong)queue.Num));
                ranges.Add((queue.Device, queue.Device + 6 + 8UL * (ulong)queue.Num));
            }
            ranges.Sort();
            for (int i = 1; i < ranges.Count; i++)
                Assert.True(ranges[i - 1].End <= ranges[i].Start, "receive buffers or rings overlap");

            Assert.Equal(0, f.Transmit.AvailableCount);
            // One notification for all of them, after DRIVER_OK (the device checks the order).
            Assert.Equal(new[] { 0 }, f.Device.Notifications);
            Assert.Equal(0L, f.Net.FramesReceived + f.Net.FramesSent + f.Net.ReceiveDrops + f.Net.TransmitQueueFull);
        }

        [Fact]
        public void TryStart_ExtraFeaturesOffered_AcceptsOnlyTheOnesItHandles()
        {
            ulong offered = NetFixture.DefaultFeatures | NetFixture.Csum | NetFixture.GuestCsum | NetFixture.MrgRxBuf | NetFixture.Indirect | (1UL << 40);
            using var f = new NetFixture(offered);
            // Transmit checksum offload yes; receive checksum offload (GUEST_CSUM) no: frames could
            // then arrive with partial checksums, which the stack does not complete.
            Assert.Equal(NetFixture.DefaultFeatures | NetFixture.MrgRxBuf | NetFixture.Csum, f.Net.NegotiatedFeatures);
            Assert.Equal(NetFixture.DefaultFeatures | NetFixture.MrgRxBuf | NetFixture.Csum, f.Device.DriverFeatures);
            // Mergeable or not, every buffer holds a whole frame: 2048 bytes each.
            Assert.All(f.Receive.PopAll(), chain => NetFixture.OnlyWritableBuffer(chain));
        }

        [Theory]
        [InlineData(1024, 1024, 256, 256)]
        [InlineData(256, 32768, 256, 256)]
        [InlineData(100, 3, 64, 2)]
        [InlineData(1, 1, 1, 1)]
        [InlineData(255, 129, 128, 128)]
        public void TryStart_QueueSizes_LargestPowerOfTwoWithinDeviceAndDriverLimits(int receiveMax, int transmitMax, int receive, int transmit)
        {
            using var f = new NetFixture(receiveMax: receiveMax, transmitMax: transmitMax);
            Assert.Equal(receive, f.Net.ReceiveQueueSize);
            Assert.Equal(transmit, f.Net.TransmitQueueSize);
            Assert.Equal(receive, f.Device.Queue(0).Num);
            Assert.Equal(transmit, f.Device.Queue(1).Num);
            Assert.Equal(receive, f.Receive.PopAll().Count);
        }

        [Theory]
        [InlineData(256, 0)]
        [InlineData(0, 256)]
        public void TryStart_QueueMissing_FailsAndMarksFailed(int receiveMax, int transmitMax)
        {
            using var f = new NetFixture(receiveMax: receiveMax, transmitMax: transmitMax, start: false);
            Assert.False(f.Start());
            Assert.NotNull(f.Error);
            Assert.Contains("queue", f.Error);
            Assert.Equal(128, f.Device.DeviceStatus & 128);
            Assert.Equal(0, f.Device.DeviceStatus & 4);
            Assert.Empty(f.Device.Notifications);
        }

        [Fact]
        public void TryStart_DeviceWithOneQueueOnly_Fails()
        {
            using var f = new NetFixture(start: false, queueSizesMax: new[] { 256 });
            Assert.False(f.Start());
            Assert.Contains("queue", f.Error);
            Assert.Equal(128, f.Device.DeviceStatus & 128);
        }

        [Fact]
        public void TryStart_LegacyOnlyDevice_FailsAndMarksFailed()
        {
            using var f = new NetFixture(NetFixture.Mac | NetFixture.Status | NetFixture.EventIndex, start: false);
            Assert.False(f.Start());
            Assert.Contains("lacks required features", f.Error);
            Assert.Equal(128, f.Device.DeviceStatus & 128);
            Assert.False(f.Device.Queue(0).Ready || f.Device.Queue(1).Ready);
        }

        // eventIndex: false leaves VIRTIO_F_EVENT_IDX out even when offered; notifications then
        // follow NO_NOTIFY (every send notifies), and the counters say so.
        [Fact]
        public void TryStart_EventIndexOff_NotNegotiated_EverySendNotifies()
        {
            using var f = new NetFixture(start: false);
            Assert.True(f.Start(eventIndex: false), f.Error);
            Assert.Equal(NetFixture.Version1 | NetFixture.Mac | NetFixture.Status, f.Net.NegotiatedFeatures);
            Assert.Equal(f.Net.NegotiatedFeatures, f.Device.DriverFeatures);
            for (int i = 0; i < 5; i++)
                Assert.True(f.Net.TrySend(NetFixture.Pattern(60, (byte)i)));
            Assert.Equal(5, f.Device.NotifyCount(1));
            Assert.Equal(5L, f.Net.TransmitNotifications);
            Assert.Equal(1L, f.Net.ReceiveNotifications);
            Assert.Equal(1, f.Device.NotifyCount(0));
        }

        [Fact]
        public void TransmitInFlight_CountsSentUntilTheDeviceUsesThem()
        {
            using var f = new NetFixture(transmitMax: 8);
            Assert.Equal(0, f.Net.TransmitInFlight);
            for (int i = 0; i < 3; i++)
                Assert.True(f.Net.TrySend(NetFixture.Pattern(60, (byte)i)));
            Assert.Equal(3, f.Net.TransmitInFlight);
            List<SimulatedDevice.Chain> chains = f.Transmit.PopAll();
            Assert.Equal(3, f.Net.TransmitInFlight); // taken by the device is not finished
            f.Transmit.Complete(chains[1].Head, 0);
            Assert.Equal(2, f.Net.TransmitInFlight);
            f.Transmit.CompleteBatch(new[] { ((uint)chains[0].Head, 0u), ((uint)chains[2].Head, 0u) });
            Assert.Equal(0, f.Net.TransmitInFlight);
            for (int i = 0; i < 8; i++)
                Assert.True(f.Net.TrySend(NetFixture.Pattern(60, (byte)i)));
            Assert.Equal(8, f.Net.TransmitInFlight);
        }

        [Fact]
        public void TryStart_NoMacFeature_AllZeroAddress()
        {
            using var f = new NetFixture(NetFixture.Version1 | NetFixture.Status | NetFixture.EventIndex);
            Assert.Equal(new byte[6], f.Net.MacAddressBytes.ToArray()); // the config holds one, but it was not offered
        }

        // The MAC changes while the driver reads it byte by byte: the generation changes, so the
        // driver reads it again (2.5.1) and keeps the new one whole, not a mix.
        [Fact]
        public void TryStart_MacChangedDuringRead_ReadAgainConsistently()
        {
            byte[] newMac = { 0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE };
            using var f = new NetFixture(start: false);
            bool changed = false;
            f.Device.AfterRead = offset =>
            {
                if (offset == 0x102 && !changed)
                {
                    changed = true;
                    f.Device.SetMac(newMac);
                }
            };
            Assert.True(f.Start(), f.Error);
            Assert.True(changed);
            Assert.Equal(newMac, f.Net.MacAddressBytes.ToArray());
        }

        // ---- receive ----

        [Fact]
        public void Receive_FramesComeOutUnchangedInOrder()
        {
            using var f = new NetFixture();
            int[] sizes = { 1, 14, 60, 64, 1500, 1514, NetFixture.FrameBytesMax };
            var payloads = sizes.Select((size, i) => NetFixture.Pattern(size, (byte)(i * 31 + 1))).ToArray();
            foreach (byte[] payload in payloads)
                f.Deliver(payload);
            Assert.True(f.Net.HasReceived);
            foreach (byte[] payload in payloads)
            {
                FrameLease frame = f.TakeFrame();
                Assert.Equal(payload.Length, frame.Length);
                Assert.Equal(payload, f.Net.Bytes(frame).ToArray());
            }
            Assert.False(f.Net.TryTake(out _));
            Assert.False(f.Net.HasReceived);
            Assert.Equal(sizes.Length, f.Net.FramesReceived);
            Assert.Equal(0L, f.Net.ReceiveDrops);
        }

        // Zero copy: the frame's bytes are the device's buffer, right after the header.
        [Fact]
        public void Receive_FrameBytesViewTheDeviceBuffer()
        {
            using var f = new NetFixture();
            byte[] header = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 }; // num_buffers 1, as QEMU writes it
            SimulatedDevice.Chain chain = f.Deliver(NetFixture.Pattern(300, 9), header);
            FrameLease frame = f.TakeFrame();
            ReadOnlySpan<byte> bytes = f.Net.Bytes(frame);
            Assert.Equal(chain.Segments[0].Address + H, NetFixture.AddressOf(bytes));
            Assert.Equal(NetFixture.Pattern(300, 9), bytes.ToArray());
        }

        [Fact]
        public void ReturnFrame_RepostsThatBuffer_OnlyThen()
        {
            using var f = new NetFixture(receiveMax: 8);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll(); // the device holds all eight
            Assert.Equal(8, posted.Count);
            f.DeliverInto(posted[5], NetFixture.Pattern(100, 1));
            f.DeliverInto(posted[2], NetFixture.Pattern(200, 2));
            f.DeliverInto(posted[7], NetFixture.Pattern(300, 3));
            FrameLease a = f.TakeFrame(), b = f.TakeFrame(), c = f.TakeFrame();
            Assert.Equal(0, f.Receive.AvailableCount); // held frames are not given back

            f.Net.Return(b);
            f.Net.Return(c);
            f.Net.Return(a);
            List<SimulatedDevice.Chain> reposted = f.Receive.PopAll();
            Assert.Equal(
                new[] { posted[2].Segments[0].Address, posted[7].Segments[0].Address, posted[5].Segments[0].Address },
                reposted.Select(chain => NetFixture.OnlyWritableBuffer(chain).Address));
        }

        // Event index (2.7.10): the device asked to hear of the entry after the last it took, so
        // the first return notifies and the next, still unseen by the device, does not.
        [Fact]
        public void ReturnFrame_NotifiesByAvailEvent()
        {
            using var f = new NetFixture(receiveMax: 8);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            for (int i = 0; i < 3; i++)
                f.DeliverInto(posted[i], NetFixture.Pattern(64, (byte)i));
            FrameLease[] frames = { f.TakeFrame(), f.TakeFrame(), f.TakeFrame() };
            f.Device.ClearRecords();
            Assert.Equal((ushort)8, f.Receive.AvailEvent);

            f.Net.Return(frames[0]);
            Assert.Equal(new[] { 0 }, f.Device.Notifications);
            f.Net.Return(frames[1]);
            Assert.Equal(new[] { 0 }, f.Device.Notifications);
            f.Receive.Pop();
            f.Receive.Pop(); // avail_event 10
            f.Net.Return(frames[2]);
            Assert.Equal(new[] { 0, 0 }, f.Device.Notifications);
        }

        // virtio_net_hdr is 12 bytes; a frame is 1..FrameBytesMax bytes after it. Anything else the
        // device claims is dropped, counted, and its buffer goes straight back.
        [Theory]
        [InlineData(0u)]
        [InlineData(1u)]
        [InlineData(11u)]
        [InlineData(12u)] // a header and no frame
        [InlineData(12u + 1519u)]
        [InlineData(2048u)]
        [InlineData(2049u)] // more than the buffer holds: the queue rejects it, the buffer comes back
        [InlineData(0xFFFFFFFFu)]
        public void Receive_BadLength_DroppedCountedAndBufferReposted(uint claimed)
        {
            using var f = new NetFixture(receiveMax: 4);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            f.DeliverRawLength(posted[1], claimed);
            Assert.False(f.Net.TryTake(out _));
            Assert.Equal(1L, f.Net.ReceiveDrops);
            Assert.Equal(0L, f.Net.FramesReceived);
            SimulatedDevice.Chain again = f.Receive.Pop();
            Assert.Equal(posted[1].Segments[0].Address, NetFixture.OnlyWritableBuffer(again).Address);
            Assert.Equal(0, f.Receive.AvailableCount);

            // And the queue goes on: the same buffer carries a good frame.
            f.DeliverInto(again, NetFixture.Pattern(77, 5));
            FrameLease frame = f.TakeFrame();
            Assert.Equal(NetFixture.Pattern(77, 5), f.Net.Bytes(frame).ToArray());
            Assert.Equal(1L, f.Net.FramesReceived);
        }

        [Fact]
        public void Receive_DropBetweenGoodFrames_GoodOnesStillInOrder()
        {
            using var f = new NetFixture(receiveMax: 8);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            f.DeliverInto(posted[0], NetFixture.Pattern(60, 1));
            f.DeliverRawLength(posted[1], 5);
            f.DeliverRawLength(posted[2], H + NetFixture.FrameBytesMax + 1);
            f.DeliverInto(posted[3], NetFixture.Pattern(61, 2));
            Assert.Equal(NetFixture.Pattern(60, 1), f.Net.Bytes(f.TakeFrame()).ToArray());
            Assert.Equal(NetFixture.Pattern(61, 2), f.Net.Bytes(f.TakeFrame()).ToArray());
            Assert.False(f.Net.TryTake(out _));
            Assert.Equal(2L, f.Net.ReceiveDrops);
            Assert.Equal(2L, f.Net.FramesReceived);
            Assert.Equal(new[] { posted[1].Segments[0].Address, posted[2].Segments[0].Address },
                f.Receive.PopAll().Select(chain => chain.Segments[0].Address));
        }

        // ---- mergeable receive buffers (5.1.6.4) ----

        private const ulong MergeableFeatures = NetFixture.DefaultFeatures | NetFixture.MrgRxBuf;

        [Fact]
        public void Mergeable_NumBuffersOne_FrameDelivered()
        {
            using var f = new NetFixture(MergeableFeatures);
            Assert.Equal(NetFixture.MrgRxBuf, f.Net.NegotiatedFeatures & NetFixture.MrgRxBuf);
            f.Deliver(NetFixture.Pattern(NetFixture.FrameBytesMax, 4), NetFixture.Header(numBuffers: 1));
            Assert.Equal(NetFixture.Pattern(NetFixture.FrameBytesMax, 4), f.Net.Bytes(f.TakeFrame()).ToArray());
            Assert.Equal(0L, f.Net.ReceiveDrops);
        }

        [Fact]
        public void Mergeable_NumBuffersZero_DroppedAndReposted()
        {
            using var f = new NetFixture(MergeableFeatures, receiveMax: 4);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            f.DeliverInto(posted[0], NetFixture.Pattern(60, 1), NetFixture.Header(numBuffers: 0));
            f.DeliverInto(posted[1], NetFixture.Pattern(61, 2), NetFixture.Header(numBuffers: 1));
            Assert.Equal(NetFixture.Pattern(61, 2), f.Net.Bytes(f.TakeFrame()).ToArray());
            Assert.Equal(1L, f.Net.ReceiveDrops);
            Assert.Equal(new[] { posted[0].Segments[0].Address }, f.Receive.PopAll().Select(chain => chain.Segments[0].Address));
        }

        // A frame spread over three buffers: all three go back unread, one drop is counted, and
        // the next frame comes through.
        [Fact]
        public void Mergeable_FrameSpreadOverThreeBuffers_DroppedWholeAndAllReposted()
        {
            using var f = new NetFixture(MergeableFeatures, receiveMax: 8);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            f.DeliverSpread(new[] { posted[0], posted[1], posted[2] });
            f.DeliverInto(posted[3], NetFixture.Pattern(99, 7), NetFixture.Header(numBuffers: 1));
            FrameLease frame = f.TakeFrame();
            Assert.Equal(NetFixture.Pattern(99, 7), f.Net.Bytes(frame).ToArray());
            Assert.Equal(1L, f.Net.ReceiveDrops);
            Assert.Equal(1L, f.Net.FramesReceived);
            Assert.False(f.Net.TryTake(out _));
            Assert.Equal(posted.Take(3).Select(chain => chain.Segments[0].Address), f.Receive.PopAll().Select(chain => chain.Segments[0].Address));
        }

        // num_buffers larger than what the device has used: the driver takes what is there, does
        // not wait for the rest, and the queue goes on.
        [Fact]
        public void Mergeable_NumBuffersBeyondWhatIsUsed_NoOverrun()
        {
            using var f = new NetFixture(MergeableFeatures, receiveMax: 4);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            f.DeliverSpread(new[] { posted[0] }, numBuffers: 50);
            Assert.False(f.Net.TryTake(out _));
            Assert.Equal(1L, f.Net.ReceiveDrops);
            Assert.Equal(new[] { posted[0].Segments[0].Address }, f.Receive.PopAll().Select(chain => chain.Segments[0].Address));
            f.DeliverInto(posted[1], NetFixture.Pattern(70, 3), NetFixture.Header(numBuffers: 1));
            Assert.Equal(NetFixture.Pattern(70, 3), f.Net.Bytes(f.TakeFrame()).ToArray());
            Assert.Equal(0, f.Receive.AvailableCount);
        }

        // Without VIRTIO_NET_F_MRG_RXBUF num_buffers means nothing to the driver.
        [Theory]
        [InlineData((ushort)0)]
        [InlineData((ushort)7)]
        public void NotMergeable_NumBuffersIgnored(ushort numBuffers)
        {
            using var f = new NetFixture();
            Assert.Equal(0UL, f.Net.NegotiatedFeatures & NetFixture.MrgRxBuf);
            f.Deliver(NetFixture.Pattern(64, 1), NetFixture.Header(numBuffers));
            Assert.Equal(NetFixture.Pattern(64, 1), f.Net.Bytes(f.TakeFrame()).ToArray());
            Assert.Equal(0L, f.Net.ReceiveDrops);
        }

        // A device that completes a receive chain twice: one frame, and the buffer is posted
        // again once, when the frame is returned.
        [Fact]
        public void Receive_DeviceCompletesAChainTwice_OneFrameOneRepost()
        {
            using var f = new NetFixture(receiveMax: 2);
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            f.DeliverInto(posted[0], NetFixture.Pattern(80, 1));
            f.Receive.Complete(posted[0].Head, H + 90); // again, a lie (nothing more written)
            FrameLease frame = f.TakeFrame();
            Assert.Equal(NetFixture.Pattern(80, 1), f.Net.Bytes(frame).ToArray());
            Assert.False(f.Net.TryTake(out _));
            Assert.Equal(1L, f.Net.FramesReceived);
            Assert.Equal(0, f.Receive.AvailableCount);
            f.Net.Return(frame);
            Assert.Equal(1, f.Receive.AvailableCount);
            Assert.Equal(posted[0].Segments[0].Address, f.Receive.Pop().Segments[0].Address);
        }

        // With event index the driver keeps used_event at the first element it has not taken:
        // frames arriving while it is still taking raise no interrupt, the first one after it
        // has drained the queue does (2.7.7).
        [Fact]
        public void Receive_InterruptRearmedOnceDrained()
        {
            using var f = new NetFixture();
            f.Deliver(NetFixture.Pattern(60, 1));
            Assert.Equal(1, f.Receive.InterruptsRaised);
            f.Deliver(NetFixture.Pattern(60, 2));
            Assert.Equal(1, f.Receive.InterruptsRaised); // the driver has not looked yet
            f.TakeFrame();
            f.Deliver(NetFixture.Pattern(60, 3));
            Assert.Equal(1, f.Receive.InterruptsRaised); // it is still taking
            f.TakeFrame();
            f.TakeFrame();
            Assert.False(f.Net.TryTake(out _));
            f.Deliver(NetFixture.Pattern(60, 4));
            Assert.Equal(2, f.Receive.InterruptsRaised); // drained: the next frame interrupts
        }

        // The interrupt acknowledges its cause and wakes the thread waiting for frames.
        [Fact]
        public void OnInterrupt_AcknowledgesAndWakesTheWaiter()
        {
            using var f = new NetFixture();
            Assert.False(f.Net.WaitForFrames(0));
            f.Deliver(NetFixture.Pattern(60, 1));
            f.Device.RaiseInterrupt(SimulatedMmioDevice.InterruptUsedBuffer);
            f.Net.OnInterrupt();
            Assert.Equal(0u, f.Device.InterruptStatus);
            Assert.True(f.Net.WaitForFrames(0));
            Assert.False(f.Net.WaitForFrames(0)); // the wake was consumed
            Assert.True(f.Net.TryTake(out _));
        }

        // The stack's classifier hook (FrameDevice.TryTakeUnclaimed) over this device: claimed
        // frames never reach the default path, and come back to the device when returned.
        [Fact]
        public void TryTakeUnclaimed_ClassifierClaimsSomeFrames()
        {
            using var f = new NetFixture(receiveMax: 8);
            var classifier = new ClaimFirstByte(0xC1);
            f.Net.Classifier = classifier;
            List<SimulatedDevice.Chain> posted = f.Receive.PopAll();
            byte[][] payloads =
            {
                new byte[] { 0x01, 1 }, new byte[] { 0xC1, 2 }, new byte[] { 0xC1, 3 }, new byte[] { 0x02, 4 },
            };
            for (int i = 0; i < payloads.Length; i++)
                f.DeliverInto(posted[i], payloads[i]);
            Assert.True(f.Net.TryTakeUnclaimed(out FrameLease first));
            Assert.Equal(payloads[0], f.Net.Bytes(first).ToArray());
            Assert.True(f.Net.TryTakeUnclaimed(out FrameLease second));
            Assert.Equal(payloads[3], f.Net.Bytes(second).ToArray());
            Assert.False(f.Net.TryTakeUnclaimed(out _));
            Assert.Equal(new[] { payloads[1], payloads[2] }, classifier.Claimed.Select(c => f.Net.Bytes(c).ToArray()));
            Assert.Equal(4L, f.Net.FramesReceived);

            foreach (FrameLease claimed in classifier.Claimed)
                f.Net.Return(claimed);
            Assert.Equal(new[] { posted[1].Segments[0].Address, posted[2].Segments[0].Address },
                f.Receive.PopAll().Select(chain => chain.Segments[0].Address));
        }

        private sealed class ClaimFirstByte : FrameClassifier
        {
            private readonly byte _first;

            public ClaimFirstByte(byte first) { _first = first; }

            public List<FrameLease> Claimed { get; } = new List<FrameLease>();

            public override bool TryClaim(FrameDevice device, in FrameLease frame, ReadOnlySpan<byte> bytes)
            {
                if (bytes.Length == 0 || bytes[0] != _first)
                    return false;
                Claimed.Add(frame);
                return true;
            }
        }

        // ---- transmit ----

        [Theory]
        [InlineData(1)]
        [InlineData(14)]
        [InlineData(60)]
        [InlineData(1514)]
        [InlineData(NetFixture.FrameBytesMax)]
        public void TrySend_OneReadableChain_ZeroHeaderThenTheExactFrame(int length)
        {
            using var f = new NetFixture();
            byte[] frame = NetFixture.Pattern(length, 0x5A);
            Assert.True(f.Net.TrySend(frame));
            SimulatedDevice.Chain chain = f.Transmit.Pop();
            SimulatedDevice.Segment segment = NetFixture.OnlyReadable(chain);
            Assert.Equal((uint)(H + length), segment.Length);
            Assert.Equal(frame, f.TransmittedFrame(chain));
            Assert.True(f.Dma.IndexOf(segment.Address, segment.Length) >= 0, "transmit buffer outside DMA memory");
            Assert.Equal(1L, f.Net.FramesSent);
            Assert.Equal(0, f.Transmit.AvailableCount);
        }

        [Fact]
        public void TrySend_CopiesTheFrame_CallerMayReuseItsArray()
        {
            using var f = new NetFixture();
            byte[] frame = NetFixture.Pattern(100, 1);
            Assert.True(f.Net.TrySend(frame));
            Array.Fill(frame, (byte)0xEE);
            Assert.Equal(NetFixture.Pattern(100, 1), f.TransmittedFrame(f.Transmit.Pop()));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(NetFixture.FrameBytesMax + 1)]
        [InlineData(2048)]
        [InlineData(9000)]
        public void TrySend_EmptyOrOversize_RefusedWithoutEffect(int length)
        {
            using var f = new NetFixture();
            f.Device.ClearRecords();
            Assert.False(f.Net.TrySend(new byte[length]));
            Assert.Equal(0, f.Transmit.AvailableCount);
            Assert.Equal(0L, f.Net.FramesSent);
            Assert.Equal(0L, f.Net.TransmitQueueFull);
            Assert.Empty(f.Device.Notifications);
        }

        [Fact]
        public void TrySend_AllBuffersInFlight_RefusedAndCounted_ReclaimedOnceUsed()
        {
            using var f = new NetFixture(transmitMax: 4);
            byte[][] frames = Enumerable.Range(0, 6).Select(i => NetFixture.Pattern(200 + i, (byte)(i * 40))).ToArray();
            for (int i = 0; i < 4; i++)
                Assert.True(f.Net.TrySend(frames[i]));
            Assert.False(f.Net.TrySend(frames[4]));
            Assert.Equal(1L, f.Net.TransmitQueueFull);
            Assert.False(f.Net.TrySend(frames[4]));
            Assert.Equal(2L, f.Net.TransmitQueueFull);
            Assert.Equal(4L, f.Net.FramesSent);

            List<SimulatedDevice.Chain> inFlight = f.Transmit.PopAll();
            Assert.Equal(4, inFlight.Count);
            for (int i = 0; i < 4; i++)
                Assert.Equal(frames[i], f.TransmittedFrame(inFlight[i]));
            Assert.False(f.Net.TrySend(frames[4])); // popped is not used
            Assert.Equal(3L, f.Net.TransmitQueueFull);

            f.Transmit.Complete(inFlight[2].Head, 0);
            Assert.True(f.Net.TrySend(frames[4]));
            Assert.False(f.Net.TrySend(frames[5]));
            SimulatedDevice.Chain next = f.Transmit.Pop();
            Assert.Equal(frames[4], f.TransmittedFrame(next));
            // The buffers still in flight were not touched.
            foreach (int i in new[] { 0, 1, 3 })
                Assert.Equal(frames[i], f.TransmittedFrame(inFlight[i]));

            f.Transmit.CompleteBatch(new[] { ((uint)inFlight[0].Head, 0u), ((uint)inFlight[1].Head, 0u), ((uint)inFlight[3].Head, 0u), ((uint)next.Head, 0u) });
            for (int i = 0; i < 4; i++)
                Assert.True(f.Net.TrySend(frames[i]), "buffer " + i + " not reclaimed");
            Assert.Equal(9L, f.Net.FramesSent);
            Assert.Equal(4L, f.Net.TransmitQueueFull);
        }

        // TrySend without flush: nothing visible, nothing notified, until Flush publishes the
        // whole burst with at most one notification (2.7.13.3, 2.7.13.4).
        [Fact]
        public void TrySendWithoutFlush_BurstPublishedByFlushWithOneNotification()
        {
            using var f = new NetFixture(transmitMax: 8);
            f.Device.ClearRecords();
            byte[][] frames = Enumerable.Range(0, 3).Select(i => NetFixture.Pattern(100 + i, (byte)i)).ToArray();
            foreach (byte[] frame in frames)
                Assert.True(f.Net.TrySend(frame, flush: false));
            Assert.Equal(0, f.Transmit.AvailableCount);
            Assert.Empty(f.Device.Notifications);
            Assert.Equal(3L, f.Net.FramesSent);
            Assert.Equal(3, f.Net.TransmitInFlight);

            f.Net.Flush();
            Assert.Equal(new[] { 1 }, f.Device.Notifications);
            List<SimulatedDevice.Chain> chains = f.Transmit.PopAll();
            Assert.Equal(frames, chains.Select(chain => f.TransmittedFrame(chain)));
            f.Net.Flush();
            Assert.Equal(new[] { 1 }, f.Device.Notifications); // nothing new, no notification
        }

        [Fact]
        public void TrySendWithoutFlush_FullQueue_RefusedAndPendingFramesStayForFlush()
        {
            using var f = new NetFixture(transmitMax: 2);
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 1), flush: false));
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 2), flush: false));
            Assert.False(f.Net.TrySend(NetFixture.Pattern(60, 3), flush: false));
            Assert.False(f.Net.TrySend(NetFixture.Pattern(60, 3)));
            Assert.Equal(2L, f.Net.TransmitQueueFull);
            f.Net.Flush();
            Assert.Equal(new[] { NetFixture.Pattern(60, 1), NetFixture.Pattern(60, 2) }, f.Transmit.PopAll().Select(chain => f.TransmittedFrame(chain)));
        }

        // A device that claims it wrote into a transmit chain (which has no writable part): the
        // queue rejects the length, but the buffer still comes back.
        [Fact]
        public void TrySend_DeviceClaimsBytesWrittenToTransmitChain_BufferStillReclaimed()
        {
            using var f = new NetFixture(transmitMax: 1);
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 1)));
            Assert.False(f.Net.TrySend(NetFixture.Pattern(60, 2)));
            f.Transmit.Complete(f.Transmit.Pop().Head, 72);
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 3)));
            Assert.Equal(NetFixture.Pattern(60, 3), f.TransmittedFrame(f.Transmit.Pop()));
        }

        // A device that completes a transmit chain twice must not free its buffer twice: two
        // frames would then share one buffer while both are in flight.
        [Fact]
        public void TrySend_DeviceCompletesAChainTwice_BufferFreedOnce()
        {
            using var f = new NetFixture(transmitMax: 2);
            byte[] a = NetFixture.Pattern(100, 1), b = NetFixture.Pattern(100, 2), c = NetFixture.Pattern(100, 3);
            Assert.True(f.Net.TrySend(a));
            Assert.True(f.Net.TrySend(b));
            List<SimulatedDevice.Chain> chains = f.Transmit.PopAll();
            f.Transmit.CompleteBatch(new[] { ((uint)chains[0].Head, 0u), ((uint)chains[0].Head, 0u) });
            Assert.True(f.Net.TrySend(c));
            Assert.False(f.Net.TrySend(NetFixture.Pattern(100, 4))); // b is still in flight
            Assert.Equal(b, f.TransmittedFrame(chains[1]));
            Assert.Equal(c, f.TransmittedFrame(f.Transmit.Pop()));
        }

        // Event index (2.7.10): a notification exactly when the device's avail_event is one of
        // the entries a send published; the device moves avail_event wherever it likes.
        [Fact]
        public void TrySend_NotifiesExactlyByAvailEvent()
        {
            using var f = new NetFixture(transmitMax: 64);
            f.Transmit.AutoAvailEvent = false;
            f.Device.ClearRecords();
            // (avail_event to set before the send, or -1 to leave it).
            int[] events = { -1, -1, -1, 3, -1, 6, -1, -1, -1, 9, 9, -1, 20, -1, -1, 12, -1 };
            int sent = 0;
            foreach (int set in events)
            {
                if (set >= 0)
                    f.Transmit.SetAvailEvent((ushort)set);
                ushort availEvent = f.Transmit.AvailEvent;
                ushort before = f.Transmit.AvailIndex;
                int notifies = f.Device.NotifyCount(1);
                Assert.True(f.Net.TrySend(NetFixture.Pattern(60, (byte)sent)));
                sent++;
                Assert.Equal((ushort)(before + 1), f.Transmit.AvailIndex);
                int expected = NetFixture.EventInBatch(availEvent, before, f.Transmit.AvailIndex) ? 1 : 0;
                Assert.True(expected == f.Device.NotifyCount(1) - notifies,
                    "send " + sent + ": avail_event " + availEvent + " idx " + before + " -> " + f.Transmit.AvailIndex + ": expected " + expected + " notifications");
            }
            Assert.Equal(events.Length, f.Transmit.AvailableCount);
            Assert.DoesNotContain(0, f.Device.Notifications); // nothing for the receive queue
        }

        // Without event index: every send notifies unless the device set NO_NOTIFY.
        [Fact]
        public void TrySend_NoEventIndex_NotifiesUnlessNoNotify()
        {
            using var f = new NetFixture(NetFixture.Version1 | NetFixture.Mac | NetFixture.Status);
            Assert.Equal(0UL, f.Net.NegotiatedFeatures & NetFixture.EventIndex);
            f.Device.ClearRecords();
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 1)));
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 2)));
            Assert.Equal(new[] { 1, 1 }, f.Device.Notifications);
            f.Transmit.SetNoNotify(true);
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 3)));
            Assert.Equal(2, f.Device.NotifyCount(1));
            f.Transmit.SetNoNotify(false);
            Assert.True(f.Net.TrySend(NetFixture.Pattern(60, 4)));
            Assert.Equal(3, f.Device.NotifyCount(1));
            Assert.Equal(4, f.Transmit.PopAll().Count);
        }

        // ---- link ----

        [Fact]
        public void LinkUp_FollowsTheStatusField()
        {
            using var f = new NetFixture();
            Assert.True(f.Net.LinkUp);
            f.Device.SetNetStatus(0);
            Assert.False(f.Net.LinkUp);
            f.Device.SetNetStatus(1);
            Assert.True(f.Net.LinkUp);
            f.Device.SetNetStatus(2); // VIRTIO_NET_S_ANNOUNCE alone: link down
            Assert.False(f.Net.LinkUp);
            f.Device.SetNetStatus(3);
            Assert.True(f.Net.LinkUp);
        }

        [Fact]
        public void LinkUp_WithoutStatusFeature_AlwaysUp()
        {
            using var f = new NetFixture(NetFixture.Version1 | NetFixture.Mac | NetFixture.EventIndex);
            f.Device.SetNetStatus(0);
            Assert.True(f.Net.LinkUp);
        }

        [Fact]
        public void LinkUp_DownAtStart_ReportedDown()
        {
            using var f = new NetFixture(start: false);
            f.Device.SetNetStatus(0);
            Assert.True(f.Start(), f.Error);
            Assert.False(f.Net.LinkUp);
        }
    
        // A lease returned twice (here while the receive ring is full) is refused and counted:
        // posting it again would remap a chain the device still holds.
        [Fact]
        public void Return_Twice_IsRefusedAndDoesNotCorruptLaterFrames()
        {
            using var f = new NetFixture(receiveMax: 2);
            var posted = f.Receive.PopAll();
            f.DeliverInto(posted[1], NetFixture.Pattern(60, 1));
            FrameLease first = f.TakeFrame();
            f.Net.Return(first);
            f.Net.Return(first);
            Assert.Equal(1, f.Net.InvalidReturns);
            f.DeliverInto(posted[0], NetFixture.Pattern(60, 2));
            Assert.Equal(NetFixture.Pattern(60, 2), f.Net.Bytes(f.TakeFrame()).ToArray());
        }

        [Fact]
        public void Return_OfALeaseNeverLent_IsRefused()
        {
            using var f = new NetFixture();
            f.Net.Return(default);
            f.Net.Return(new FrameLease(-1, 60));
            f.Net.Return(new FrameLease(int.MaxValue, 60));
            Assert.Equal(3, f.Net.InvalidReturns);
        }
    
        // Scatter-gather: the headers are copied, the payload is read where it lies (a second
        // segment of the same chain), and its token comes back once the device is done.
        [Fact]
        public unsafe void TrySendGather_PayloadIsASecondSegmentAndItsTokenComesBackWhenSent()
        {
            using var f = new NetFixture();
            byte[] headers = NetFixture.Pattern(54, 7);
            byte[] payloadBytes = NetFixture.Pattern(1000, 9);
            DmaRegion payload = f.Dma.Allocate(payloadBytes.Length, "a test payload");
            payloadBytes.CopyTo(new Span<byte>(payload.Pointer, payloadBytes.Length));

            Assert.True(f.Net.TrySendGather(headers, new BufferSegment(payload.PhysicalAddress, (uint)payloadBytes.Length), token: 42));
            SimulatedDevice.Chain chain = f.Transmit.Pop();
            Assert.Equal(2, chain.Segments.Length);
            Assert.Equal(payload.PhysicalAddress, chain.Segments[1].Address);
            Assert.All(chain.Segments, segment => Assert.False(segment.Writable));
            byte[] read = f.Transmit.ReadReadable(chain);
            Assert.Equal(new byte[VirtioNetDevice.HeaderBytes], read.AsSpan(0, VirtioNetDevice.HeaderBytes).ToArray());
            Assert.Equal(headers.Concat(payloadBytes).ToArray(), read.AsSpan(VirtioNetDevice.HeaderBytes).ToArray());
            Assert.False(f.Net.TryTakeSentPayload(out _));

            f.Transmit.Complete(chain.Head, 0);
            Assert.True(f.Net.TryTakeSentPayload(out long token));
            Assert.Equal(42, token);
            Assert.False(f.Net.TryTakeSentPayload(out _));
        }

        [Fact]
        public void TrySendGather_EmptyOrOversize_IsRefused()
        {
            using var f = new NetFixture();
            var payload = new BufferSegment(0x1000, 100);
            Assert.False(f.Net.TrySendGather(default, payload, 1));
            Assert.False(f.Net.TrySendGather(new byte[14], new BufferSegment(0x1000, 0), 1));
            Assert.False(f.Net.TrySendGather(new byte[14], new BufferSegment(0x1000, VirtioNetDevice.FrameBytesLimit), 1));
            Assert.Equal(0, f.Transmit.AvailableCount);
        }

        // A caller that never takes its tokens back cannot overflow the completion ring: once
        // QueueSize payloads are outstanding, further gather sends are refused.
        [Fact]
        public unsafe void TrySendGather_OutstandingPayloadsAreBoundedByTheQueue()
        {
            using var f = new NetFixture(transmitMax: 4);
            DmaRegion payload = f.Dma.Allocate(64, "a test payload");
            var segment = new BufferSegment(payload.PhysicalAddress, 64);
            for (int i = 0; i < 4; i++)
            {
                Assert.True(f.Net.TrySendGather(new byte[14], segment, i));
                f.Transmit.Complete(f.Transmit.Pop().Head, 0);
            }
            Assert.False(f.Net.TrySendGather(new byte[14], segment, 4));
            for (int i = 0; i < 4; i++)
            {
                Assert.True(f.Net.TryTakeSentPayload(out long token));
                Assert.Equal(i, token);
            }
            Assert.True(f.Net.TrySendGather(new byte[14], segment, 5));
        }
    
        // Checksum offload (VIRTIO_NET_F_CSUM): the header asks the device to complete the
        // checksum at start + offset; the frame itself is sent unchanged.
        [Fact]
        public void TrySendWithChecksumOffload_WritesNeedsChecksumHeader()
        {
            using var f = new NetFixture(NetFixture.DefaultFeatures | NetFixture.Csum);
            Assert.True(f.Net.TransmitChecksumOffload);
            byte[] frame = NetFixture.Pattern(90, 3);
            Assert.True(f.Net.TrySendWithChecksumOffload(frame, checksumStart: 34, checksumOffset: 16));
            byte[] read = f.Transmit.ReadReadable(f.Transmit.Pop());
            Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 34, 0, 16, 0, 0, 0 }, read.AsSpan(0, VirtioNetDevice.HeaderBytes).ToArray());
            Assert.Equal(frame, read.AsSpan(VirtioNetDevice.HeaderBytes).ToArray());
        }

        [Fact]
        public void TrySendWithChecksumOffload_WithoutTheFeatureOrOutsideTheFrame_SendsNothing()
        {
            using var f = new NetFixture();
            Assert.False(f.Net.TransmitChecksumOffload);
            Assert.False(f.Net.TrySendWithChecksumOffload(new byte[90], 34, 16));
            using var g = new NetFixture(NetFixture.DefaultFeatures | NetFixture.Csum);
            Assert.False(g.Net.TrySendWithChecksumOffload(new byte[90], 80, 16));
            Assert.False(g.Net.TrySendWithChecksumOffload(new byte[90], -1, 16));
            Assert.Equal(0, f.Transmit.AvailableCount);
            Assert.Equal(0, g.Transmit.AvailableCount);
        }
    }
}
