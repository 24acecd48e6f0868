// The model RandomizedModelTests checks the queue and the device against: which chains are in
// flight, where each is (unpublished, available, popped, completed), what the driver must return
// for each used element, and what every notification and interrupt decision must be (2.7.7,
// 2.7.10). Each Step does one random operation on the queue or the device and asserts the
// outcome the model predicts; CheckAgreement compares counters after each step.
using System;
using System.Collections.Generic;
using System.Linq;
using OSv.Drivers.Virtio.Virtqueue;
using Xunit;
using OSv.Testing;

namespace OSv.Drivers.Virtio.Tests
{
    internal sealed class ModelChain
    {
        public ushort Head;
        public BufferSegment[] Segments = Array.Empty<BufferSegment>();
        public int ReadableCount;
        public bool Indirect;
        public int Descriptors;
        public uint WritableBytes;
        public bool Published;
    }

    // A used element as the driver will read it: a chain with its expected length, or a lie.
    internal readonly struct Expected
    {
        public Expected(ModelChain? chain, uint written, VirtqueueError error)
        {
            Chain = chain;
            Written = written;
            Error = error;
        }

        public ModelChain? Chain { get; }
        public uint Written { get; }
        public VirtqueueError Error { get; }
    }

    internal sealed class QueueModel
    {
        public const int ArenaBytes = 1 << 16;
        private const int SegmentBytesMax = 64;

        private readonly QueueFixture _f;
        private readonly SimulationRandom _random;
        private readonly int _queueSize;
        private readonly bool _eventIndex;
        private readonly int _tableCount;
        private readonly int _threshold;
        private readonly ulong _seed;

        private readonly Dictionary<ushort, ModelChain> _inFlight = new();
        private readonly List<ModelChain> _unpublished = new();
        private readonly Queue<ModelChain> _available = new();
        private readonly List<ModelChain> _popped = new();
        private readonly Queue<Expected> _used = new();
        private readonly long[] _errors = new long[VirtqueueErrors.Count];
        private int _free;
        private int _tablesFree;
        private long _queueFull;
        private long _fallbacks;
        private ushort _published;
        private ushort _notifyChecked;
        private ushort _lastUsed;
        private bool _callbacksEnabled = true;
        private ushort _usedEvent;
        private int _jumpLies;

        public QueueModel(QueueFixture f, SimulationRandom random, int queueSize, bool eventIndex, int tableCount, int threshold, ulong seed)
        {
            _f = f;
            _random = random;
            _queueSize = queueSize;
            _eventIndex = eventIndex;
            _tableCount = tableCount;
            _threshold = threshold;
            _seed = seed;
            _free = queueSize;
            _tablesFree = tableCount;
        }

        public void Step()
        {
            int roll = _random.Between(0, 99);
            if (roll < 22) Add();
            else if (roll < 28) Publish();
            else if (roll < 36) Notify();
            else if (roll < 39) ChangeDevicePolicy();
            else if (roll < 54) Pop();
            else if (roll < 70) Complete();
            else if (roll < 88) Take(_random.Between(1, 4));
            else if (roll < 94) ToggleCallbacks();
            else Lie();
        }

        public void CheckAgreement(string where)
        {
            string context = "seed " + _seed + ", " + where;
            _f.Queue.CheckInvariants();
            Assert.True(_free == _f.Queue.FreeDescriptorCount, context + ": free descriptors");
            Assert.True(_inFlight.Count == _f.Queue.OutstandingChainCount, context + ": outstanding chains");
            Assert.True(_tablesFree == _f.Queue.IndirectTablesFree, context + ": indirect tables");
            Assert.True(_queueFull == _f.Queue.QueueFullCount, context + ": queue-full count");
            Assert.True(_fallbacks == _f.Queue.IndirectFallbackCount, context + ": indirect fallbacks");
            for (int e = 1; e < VirtqueueErrors.Count; e++)
                Assert.True(_errors[e] == _f.Queue.ErrorCount((VirtqueueError)e), context + ": error count " + (VirtqueueError)e);
        }

        public void DrainEverything()
        {
            Publish();
            while (_available.Count > 0)
                Pop();
            while (_popped.Count > 0)
                Complete();
            Drain();
        }

        private void Add()
        {
            int segmentsMax = _random.Chance(10) ? _f.Queue.MaxChainSegments : Math.Min(6, _f.Queue.MaxChainSegments);
            int total = _random.Between(1, segmentsMax);
            int readableCount = _random.Between(0, total);
            var segments = new BufferSegment[total];
            for (int i = 0; i < total; i++)
                segments[i] = _f.Segment(_random.Between(0, ArenaBytes - SegmentBytesMax), _random.Between(1, SegmentBytesMax));
            ReadOnlySpan<BufferSegment> readable = segments.AsSpan(0, readableCount);
            ReadOnlySpan<BufferSegment> writable = segments.AsSpan(readableCount);

            bool wantsIndirect = _tableCount > 0 && total > _threshold && _free >= 1;
            bool indirect = wantsIndirect && _tablesFree > 0;
            if (wantsIndirect && !indirect)
                _fallbacks++;
            bool fits = indirect || total <= _free;
            bool added = _f.Queue.TryAdd(readable, writable, out ushort head);
            Assert.True(fits == added, "seed " + _seed + ": TryAdd result");
            if (!added)
            {
                _queueFull++;
                return;
            }
            Assert.False(_inFlight.ContainsKey(head), "seed " + _seed + ": head handed out twice");
            var chain = new ModelChain
            {
                Head = head,
                Segments = segments,
                ReadableCount = readableCount,
                Indirect = indirect,
                Descriptors = indirect ? 1 : total,
                WritableBytes = (uint)segments.Skip(readableCount).Sum(s => s.LengthBytes),
            };
            _inFlight.Add(head, chain);
            _unpublished.Add(chain);
            _free -= chain.Descriptors;
            if (indirect)
                _tablesFree--;
        }

