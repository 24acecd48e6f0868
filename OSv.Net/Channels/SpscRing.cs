// A bounded single-producer single-consumer ring of received frames: the queue of one Van
// Jacobson net channel (after OSv's net_channel, core/net_channel.cc, and its lock-free
// ring_spsc, include/lockfree/ring.hh; our own code). The producer is the receive thread (the
// classifier), the consumer is the thread that owns the connection.
//
// Algorithm: Lamport's single-producer single-consumer queue. Two free-running 32-bit counters,
// tail (written only by the producer: items pushed) and head (written only by the consumer:
// items popped); the item count is tail - head, which unsigned wrap-around keeps exact because
// the capacity is far below 2^31. Slot i lives at i & (capacity - 1).
//
// Invariant: 0 <= tail - head <= capacity, and slots [head, tail) hold items that the producer
// finished writing before it published tail. Why it holds without locks:
// - Push writes the slot, then publishes tail with a release store: a consumer that sees the new
//   tail (acquire load) also sees the slot's bytes.
// - Pop reads the slot, then publishes head with a release store: a producer that sees the new
//   head (acquire load) may reuse that slot, the consumer having finished reading it.
// - Each side caches the other's counter on its own cache line and refreshes it only when the
//   cached value says full (producer) or empty (consumer), so a steady stream costs no
//   cross-core traffic beyond the slot lines and one counter line per refresh.
//
// Departures from ring_spsc: (1) a push to a full ring returns Full and counts nothing here (NetChannel counts);
// the ring never grows. (2) Each push reports whether the consumer had drained every earlier item
// (WasDrained), established with a store-load fence on both sides (Dekker's pattern), so the
// channel can wake the consumer only on the empty -> non-empty edge without a lost wake-up: see
// TryPush and TryPop.
//
// Caller rules: exactly one producer thread calls TryPush, exactly one consumer thread calls
// TryPop at a time (the stack serialises consumers with its lock). Count is a snapshot.
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Net.Link;

namespace OSv.Net.Channels
{
    public enum RingPushResult : byte
    {
        Full,
        Pushed,            // an earlier item was still unconsumed: the consumer is busy
        PushedWasDrained,  // the consumer had taken every earlier item: it may be asleep
    }

    public sealed class SpscRing
    {
        // One side's counter and its cached copy of the other side's, alone on their cache line:
        // the 64 bytes before and after the two ints are padding, so neither side's writes
        // invalidate the line the other side polls.
        [StructLayout(LayoutKind.Explicit, Size = 3 * NetLimits.CacheLineBytes)]
        private struct PaddedCounters
        {
            [FieldOffset(NetLimits.CacheLineBytes)] public int Own;
            [FieldOffset(NetLimits.CacheLineBytes + 4)] public int CachedOther;
        }

        private readonly FrameLease[] _slots;
        private readonly int _mask;
        private PaddedCounters _producer; // Own = tail, CachedOther = a recent head
        private PaddedCounters _consumer; // Own = head, CachedOther = a recent tail

        public SpscRing(int capacity)
        {
            // A power of two at least 2, so that the mask maps every counter value to a slot.
            if (capacity < 2 || (capacity & (capacity - 1)) != 0)
                capacity = NetLimits.NetChannelRingCapacity;
            _slots = new FrameLease[capacity];
            _mask = capacity - 1;
        }

        public SpscRing() : this(NetLimits.NetChannelRingCapacity)
        {
        }

        public int Capacity => _mask + 1;

        // Items in the ring; exact only when neither side is running. Acquire loads: a snapshot
        // for counters and tests, no ordering needed beyond seeing recent values.
        public int Count => unchecked(Volatile.Read(ref _producer.Own) - Volatile.Read(ref _consumer.Own));

        // Producer only.
        public RingPushResult TryPush(in FrameLease item)
        {
            int tail = _producer.Own; // our own counter: no other thread writes it
            if (unchecked(tail - _producer.CachedOther) >= Capacity)
            {
                // Looks full: refresh head. Acquire: the consumer read the slot before it released head.
                _producer.CachedOther = Volatile.Read(ref _consumer.Own);
                if (unchecked(tail - _producer.CachedOther) >= Capacity)
                    return RingPushResult.Full;
            }
            _slots[tail & _mask] = item;
            // Release: the slot's contents are visible before the consumer can see the new tail.
            Volatile.Write(ref _producer.Own, unchecked(tail + 1));
            // Store-load fence (Dekker): our tail store is globally visible before we read head.
            // Paired with the fence in TryPop's empty path, at least one side sees the other's
            // store: either the consumer sees this item, or we see that it had drained everything.
            Interlocked.MemoryBarrier();
            int head = Volatile.Read(ref _consumer.Own);
            _producer.CachedOther = head;
            return head == tail ? RingPushResult.PushedWasDrained : RingPushResult.Pushed;
        }

        // Consumer only.
        public bool TryPop(out FrameLease item)
        {
            int head = _consumer.Own; // our own counter
            if (head == _consumer.CachedOther && !RefreshTail(head))
            {
                item = default;
                return false;
            }
            item = _slots[head & _mask];
            // Release: our read of the slot completes before the producer can see it free.
            Volatile.Write(ref _consumer.Own, unchecked(head + 1));
            return true;
        }

        // The cached tail says empty: reload it (acquire: the slot writes before it are visible),
        // and before reporting empty, fence and reload once more. The fence orders our last head
        // store before the final tail load, pairing with TryPush's fence: a consumer that then
        // sleeps was either seen as drained by the producer (which wakes it) or sees the item.
        private bool RefreshTail(int head)
        {
            int tail = Volatile.Read(ref _producer.Own);
            if (tail == head)
            {
                Interlocked.MemoryBarrier();
                tail = Volatile.Read(ref _producer.Own);
            }
            _consumer.CachedOther = tail;
            return tail != head;
        }
    }
}
