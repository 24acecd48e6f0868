// A deterministic Ethernet cable between two SimulatedFrameDevices, for whole-stack simulations
// in one process (after TigerBeetle's packet_simulator): each frame sent is copied into one of a
// fixed pool of in-flight buffers with a delivery time, and DeliverDue moves those that are due
// (in time order, ties in send order) into the receiving device's buffers. Faults (WireFaults)
// are drawn per frame from a SimulationRandom seeded by the test, so the same seed and the same
// sends give the same deliveries, bit for bit; TraceHash summarises every decision and delivery
// so that a test can check exactly that.
//
// The loop: advance the clock to min(NextDeliveryNs, the stacks' deadlines), let each stack take
// its frames (TryTake calls DeliverDue), poll, repeat. Frames that find the pool or the
// receiver's buffers full are dropped and counted (InFlightDropped, the device's ReceiveDropped).
using System;
using OSv.Testing;

namespace OSv.Net.Tests.Simulation
{
    public sealed class SimulatedWire
    {
        public const int DefaultInFlightMax = 1024;

        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        private readonly SimulationClock _clock;
        private readonly SimulationRandom _random;
        private readonly SimulatedFrameDevice _a;
        private readonly SimulatedFrameDevice _b;
        private readonly byte[][] _bytes;
        private readonly int[] _lengths;
        private readonly long[] _deliveryNs;
        private readonly long[] _sequence;
        private readonly SimulatedFrameDevice?[] _target; // null: the slot is free
        private long _nextSequence;
        private ulong _trace = FnvOffset;

        public SimulatedWire(SimulationClock clock, ulong seed, SimulatedFrameDevice a, SimulatedFrameDevice b,
            WireFaults? faults = null, int inFlightMax = DefaultInFlightMax)
        {
            _clock = clock;
            _random = new SimulationRandom(seed);
            Seed = seed;
            _a = a;
            _b = b;
            a.Wire = this;
            b.Wire = this;
            Faults = faults ?? WireFaults.None;
            int frameBytesMax = Math.Max(a.FrameBytesMax, b.FrameBytesMax);
            _bytes = new byte[inFlightMax][];
            _lengths = new int[inFlightMax];
            _deliveryNs = new long[inFlightMax];
            _sequence = new long[inFlightMax];
            _target = new SimulatedFrameDevice?[inFlightMax];
            for (int i = 0; i < inFlightMax; i++)
                _bytes[i] = new byte[frameBytesMax];
        }

        public ulong Seed { get; }

        public WireFaults Faults { get; set; }

        public SimulationClock Clock => _clock;

        public ulong TraceHash => _trace;

        public long Sent { get; private set; }
        public long Lost { get; private set; }
        public long Duplicated { get; private set; }
        public long Reordered { get; private set; }
        public long Corrupted { get; private set; }
        public long Delivered { get; private set; }
        public long InFlightDropped { get; private set; }
        public int InFlight { get; private set; }

        // The earliest delivery time of a frame in flight; long.MaxValue when none.
        public long NextDeliveryNs
        {
            get
            {
                long next = long.MaxValue;
                for (int i = 0; i < _target.Length; i++)
                    if (_target[i] != null && _deliveryNs[i] < next)
                        next = _deliveryNs[i];
                return next;
            }
        }

        // Called by a device's TrySend.
        internal void Send(SimulatedFrameDevice from, ReadOnlySpan<byte> frame)
        {
            SimulatedFrameDevice to = from == _a ? _b : _a;
            Sent++;
            Mix((ulong)_clock.NowNs);
            Mix(to == _b ? 1UL : 2UL);
            Mix(frame);
            WireFaults faults = Faults;
            if (Draw(faults.LossProbability))
            {
                Lost++;
                Mix(0xDEADUL);
                return;
            }
            bool duplicate = Draw(faults.DuplicateProbability);
            Launch(to, frame, faults);
            if (duplicate)
            {
                Duplicated++;
                Launch(to, frame, faults);
            }
        }

        // Moves every frame due at the clock's time into its receiver, in time order.
        public void DeliverDue()
        {
            while (InFlight > 0)
            {
                int slot = EarliestDue(_clock.NowNs);
                if (slot < 0)
                    return;
                SimulatedFrameDevice to = _target[slot]!;
                _target[slot] = null;
                InFlight--;
                ReadOnlySpan<byte> bytes = _bytes[slot].AsSpan(0, _lengths[slot]);
                Mix((ulong)_deliveryNs[slot]);
                Mix((ulong)_sequence[slot]);
                Mix(bytes);
                if (to.TryInject(bytes))
                    Delivered++;
            }
        }

        private void Launch(SimulatedFrameDevice to, ReadOnlySpan<byte> frame, WireFaults faults)
        {
            int slot = Array.IndexOf(_target, null);
            if (slot < 0)
            {
                InFlightDropped++;
                return;
            }
            frame.CopyTo(_bytes[slot]);
            _lengths[slot] = frame.Length;
            if (Draw(faults.CorruptProbability))
            {
                Corrupted++;
                // Distinct bits, so that a second flip never undoes a first: a corrupted copy
                // always differs from what was sent.
                int flips = Math.Min(_random.Between(1, Math.Max(1, faults.CorruptBitFlipsMax)), frame.Length * 8);
                Span<int> bits = stackalloc int[flips];
                for (int i = 0; i < flips; i++)
                {
                    int bit;
                    do
                        bit = _random.Between(0, frame.Length * 8 - 1);
                    while (bits.Slice(0, i).Contains(bit));
                    bits[i] = bit;
                    _bytes[slot][bit >> 3] ^= (byte)(1 << (bit & 7));
                }
            }
            long delayNs = faults.LatencyNs + (faults.JitterNs > 0 ? _random.Between(0, faults.JitterNs) : 0);
            if (Draw(faults.ReorderProbability))
            {
                Reordered++;
                delayNs += faults.ReorderDelayNs;
            }
            _deliveryNs[slot] = _clock.NowNs + delayNs;
            _sequence[slot] = _nextSequence++;
            _target[slot] = to;
            InFlight++;
            Mix((ulong)_deliveryNs[slot]);
        }

        private int EarliestDue(long nowNs)
        {
            int best = -1;
            for (int i = 0; i < _target.Length; i++)
            {
                if (_target[i] == null || _deliveryNs[i] > nowNs)
                    continue;
                if (best < 0 || _deliveryNs[i] < _deliveryNs[best] ||
                    (_deliveryNs[i] == _deliveryNs[best] && _sequence[i] < _sequence[best]))
                    best = i;
            }
            return best;
        }

        // True with the given probability; draws nothing for 0, so a fault that is off does not
        // shift the others' random streams.
        private bool Draw(double probability)
        {
            if (probability <= 0)
                return false;
            double unit = (_random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
            return unit < probability;
        }

        private void Mix(ulong value)
        {
            for (int i = 0; i < 8; i++)
            {
                _trace ^= (byte)(value >> (8 * i));
                _trace *= FnvPrime;
            }
        }

        private void Mix(ReadOnlySpan<byte> bytes)
        {
            Mix((ulong)bytes.Length);
            for (int i = 0; i < bytes.Length; i++)
            {
                _trace ^= bytes[i];
                _trace *= FnvPrime;
            }
        }
    }
}