        private void Publish()
        {
            _f.Queue.Publish();
            MarkPublished();
        }

        private void MarkPublished()
        {
            foreach (ModelChain chain in _unpublished)
            {
                chain.Published = true;
                _available.Enqueue(chain);
                _published++;
            }
            _unpublished.Clear();
        }

        // 2.7.10: notify iff something new was published and (event index) avail_event is one
        // of the new entries, or (no event index) the device's NO_NOTIFY flag is clear.
        private void Notify()
        {
            ushort availEvent = _f.Device.AvailEvent;
            ushort usedFlags = _f.Device.UsedFlags;
            bool decided = _f.Queue.ShouldNotify();
            MarkPublished();
            bool expected = false;
            if (_published != _notifyChecked)
            {
                if (_eventIndex)
                {
                    for (ushort i = _notifyChecked; i != _published; i++)
                        expected |= i == availEvent;
                }
                else
                {
                    expected = (usedFlags & 1) == 0;
                }
            }
            _notifyChecked = _published;
            Assert.True(expected == decided, "seed " + _seed + ": ShouldNotify decision");
        }

        private void ChangeDevicePolicy()
        {
            if (_eventIndex)
            {
                _f.Device.AutoAvailEvent = _random.Chance(50);
                _f.Device.SetAvailEvent((ushort)(_f.Device.LastAvailIndex + _random.Between(-2, 3)));
            }
            else
            {
                _f.Device.SetNoNotify(_random.Chance(50));
            }
        }

        private void Pop()
        {
            int count = _random.Between(1, 3);
            for (int i = 0; i < count && _available.Count > 0; i++)
            {
                ModelChain expected = _available.Dequeue();
                SimulatedDevice.Chain chain = _f.Device.Pop();
                string context = "seed " + _seed + ": popped chain";
                Assert.True(expected.Head == chain.Head, context + " head");
                Assert.True(expected.Indirect == chain.Indirect, context + " indirect");
                Assert.True(expected.Segments.Length == chain.Segments.Length, context + " segment count");
                for (int s = 0; s < chain.Segments.Length; s++)
                {
                    Assert.True(expected.Segments[s].PhysicalAddress == chain.Segments[s].Address, context + " address");
                    Assert.True(expected.Segments[s].LengthBytes == chain.Segments[s].Length, context + " length");
                    Assert.True((s >= expected.ReadableCount) == chain.Segments[s].Writable, context + " direction");
                }
                _popped.Add(expected);
            }
            Assert.Equal(_available.Count, _f.Device.AvailableCount);
        }

        // Completes 1-4 popped chains, in random order, in one batch.
        private void Complete()
        {
            if (_popped.Count == 0)
                return;
            int count = Math.Min(_random.Between(1, 4), _popped.Count);
            var batch = new List<(uint, uint)>();
            for (int i = 0; i < count; i++)
            {
                int index = _random.Between(0, _popped.Count - 1);
                ModelChain chain = _popped[index];
                _popped.RemoveAt(index);
                uint length = (uint)_random.Between(0, (int)chain.WritableBytes);
                batch.Add((chain.Head, length));
                _used.Enqueue(new Expected(chain, length, VirtqueueError.None));
            }
            CompleteBatchChecked(batch);
        }

        // The device's interrupt decision must be the spec's for what the driver asked.
        private void CompleteBatchChecked(List<(uint, uint)> batch)
        {
            ushort oldIndex = _f.Device.UsedIndex;
            bool interrupt = _f.Device.CompleteBatch(batch);
            bool expected = !_eventIndex && _callbacksEnabled;
            if (_eventIndex)
                for (ushort i = oldIndex; i != _f.Device.UsedIndex; i++)
                    expected |= i == _usedEvent;
            Assert.True(expected == interrupt, "seed " + _seed + ": interrupt decision");
        }

        // calls TryTakeUsed count times, predicting each result.
        private void Take(int calls)
        {
            for (int call = 0; call < calls; call++)
            {
                bool expectedTaken = ModelTake(out Expected expected);
                bool taken = _f.Queue.TryTakeUsed(out UsedBuffer used);
                Assert.True(expectedTaken == taken, "seed " + _seed + ": TryTakeUsed result");
                if (!taken)
                    continue;
                Assert.True(expected.Chain!.Head == used.Head, "seed " + _seed + ": used head");
                Assert.True(expected.Written == used.WrittenBytes, "seed " + _seed + ": used length");
            }
        }

