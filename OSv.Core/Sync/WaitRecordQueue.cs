// WaitRecordQueue: the lock-free multi-producer, single-consumer FIFO of wait records that a
// Mutex's waiters queue on.
//
// Algorithm (OSv include/lockfree/queue-mpsc.hh; the same scheme is Boost.Atomic's "wait-free
// multi-producer queue" example): producers push onto a stack (newest first) with one CAS on its
// top; the consumer pops from a private list (oldest first) and, when that is empty, takes the
// whole stack with one exchange and reverses it into the private list. FIFO order holds because
// the private list is always older than anything on the stack.
//
// Representation: records are named by WaitRecordTable ids, 0 meaning none; the stack top, the
// private list head and the links (WaitRecordTable.QueueNextOf) are ints, for the reasons
// WaitRecordTable gives (a CAS without the runtime's reference-barrier helper). Push is ABA-safe without a tag: the only thing its CAS validates is the
// top it links below itself, so even if that id was popped and pushed again meanwhile, the new
// record still links to the current top.
//
// Invariants: a record is in at most one WaitRecordQueue at a time (its thread waits on one mutex
// at a time, and wait morphing only queues records whose threads are not waiting on a mutex), so a
// queue holds at most Limits.ThreadsMax records, which bounds the reversal. Pop has a single
// consumer at a time: the caller proves it (Mutex.cs explains why the hand-off protocol does).
//
// Caller rules: Push any time; Pop only as the single consumer; IsEmpty any time (a snapshot).
// The struct lives in its owner's field and must not be copied.
using System.Threading;
using OSv.Core.Diagnostics;

namespace OSv.Core.Sync
{
    internal struct WaitRecordQueue
    {
        private int _pushTopId;  // newest-first stack, shared by producers and the consumer
        private int _popHeadId;  // oldest-first list, written by the consumer only

        // A snapshot: true when neither list holds a record. Both reads are ordered loads; the
        // callers that need store-then-load ordering issue a full fence before calling.
        public bool IsEmpty => Volatile.Read(ref _popHeadId) == 0 && Volatile.Read(ref _pushTopId) == 0;

        public void Push(int id)
        {
            ref int next = ref WaitRecordTable.QueueNextOf(id);
            int top = Volatile.Read(ref _pushTopId); // ordered load; the CAS validates it
            // Lock-free: a failed CAS means another push or the consumer's exchange succeeded.
            while (true)
            {
                next = top; // published by the CAS below
                // CAS (full fence): release for the link and for the pusher's record state.
                int seen = Interlocked.CompareExchange(ref _pushTopId, id, top);
                if (seen == top)
                    return;
                top = seen;
            }
        }

        // The oldest record's id, or 0 when the queue is empty. Single consumer only.
        public int Pop()
        {
            int head = Volatile.Read(ref _popHeadId); // acquire: links the previous consumer reversed
            if (head != 0)
            {
                // Ordered store: concurrent IsEmpty readers see either the old or the new head.
                Volatile.Write(ref _popHeadId, WaitRecordTable.QueueNextOf(head));
                return head;
            }
            // Exchange (full fence): acquire for the links the pushers wrote before their CAS.
            int node = Interlocked.Exchange(ref _pushTopId, 0);
            if (node == 0)
                return 0;
            // Reverse the newest-first chain; the last node is the oldest and is returned.
            int reversed = 0;
            for (int length = 1; ; length++)
            {
                Invariant.Assert(length <= Limits.ThreadsMax, "mutex wait queue longer than Limits.ThreadsMax (a cycle)");
                int next = WaitRecordTable.QueueNextOf(node);
                if (next == 0)
                    break;
                WaitRecordTable.QueueNextOf(node) = reversed;
                reversed = node;
                node = next;
            }
            WaitRecordTable.QueueNextOf(node) = 0;
            // Ordered store: publishes the reversed links to the next Pop, which may run on
            // another thread (the consumer role moves between threads through the mutex).
            Volatile.Write(ref _popHeadId, reversed);
            return node;
        }
    }
}
