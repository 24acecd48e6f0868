// Seeded random traffic through VirtioNetDevice against a model of what must happen (NetFixture's
// simulated device on both queues). Each run picks queue sizes and whether event index is
// offered, then interleaves: sends of random sizes (and refused ones), the device popping and
// completing transmit chains in any order, popping receive buffers and writing frames (some with
// lengths the driver must drop) into them in any order, the driver taking frames and returning
// them in any order, the device moving its notification suppression, and link changes.
//
// After every step: every receive buffer is in exactly one place (posted, with the device,
// completed, or held as a frame), no buffer is handed to the device twice, held frames and
// in-flight transmit buffers are never overwritten, every frame comes out unchanged and in used
// order, the counters agree, and each available buffer notification and each used buffer
// notification is the one 2.7.7 / 2.7.10 call for. At the end everything drains and every
// buffer is accounted for.
//
// A second test runs 70,000 send and receive rounds through 4-entry queues, so the 16-bit
// avail and used indexes of both queues wrap around.
//
// The seed is printed first; replay one with OSV_SIM_SEED=<seed>.
using System;
using System.Collections.Generic;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Link;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class VirtioNetRandomizedTests
    {
        private const int Steps = 3000;
        private static readonly int[] QueueMaxes = { 1, 2, 4, 8, 16, 64, 256, 1024 };

        private readonly ITestOutputHelper _output;

        public VirtioNetRandomizedTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void RandomTraffic_MatchesModel(ulong seed)
        {
            _output.WriteLine("seed " + seed);
            var random = new SimulationRandom(seed);
            int receiveMax = random.Pick(QueueMaxes), transmitMax = random.Pick(QueueMaxes);
            bool eventIndex = random.Chance(70);
            bool mergeable = random.Chance(50);
            _output.WriteLine("receiveMax " + receiveMax + " transmitMax " + transmitMax + " eventIndex " + eventIndex + " mergeable " + mergeable);
            ulong features = NetFixture.Version1 | NetFixture.Mac | NetFixture.Status |
                (eventIndex ? NetFixture.EventIndex : 0) | (mergeable ? NetFixture.MrgRxBuf : 0);
            using var f = new NetFixture(features, receiveMax, transmitMax);
            f.Device.RecordAccesses = false;
            var model = new NetModel(f, random, eventIndex, mergeable);
            for (int step = 0; step < Steps; step++)
            {
                model.Step();
                model.Check("step " + step);
            }
            model.DrainAndCheckEverythingAccounted();
            _output.WriteLine(model.Summary());
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void SeventyThousandRounds_IndexesWrap_FramesIntact(bool eventIndex)
        {
            const int Rounds = 70_000;
            var random = new SimulationRandom(SimulationSeedBase.Default + (eventIndex ? 1UL : 0UL));
            ulong features = NetFixture.Version1 | NetFixture.Mac | (eventIndex ? NetFixture.EventIndex : 0);
            using var f = new NetFixture(features, receiveMax: 4, transmitMax: 4);
            f.Device.RecordAccesses = false;
            ushort receiveAvailStart = f.Receive.AvailIndex;
            int notifiesExpected = 0;
            for (int round = 0; round < Rounds; round++)
            {
                byte[] frame = NetFixture.Pattern(random.Between(1, NetFixture.FrameBytesMax), (byte)round);

                ushort availEvent = f.Transmit.AvailEvent, before = f.Transmit.AvailIndex;
                int notifies = f.Device.NotifyCount(1);
                Assert.True(f.Net.TrySend(frame), "round " + round);
                int expected = !eventIndex || NetFixture.EventInBatch(availEvent, before, f.Transmit.AvailIndex) ? 1 : 0;
                notifiesExpected += expected;
                if (f.Device.NotifyCount(1) - notifies != expected)
                    Assert.Fail("round " + round + ": transmit notifications " + (f.Device.NotifyCount(1) - notifies) + ", expected " + expected);
                SimulatedDevice.Chain chain = f.Transmit.Pop();
                if (!f.TransmittedFrame(chain).AsSpan().SequenceEqual(frame))
                    Assert.Fail("round " + round + ": transmitted bytes differ");
                f.Transmit.Complete(chain.Head, 0);

                SimulatedDevice.Chain buffer = f.Receive.Pop();
                f.DeliverInto(buffer, frame);
                Assert.True(f.Net.TryTake(out FrameLease received), "round " + round);
                if (!f.Net.Bytes(received).SequenceEqual(frame))
                    Assert.Fail("round " + round + ": received bytes differ");
                f.Net.Return(received);
            }
            Assert.Equal(unchecked((ushort)Rounds), f.Transmit.AvailIndex);
            Assert.Equal(unchecked((ushort)Rounds), f.Transmit.UsedIndex);
            Assert.Equal((ushort)(receiveAvailStart + Rounds), f.Receive.AvailIndex);
            Assert.Equal(unchecked((ushort)Rounds), f.Receive.UsedIndex);
            Assert.Equal(Rounds, f.Net.FramesSent);
            Assert.Equal(Rounds, f.Net.FramesReceived);
            Assert.Equal(0L, f.Net.ReceiveDrops + f.Net.TransmitQueueFull);
            Assert.Equal(notifiesExpected, f.Device.NotifyCount(1));
            // Every receive buffer is still there, once.
            var addresses = new HashSet<ulong>();
            foreach (SimulatedDevice.Chain chain in f.Receive.PopAll())
                Assert.True(addresses.Add(NetFixture.OnlyWritableBuffer(chain).Address));
            Assert.Equal(4, addresses.Count);
        }

        private sealed class NetModel
        {
            private enum Place { Posted, Device, Used, Held }

            private sealed class Expected
            {
                public ulong Address;
                public byte[]? Payload;     // null: the driver must drop it
                public int Follow;          // buffers after it that hold the rest of a spread frame
                public bool Continuation;   // one of those
            }

            private readonly NetFixture _f;
            private readonly SimulationRandom _random;
            private readonly bool _eventIndex, _mergeable;
            private readonly int _receiveSize, _transmitSize;

            private readonly Dictionary<ulong, Place> _receiveBuffers = new Dictionary<ulong, Place>();
            private readonly List<SimulatedDevice.Chain> _receiveWithDevice = new List<SimulatedDevice.Chain>();
            private readonly Queue<Expected> _receiveUsed = new Queue<Expected>();
            private readonly List<(FrameLease Frame, byte[] Payload, ulong Address)> _held = new List<(FrameLease, byte[], ulong)>();

            private readonly Queue<byte[]> _transmitUnflushed = new Queue<byte[]>();
            private readonly Queue<byte[]> _transmitUnpopped = new Queue<byte[]>();
            private readonly List<(SimulatedDevice.Chain Chain, byte[] Frame)> _transmitWithDevice = new List<(SimulatedDevice.Chain, byte[])>();
            private int _transmitCompletedUnreclaimed;

            private long _framesReceived, _drops, _framesSent, _queueFull;
            private long _receiveInterrupts, _transmitInterrupts, _refusedSends, _spreadFrames;

            public NetModel(NetFixture f, SimulationRandom random, bool eventIndex, bool mergeable)
            {
                _f = f;
                _random = random;
                _eventIndex = eventIndex;
                _mergeable = mergeable;
                Assert.Equal(mergeable ? NetFixture.MrgRxBuf : 0, f.Net.NegotiatedFeatures & NetFixture.MrgRxBuf);
                _receiveSize = f.Net.ReceiveQueueSize;
                _transmitSize = f.Net.TransmitQueueSize;
                Assert.Equal(eventIndex ? NetFixture.EventIndex : 0, f.Net.NegotiatedFeatures & NetFixture.EventIndex);
            }

            public string Summary() =>
                "received " + _framesReceived + " drops " + _drops + " sent " + _framesSent + " queueFull " + _queueFull +
                " refused " + _refusedSends + " spread " + _spreadFrames + " rxInterrupts " + _receiveInterrupts + " txInterrupts " + _transmitInterrupts +
                " notifications rx " + _f.Device.NotifyCount(0) + " tx " + _f.Device.NotifyCount(1);

            public void Step()
            {
                int action = _random.Between(0, 99);
                if (action < 17) Send();
                else if (action < 20) Flush();
                else if (action < 30) DevicePopsTransmit();
                else if (action < 40) DeviceCompletesTransmit();
                else if (action < 50) DevicePopsReceive();
                else if (action < 65) DeviceDelivers();
                else if (action < 80) DriverTakes();
                else if (action < 92) DriverReturns();
                else if (action < 96) DeviceMovesSuppression();
                else if (action < 98) InFlight();
                else LinkChange();
            }

            // ---- driver ----

            private void Send()
            {
                bool refused = _random.Chance(5);
                int length = refused
                    ? (_random.Chance(30) ? 0 : _random.Between(NetFixture.FrameBytesMax + 1, 4000))
                    : RandomFrameLength();
                byte[] frame = NetFixture.RandomBytes(_random, length);
                bool flush = !_random.Chance(30);
                bool expected = !refused && _transmitUnflushed.Count + _transmitUnpopped.Count + _transmitWithDevice.Count < _transmitSize;
                bool sent = ExpectNotifications(1, _f.Transmit, () => flush ? _f.Net.TrySend(frame) : _f.Net.TrySend(frame, flush: false));
                Assert.Equal(expected, sent);
                if (refused)
                {
                    _refusedSends++;
                    return;
                }
                _transmitCompletedUnreclaimed = 0; // a valid send reclaims first
                if (sent)
                {
                    _framesSent++;
                    _transmitUnflushed.Enqueue(frame);
                    if (flush)
                        MoveUnflushed();
                }
                else
                {
                    _queueFull++;
                }
            }

            private void Flush()
            {
                ExpectNotifications(1, _f.Transmit, () => { _f.Net.Flush(); return true; });
                MoveUnflushed();
            }

            private void MoveUnflushed()
            {
                while (_transmitUnflushed.Count > 0)
                    _transmitUnpopped.Enqueue(_transmitUnflushed.Dequeue());
            }

            private void DriverTakes()
            {
                FrameLease frame = default;
                bool took = ExpectNotifications(0, _f.Receive, () => _f.Net.TryTake(out frame));
                // The drops before the next good frame are consumed (and re-posted) by this call.
                Expected? next = null;
                while (_receiveUsed.Count > 0)
                {
                    Expected e = _receiveUsed.Dequeue();
                    Assert.False(e.Continuation, "model: a continuation buffer without its first");
                    if (e.Payload == null)
                    {
                        _drops++;
                        _receiveBuffers[e.Address] = Place.Posted;
                        for (int i = 0; i < e.Follow && _receiveUsed.Count > 0; i++)
                        {
                            Expected rest = _receiveUsed.Dequeue();
                            Assert.True(rest.Continuation, "model: a spread frame's rest");
                            _receiveBuffers[rest.Address] = Place.Posted;
                        }
                        continue;
                    }
                    next = e;
                    break;
                }
                Assert.Equal(next != null, took);
                if (next != null)
                {
                    _framesReceived++;
                    ReadOnlySpan<byte> bytes = _f.Net.Bytes(frame);
                    Assert.Equal(next.Payload!.Length, frame.Length);
                    Assert.True(bytes.SequenceEqual(next.Payload), "frame bytes differ");
                    Assert.Equal(next.Address + NetFixture.HeaderBytes, NetFixture.AddressOf(bytes));
                    _receiveBuffers[next.Address] = Place.Held;
                    _held.Add((frame, next.Payload, next.Address));
                }
            }

            private void DriverReturns()
            {
                if (_held.Count == 0)
                    return;
                int index = _random.Between(0, _held.Count - 1);
                (FrameLease frame, byte[] payload, ulong address) = _held[index];
                _held.RemoveAt(index);
                Assert.True(_f.Net.Bytes(frame).SequenceEqual(payload), "a held frame was overwritten");
                ExpectNotifications(0, _f.Receive, () => { _f.Net.Return(frame); return true; });
                _receiveBuffers[address] = Place.Posted;
            }

            // ---- device ----

            private void DevicePopsTransmit()
            {
                int count = _random.Between(1, 4);
                for (int i = 0; i < count && _f.Transmit.TryPop(out SimulatedDevice.Chain chain); i++)
                {
                    Assert.True(_transmitUnpopped.Count > 0, "the device found a transmit chain nobody sent");
                    byte[] frame = _transmitUnpopped.Dequeue();
                    Assert.True(_f.TransmittedFrame(chain).AsSpan().SequenceEqual(frame), "transmitted bytes differ");
                    ulong address = chain.Segments[0].Address;
                    foreach ((SimulatedDevice.Chain other, byte[] _) in _transmitWithDevice)
                        Assert.NotEqual(address, other.Segments[0].Address); // one buffer, two frames in flight
                    _transmitWithDevice.Add((chain, frame));
                }
            }

            private void DeviceCompletesTransmit()
            {
                if (_transmitWithDevice.Count == 0)
                    return;
                int count = _random.Between(1, _transmitWithDevice.Count);
                var batch = new List<(uint, uint)>();
                for (int i = 0; i < count; i++)
                {
                    int index = _random.Between(0, _transmitWithDevice.Count - 1);
                    (SimulatedDevice.Chain chain, byte[] frame) = _transmitWithDevice[index];
                    _transmitWithDevice.RemoveAt(index);
                    Assert.True(_f.TransmittedFrame(chain).AsSpan().SequenceEqual(frame), "a transmit buffer in flight was overwritten");
                    batch.Add((chain.Head, 0u));
                }
                // The driver reclaims transmit buffers on its next send and asks for no transmit
                // interrupts (NO_INTERRUPT, or with event index a used_event the used idx only
                // reaches after 2^16 more completions, beyond any run here).
                bool expected = false;
                bool interrupt = _f.Transmit.CompleteBatch(batch);
                Assert.Equal(expected, interrupt);
                if (interrupt)
                    _transmitInterrupts++;
                _transmitCompletedUnreclaimed += batch.Count;
            }

            // One frame over k buffers (num_buffers = k), marked used at once: the driver must drop
            // it whole and re-post all k.
            private void DeviceSpreadsAFrame()
            {
                int k = _random.Between(2, Math.Min(4, _receiveWithDevice.Count));
                var chains = new SimulatedDevice.Chain[k];
                for (int i = 0; i < k; i++)
                {
                    int index = _random.Between(0, _receiveWithDevice.Count - 1);
                    chains[i] = _receiveWithDevice[index];
                    _receiveWithDevice.RemoveAt(index);
                }
                bool expectedInterrupt = !_eventIndex || _receiveUsed.Count == 0;
                bool interrupt = _f.DeliverSpread(chains);
                Assert.Equal(expectedInterrupt, interrupt);
                if (interrupt)
                    _receiveInterrupts++;
                for (int i = 0; i < k; i++)
                {
                    ulong address = chains[i].Segments[0].Address;
                    _receiveBuffers[address] = Place.Used;
                    _receiveUsed.Enqueue(new Expected { Address = address, Follow = i == 0 ? k - 1 : 0, Continuation = i > 0 });
                }
                _spreadFrames++;
            }

            private void DevicePopsReceive()
            {
                int count = _random.Between(1, 8);
                for (int i = 0; i < count && _f.Receive.TryPop(out SimulatedDevice.Chain chain); i++)
                {
                    ulong address = NetFixture.OnlyWritableBuffer(chain).Address;
                    if (_receiveBuffers.TryGetValue(address, out Place place))
                        Assert.True(place == Place.Posted, "receive buffer 0x" + address.ToString("x") + " posted while " + place);
                    Assert.True(_f.Dma.IndexOf(address, NetFixture.BufferBytes) >= 0);
                    _receiveBuffers[address] = Place.Device;
                    Assert.True(_receiveBuffers.Count <= _receiveSize, "more receive buffers than the queue holds");
                    _receiveWithDevice.Add(chain);
                }
            }

            private void DeviceDelivers()
            {
                if (_receiveWithDevice.Count == 0)
                    return;
                if (_mergeable && _receiveWithDevice.Count >= 2 && _random.Chance(6))
                {
                    DeviceSpreadsAFrame();
                    return;
                }
                int index = _random.Between(0, _receiveWithDevice.Count - 1);
                SimulatedDevice.Chain chain = _receiveWithDevice[index];
                _receiveWithDevice.RemoveAt(index);
                ulong address = chain.Segments[0].Address;
                bool expectedInterrupt = !_eventIndex || _receiveUsed.Count == 0;
                bool interrupt;
                var expected = new Expected { Address = address };
                if (_random.Chance(8))
                {
                    uint claimed = _random.Pick(new uint[]
                    {
                        0, (uint)_random.Between(1, NetFixture.HeaderBytes),
                        (uint)_random.Between(NetFixture.HeaderBytes + NetFixture.FrameBytesMax + 1, NetFixture.BufferBytes),
                        (uint)_random.Between(NetFixture.BufferBytes + 1, 100_000),
                    });
                    interrupt = _f.DeliverRawLength(chain, claimed);
                }
                else
                {
                    byte[] payload = NetFixture.RandomBytes(_random, RandomFrameLength());
                    byte[]? header;
                    if (_mergeable)
                    {
                        // An honest device says 1; sometimes it lies with 0, which must be dropped.
                        bool lie = _random.Chance(3);
                        header = NetFixture.Header(numBuffers: lie ? (ushort)0 : (ushort)1);
                        if (!lie)
                            expected.Payload = payload;
                    }
                    else
                    {
                        // num_buffers means nothing without VIRTIO_NET_F_MRG_RXBUF.
                        header = _random.Chance(40) ? null : NetFixture.Header((ushort)_random.Between(0, 3));
                        expected.Payload = payload;
                    }
                    interrupt = _f.DeliverInto(chain, payload, header);
                }
                Assert.Equal(expectedInterrupt, interrupt);
                if (interrupt)
                    _receiveInterrupts++;
                _receiveBuffers[address] = Place.Used;
                _receiveUsed.Enqueue(expected);
            }

            private void DeviceMovesSuppression()
            {
                SimulatedDevice ring = _random.Chance(50) ? _f.Receive : _f.Transmit;
                if (!_eventIndex)
                {
                    ring.SetNoNotify(_random.Chance(50));
                    return;
                }
                ring.AutoAvailEvent = _random.Chance(60);
                if (_random.Chance(70))
                    ring.SetAvailEvent((ushort)(ring.AvailIndex + _random.Between(-3, 5)));
            }

            // Asking reclaims what the device finished, as a send does.
            private void InFlight()
            {
                Assert.Equal(_transmitUnflushed.Count + _transmitUnpopped.Count + _transmitWithDevice.Count, _f.Net.TransmitInFlight);
                _transmitCompletedUnreclaimed = 0;
            }

            private void LinkChange()
            {
                ushort status = (ushort)_random.Between(0, 3);
                _f.Device.SetNetStatus(status);
                Assert.Equal((status & 1) != 0, _f.Net.LinkUp);
            }

            // ---- rules ----

            private int RandomFrameLength()
            {
                int kind = _random.Between(0, 9);
                if (kind == 0)
                    return NetFixture.FrameBytesMax;
                if (kind == 1)
                    return 1;
                if (kind < 6)
                    return _random.Between(14, 128);
                return _random.Between(1, NetFixture.FrameBytesMax);
            }

            // Runs an operation and checks the available buffer notifications it sent for queue
            // against 2.7.10: with event index exactly one when avail_event is among the entries
            // published, else none; without, at least one when anything was published and the
            // device has not set NO_NOTIFY, none when it has.
            private T ExpectNotifications<T>(int queue, SimulatedDevice ring, Func<T> operation)
            {
                ushort availEvent = ring.AvailEvent, before = ring.AvailIndex;
                bool noNotify = (ring.UsedFlags & 1) != 0;
                int notifies = _f.Device.NotifyCount(queue);
                T result = operation();
                ushort after = ring.AvailIndex;
                int sent = _f.Device.NotifyCount(queue) - notifies;
                if (_eventIndex)
                {
                    int expected = NetFixture.EventInBatch(availEvent, before, after) ? 1 : 0;
                    Assert.True(expected == sent, "queue " + queue + ": avail_event " + availEvent + ", idx " + before + " -> " + after +
                        ": " + sent + " notifications, expected " + expected);
                }
                else if (noNotify)
                {
                    Assert.Equal(0, sent);
                }
                else
                {
                    Assert.Equal(after != before, sent >= 1);
                    Assert.True(sent <= (ushort)(after - before));
                }
                return result;
            }

            public void Check(string where)
            {
                int device = 0, used = 0, held = 0;
                foreach (Place place in _receiveBuffers.Values)
                {
                    if (place == Place.Device) device++;
                    else if (place == Place.Used) used++;
                    else if (place == Place.Held) held++;
                }
                Assert.True(device == _receiveWithDevice.Count && used == _receiveUsed.Count && held == _held.Count, where + ": model bookkeeping");
                Assert.True(_f.Receive.AvailableCount == _receiveSize - device - used - held,
                    where + ": receive buffers posted " + _f.Receive.AvailableCount + ", expected " + (_receiveSize - device - used - held));
                Assert.True(_f.Transmit.AvailableCount == _transmitUnpopped.Count, where + ": transmit chains available");
                Assert.Equal(_receiveUsed.Count > 0, _f.Net.HasReceived);
                Assert.True(_framesReceived == _f.Net.FramesReceived && _drops == _f.Net.ReceiveDrops, where + ": receive counters");
                Assert.True(_framesSent == _f.Net.FramesSent && _queueFull == _f.Net.TransmitQueueFull, where + ": transmit counters");
                Assert.True(_f.Net.ReceiveNotifications == _f.Device.NotifyCount(0) && _f.Net.TransmitNotifications == _f.Device.NotifyCount(1),
                    where + ": notification counters");
            }

            public void DrainAndCheckEverythingAccounted()
            {
                // Transmit: the device finishes everything; then a whole queue of sends fits again.
                Flush();
                while (_transmitUnpopped.Count > 0)
                    DevicePopsTransmit();
                while (_transmitWithDevice.Count > 0)
                    DeviceCompletesTransmit();
                for (int i = 0; i < _transmitSize; i++)
                {
                    byte[] frame = NetFixture.RandomBytes(_random, RandomFrameLength());
                    Assert.True(_f.Net.TrySend(frame), "transmit buffer " + i + " of " + _transmitSize + " lost");
                    _transmitCompletedUnreclaimed = 0;
                    _framesSent++;
                    _transmitUnpopped.Enqueue(frame);
                }
                Assert.False(_f.Net.TrySend(new byte[60]));
                _queueFull++;
                while (_transmitUnpopped.Count > 0)
                    DevicePopsTransmit();
                while (_transmitWithDevice.Count > 0)
                    DeviceCompletesTransmit();
                Check("transmit drained");

                // Receive: frames in flight arrive, the driver takes and returns everything.
                _f.Receive.SetNoNotify(false);
                foreach ((FrameLease frame, byte[] payload, ulong address) in _held)
                {
                    Assert.True(_f.Net.Bytes(frame).SequenceEqual(payload));
                    _f.Net.Return(frame);
                    _receiveBuffers[address] = Place.Posted;
                }
                _held.Clear();
                while (_receiveWithDevice.Count > 0)
                    DeviceDelivers();
                while (_receiveUsed.Count > 0)
                    DriverTakes();
                while (_held.Count > 0)
                    DriverReturns();
                Assert.False(_f.Net.TryTake(out _));
                Check("receive drained");

                var addresses = new HashSet<ulong>();
                foreach (SimulatedDevice.Chain chain in _f.Receive.PopAll())
                    Assert.True(addresses.Add(NetFixture.OnlyWritableBuffer(chain).Address), "a receive buffer posted twice");
                Assert.Equal(_receiveSize, addresses.Count);
                foreach (ulong address in _receiveBuffers.Keys)
                    Assert.Contains(address, addresses);
            }
        }
    }
}
