// The used side of SplitVirtqueue: taking completed chains from the used ring (2.7.8, 2.7.14),
// checking each element the device wrote, and used buffer notification suppression (2.7.7).
//
// Checks, in order, on each used element before it touches driver state (VirtqueueError):
//  1. used idx at most QueueSize past the last element taken; otherwise nothing is consumed
//     (UsedIndexJump, counted once per bogus idx value so a stuck device does not flood the log);
//  2. id < QueueSize (UsedIdOutOfRange);
//  3. id is the head of a chain in flight whose avail entry was published (UsedIdNotOutstanding:
//     covers double completion, inner descriptors and guessed heads);
//  4. len ≤ the chain's writable bytes (UsedLengthTooLarge: the chain is reclaimed, reported with
//     WrittenBytes = 0, so the caller recycles its buffer but reads none of it).
// A rejected element of kind 2 or 3 is skipped: the used slot is consumed, no chain is freed.
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Virtqueue
{
    public sealed partial class SplitVirtqueue
    {
        private const int NoRejectedUsedIndex = -1;

        private readonly long[] _errorCounts;
        private VirtqueueError _lastError;
        private int _rejectedUsedIndex; // the bogus used idx last reported, or NoRejectedUsedIndex
        private ushort _lastUsedIndex;  // used idx up to which elements were taken
        private bool _callbacksEnabled;
        private ushort _availFlagsShadow;
        private long _chainsCompleted;

        public bool CallbacksEnabled => _callbacksEnabled;
        public long ChainsCompleted => _chainsCompleted;
        public VirtqueueError LastError => _lastError;

        public long ErrorCount(VirtqueueError error) => _errorCounts[(int)error];

        public long ErrorsTotal
        {
            get
            {
                long total = 0;
                for (int i = 1; i < VirtqueueErrors.Count; i++)
                    total += _errorCounts[i];
                return total;
            }
        }

        // Whether the device has returned elements not taken yet (valid or not).
        public bool HasUsed => _ring.ReadUsedIndex() != _lastUsedIndex;

        // The next completed chain, or false when there is none. Bad elements are skipped,
        // counted and logged (see the checks above); at most QueueSize are examined per call.
        public bool TryTakeUsed(out UsedBuffer used)
        {
            ushort firstUsedIndex = _lastUsedIndex;
            bool taken = false;
            used = default;
            for (int examined = 0; examined < _queueSize && !taken; examined++)
            {
                // Acquire: the elements below are read after the idx that covers them (VirtqRing).
                ushort usedIndex = _ring.ReadUsedIndex();
                int pending = (ushort)(usedIndex - _lastUsedIndex);
                if (pending == 0)
                    break;
                if (pending > _queueSize)
                {
                    RejectUsedIndex(usedIndex, pending);
                    break;
                }
                _rejectedUsedIndex = NoRejectedUsedIndex;
                _ring.ReadUsedElement(_lastUsedIndex, out uint id, out uint lengthBytes);
                _lastUsedIndex++;
                taken = TryReclaim(id, lengthBytes, out used);
            }
            if (_lastUsedIndex != firstUsedIndex)
                FollowUsedEvent();
            return taken;
        }

        // Asks the device for no used buffer notifications (2.7.7): NO_INTERRUPT without event
        // index; with it (where flags must stay 0) used_event one behind the last element taken,
        // which the device's used idx only reaches again after 2^16 more elements.
        public void DisableCallbacks()
        {
            _callbacksEnabled = false;
            if (_eventIndex)
            {
                _ring.WriteUsedEvent((ushort)(_lastUsedIndex - 1));
                return;
            }
            _availFlagsShadow |= VirtqConstants.AvailableFlagNoInterrupt;
            _ring.WriteAvailableFlags(_availFlagsShadow);
        }

        // Asks for a notification at the next used element (used_event = last taken, or
        // NO_INTERRUPT cleared). Returns false when elements are already waiting: their
        // notification may have been suppressed, so the caller must take them before it waits
        // (the race in the note of 2.7.14).
        public bool EnableCallbacks()
        {
            _callbacksEnabled = true;
            if (_eventIndex)
            {
                _ring.WriteUsedEvent(_lastUsedIndex);
            }
            else
            {
                _availFlagsShadow = (ushort)(_availFlagsShadow & ~VirtqConstants.AvailableFlagNoInterrupt);
                _ring.WriteAvailableFlags(_availFlagsShadow);
            }
            // Store→load: the device must see the request before we conclude from used idx that
            // nothing is pending, or both sides could wait for each other. Full fence (x86 lets
            // this load pass the store above).
            Interlocked.MemoryBarrier();
            return _ring.ReadUsedIndex() == _lastUsedIndex;
        }

        // As EnableCallbacks, but with event index asks for the notification only after three
        // quarters of the outstanding chains are used (Linux's virtqueue_enable_cb_delayed: for
        // transmit queues, where completions only free buffers). Returns false when that many
        // are used already. Without event index it is EnableCallbacks.
        public bool EnableCallbacksDelayed()
        {
            if (!_eventIndex)
                return EnableCallbacks();
            _callbacksEnabled = true;
            ushort budget = (ushort)(_outstandingChains * 3 / 4);
            _ring.WriteUsedEvent((ushort)(_lastUsedIndex + budget));
            Interlocked.MemoryBarrier(); // store→load, as in EnableCallbacks
            return (ushort)(_ring.ReadUsedIndex() - _lastUsedIndex) <= budget;
        }

        // With event index and callbacks on, keeps used_event at the next element, so the device
        // notifies for the first element we have not seen (Linux's virtqueue_get_buf does the
        // same). Store→load fence: the caller's next used idx read must not pass this store.
        private void FollowUsedEvent()
        {
            if (!_eventIndex || !_callbacksEnabled)
                return;
            _ring.WriteUsedEvent(_lastUsedIndex);
            Interlocked.MemoryBarrier();
        }

        private bool TryReclaim(uint id, uint lengthBytes, out UsedBuffer used)
        {
            used = default;
            if (id >= (uint)_queueSize)
            {
                Reject(VirtqueueError.UsedIdOutOfRange, id, (uint)_queueSize);
                return false;
            }
            ref HeadState state = ref _heads[(int)id];
            if (!state.InFlight || !IsPublished(state.AvailIndex))
            {
                Reject(VirtqueueError.UsedIdNotOutstanding, id, 0);
                return false;
            }
            uint writtenBytes = lengthBytes;
            if (lengthBytes > state.WritableBytes)
            {
                Reject(VirtqueueError.UsedLengthTooLarge, lengthBytes, state.WritableBytes);
                writtenBytes = 0;
            }
            FreeChain((int)id, ref state);
            used = new UsedBuffer((ushort)id, writtenBytes);
            return true;
        }

        // Positions [published, shadow) are added but not yet published; an in-flight head sits
        // at most QueueSize positions behind shadow, so the 16-bit distances cannot alias.
        private bool IsPublished(ushort availIndex) =>
            (ushort)(availIndex - _availIndexPublished) >= (ushort)(_availIndexShadow - _availIndexPublished);

        // Pushes the whole chain back on the free list: its links are intact in _next, so only
        // the last descriptor's link changes. The walk is bounded by DescriptorCount ≤ QueueSize.
        private void FreeChain(int head, ref HeadState state)
        {
            int last = head;
            for (int i = 1; i < state.DescriptorCount; i++)
                last = _next[last];
            _next[last] = (ushort)_freeHead;
            _freeHead = head;
            _freeCount += state.DescriptorCount;
            if (state.IndirectTable != NoIndirectTable)
                _indirectTables!.Return(state.IndirectTable);
            state.InFlight = false;
            state.DescriptorCount = 0;
            state.IndirectTable = NoIndirectTable;
            state.WritableBytes = 0;
            _outstandingChains--;
            _chainsCompleted++;
            Invariant.Assert(_freeCount <= _queueSize, "SplitVirtqueue: more descriptors free than exist");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void RejectUsedIndex(ushort usedIndex, int pending)
        {
            if (_rejectedUsedIndex == usedIndex)
                return; // already reported: the device is stuck on this value
            _rejectedUsedIndex = usedIndex;
            Reject(VirtqueueError.UsedIndexJump, (uint)pending, (uint)_queueSize);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Reject(VirtqueueError error, uint value, uint limit)
        {
            _errorCounts[(int)error]++;
            _lastError = error;
            _log.DeviceError(_queueIndex, error, value, limit);
        }
    }
}