        private void Drain()
        {
            while (_used.Count > 0)
                Take(1);
            Take(1);
        }

        // One TryTakeUsed as the driver must do it: at most QueueSize elements examined, bad
        // ones skipped and counted, the first good one taken.
        private bool ModelTake(out Expected taken)
        {
            taken = default;
            bool found = false;
            int examined = 0;
            while (examined < _queueSize && !found && _used.Count > 0)
            {
                Expected next = _used.Dequeue();
                examined++;
                _lastUsed++;
                if (next.Chain == null)
                {
                    _errors[(int)next.Error]++;
                    continue;
                }
                if (next.Error != VirtqueueError.None)
                    _errors[(int)next.Error]++;
                Release(next.Chain);
                taken = next;
                found = true;
            }
            if (examined > 0 && _eventIndex && _callbacksEnabled)
                _usedEvent = _lastUsed;
            return found;
        }

        private void Release(ModelChain chain)
        {
            Assert.True(_inFlight.Remove(chain.Head), "seed " + _seed + ": model released a chain not in flight");
            _free += chain.Descriptors;
            if (chain.Indirect)
                _tablesFree++;
        }

        private void ToggleCallbacks()
        {
            int choice = _random.Between(0, 2);
            if (choice == 0)
            {
                _f.Queue.DisableCallbacks();
                _callbacksEnabled = false;
                if (_eventIndex)
                    _usedEvent = (ushort)(_lastUsed - 1);
                Assert.Equal(_eventIndex ? 0 : 1, _f.Device.AvailFlags);
                return;
            }
            int pending = (ushort)(_f.Device.UsedIndex - _lastUsed);
            bool expected;
            bool result;
            if (choice == 1 || !_eventIndex)
            {
                result = choice == 1 ? _f.Queue.EnableCallbacks() : _f.Queue.EnableCallbacksDelayed();
                expected = pending == 0;
                if (_eventIndex)
                    _usedEvent = _lastUsed;
            }
            else
            {
                ushort budget = (ushort)(_inFlight.Count * 3 / 4);
                result = _f.Queue.EnableCallbacksDelayed();
                expected = pending <= budget;
                _usedEvent = (ushort)(_lastUsed + budget);
            }
            _callbacksEnabled = true;
            Assert.True(expected == result, "seed " + _seed + ": enable callbacks result");
            Assert.Equal(0, _f.Device.AvailFlags);
            if (_eventIndex)
                Assert.Equal(_usedEvent, _f.Device.UsedEvent);
        }

        // One lie of a random kind. Lies whose verdict depends on which heads are in flight
        // are drained at once, before an add could reuse the head.
        private void Lie()
        {
            if (_used.Count >= _queueSize)
                return; // one more element would be a (legitimate) index jump
            switch (_random.Between(0, 4))
            {
                case 0: // id out of range
                    LieWithElement((uint)(_queueSize + _random.Between(0, 1000)), VirtqueueError.UsedIdOutOfRange);
                    break;
                case 1: // id of nothing in flight (or of a chain not yet published)
                    var idle = Enumerable.Range(0, _queueSize).Where(id => !_inFlight.TryGetValue((ushort)id, out ModelChain? c) || !c.Published).ToList();
                    if (idle.Count > 0)
                        LieWithElement((uint)_random.Pick(idle), VirtqueueError.UsedIdNotOutstanding);
                    break;
                case 2: // double completion of a chain completed but not yet taken
                    var pending = _used.Where(e => e.Chain != null).ToList();
                    if (pending.Count > 0)
                        LieWithElement(_random.Pick(pending).Chain!.Head, VirtqueueError.UsedIdNotOutstanding);
                    break;
                case 3: // length larger than the chain's writable bytes
                    if (_popped.Count > 0)
                    {
                        ModelChain chain = _popped[_random.Between(0, _popped.Count - 1)];
                        _popped.Remove(chain);
                        uint length = chain.WritableBytes + (uint)_random.Between(1, 100);
                        _used.Enqueue(new Expected(chain, 0, VirtqueueError.UsedLengthTooLarge));
                        CompleteBatchChecked(new List<(uint, uint)> { (chain.Head, length) });
                    }
                    break;
                default: // used idx far past the queue size; the next take must reject it
                    _jumpLies++;
                    _f.Device.WriteUsedIndexRaw((ushort)(_f.Device.UsedIndex + _queueSize + 1 + _jumpLies % 7));
                    Assert.False(_f.Queue.TryTakeUsed(out _), "seed " + _seed + ": jump accepted");
                    _errors[(int)VirtqueueError.UsedIndexJump]++;
                    _f.Device.RestoreUsedIndex();
                    break;
            }
        }

        private void LieWithElement(uint id, VirtqueueError error)
        {
            _used.Enqueue(new Expected(null, 0, error));
            CompleteBatchChecked(new List<(uint, uint)> { (id, (uint)_random.Between(0, 100)) });
            Drain();
        }
    }
}
