// WaitRecordTable: a small integer id for every wait record that ever blocks on a Sync primitive,
// and the per-id words that the lock-free parts of Sync compare-and-swap.
//
// Why ids. OSv's mutex is built on a lock-free queue whose head is a CASed pointer. We name
// records by ints instead: an id is half a word, so the free-id stack packs a tag beside it in
// one 64-bit CAS (ABA-safe, below), and an int CAS is a plain lock cmpxchg where a reference CAS
// goes through the runtime's barrier-aware helper (RhpCheckedLockCmpXchg). So id i in
// 1..Limits.ThreadsMax (0 means "none") stands for s_records[i], and everything that must be CASed
// or published with an int store (a queue head, a queue link, a wait claim) is an int indexed by id. A thread waits on at
// most one thing at a time and owns one WaitRecord, so ThreadsMax ids are enough.
//
// Per-id words:
//   s_queueNextIds[id]  link of WaitRecordQueue (the mutex's lock-free queue). Written only by
//                       the record's pusher before the CAS that publishes it, or by the queue's
//                       single consumer.
//   s_claims[id]        the WaitList claim (Idle, Waiting, Signalled, Cancelled; see WaitList.cs).
//   s_freeNextIds[id]   link of the free-id stack, meaningful only while the id is free.
//
// Lifetime. A record gets its id from its own thread, on the first wait that needs one (IdOf), so
// threads that never block cost nothing; it keeps the id for life, and the scheduler returns it
// with Release when the thread exits. (Until the metal scheduler's exit path calls Release, the
// ids of exited threads are not reused, and the ThreadsMax-th thread to block panics.) Invariant: for every issued id, s_records[id].Id == id, and
// the id is in no queue or list when it is released (a thread exits only when not waiting), so no
// structure can resolve a stale id to a new record. Hosted threads never call Release (their exit
// is .NET's), which is why ThreadsMax is generous; exhausting it is a kernel invariant failure.
//
// Free ids form a Treiber stack. Its head packs a 32-bit tag above the 32-bit id, and every
// successful CAS bumps the tag, so a pop that read head A and A's link, raced by pop A, pop B,
// push A, fails its CAS instead of installing the stale link (the ABA problem).
//
// Departure from OSv: OSv links stack-allocated wait records by pointer; we keep one record per
// thread (Thread.WaitRecord) and link by id.
using System;
using System.Threading;
using OSv.Core.Diagnostics;
using OSv.Core.Sched;

namespace OSv.Core.Sync
{
    internal static class WaitRecordTable
    {
        private const int Slots = Limits.ThreadsMax + 1; // slot 0 is "none"

        private static readonly WaitRecord?[] s_records = new WaitRecord?[Slots];
        private static readonly int[] s_queueNextIds = new int[Slots];
        private static readonly int[] s_claims = new int[Slots];
        private static readonly int[] s_freeNextIds = new int[Slots];

        // Ids handed out fresh so far (never decreases; beyond ThreadsMax means exhausted).
        private static int s_freshIssued;

        // Free-id stack head: tag in the high 32 bits, id (0: empty) in the low 32.
        private static long s_freeHead;

        // Runs the class constructor now. In an image, CoreLib runs a class constructor lazily and
        // makes a second thread that needs it wait on a lock, which is built on this very table
        // (LowLevelMonitor → CondVar): the first wait of two threads at once would re-enter a
        // wait. The kernel calls this at boot, before a second thread exists.
        public static void EnsureInitialized() => GC.KeepAlive(s_records);

        // The record's id, allocating one on first use. Caller: the record's own thread only.
        public static int IdOf(WaitRecord record)
        {
            int id = record.Id;
            return id != 0 ? id : Allocate(record);
        }

        // The record an issued id stands for. The id reached the caller through a queue or list
        // whose publication (CAS or lock) ordered it after the record was registered.
        public static WaitRecord Record(int id)
        {
            WaitRecord? record = s_records[id];
            Invariant.Assert(record != null, "wait record id resolves to no record");
            return record!;
        }

        public static ref int QueueNextOf(int id) => ref s_queueNextIds[id];

        public static ref int ClaimOf(int id) => ref s_claims[id];

        // Returns the record's id to the free stack. Caller: the scheduler, when the record's
        // thread exits; the record must be in no Sync queue or list.
        public static void Release(WaitRecord record)
        {
            int id = record.Id;
            if (id == 0)
                return;
            int claim = Volatile.Read(ref s_claims[id]); // acquire: the last waker's writes are done
            Invariant.Assert(claim != WaitList.Waiting && claim != WaitList.Cancelled, "wait record released while linked");
            s_queueNextIds[id] = 0;
            s_claims[id] = WaitList.Idle;
            // Release store: a later Allocate that pops this id sees the slot cleared.
            Volatile.Write(ref s_records[id], null);
            record.Id = 0;
            PushFree(id);
        }

        private static int Allocate(WaitRecord record)
        {
            int id = PopFree();
            if (id == 0)
            {
                // Interlocked (full fence): each fresh id is handed out once.
                id = Interlocked.Increment(ref s_freshIssued);
                if (id > Limits.ThreadsMax)
                    Invariant.Fail("Limits.ThreadsMax: more threads block on Sync primitives than wait record ids");
            }
            s_queueNextIds[id] = 0;
            s_claims[id] = WaitList.Idle;
            // Release store: other threads resolve this id only after the record publishes it
            // (a CAS or a lock release that follows this store).
            Volatile.Write(ref s_records[id], record);
            record.Id = id;
            return id;
        }

        private static int PopFree()
        {
            // Acquire: the link of the id we read was written before the push that published it.
            long head = Volatile.Read(ref s_freeHead);
            // Lock-free: each failed CAS means another push or pop succeeded, and there are at
            // most ThreadsMax ids to pop; the loop ends when the stack is empty or our CAS wins.
            while ((int)head != 0)
            {
                int id = (int)head;
                int next = Volatile.Read(ref s_freeNextIds[id]); // may be stale; then the CAS fails
                long desired = NextTag(head) | (uint)next;
                // CAS (full fence): the tag makes a stale `next` fail here.
                long seen = Interlocked.CompareExchange(ref s_freeHead, desired, head);
                if (seen == head)
                    return id;
                head = seen;
            }
            return 0;
        }

        private static void PushFree(int id)
        {
            long head = Volatile.Read(ref s_freeHead); // ordered load; the CAS validates it
            // Lock-free, as in PopFree.
            while (true)
            {
                // Plain-ordered store, published by the releasing CAS below.
                Volatile.Write(ref s_freeNextIds[id], (int)head);
                long desired = NextTag(head) | (uint)id;
                // CAS (full fence, release for the link above).
                long seen = Interlocked.CompareExchange(ref s_freeHead, desired, head);
                if (seen == head)
                    return;
                head = seen;
            }
        }

        // The head's tag plus one, in the high 32 bits (wrapping), low 32 bits zero.
        private static long NextTag(long head) => ((head >> 32) + 1) << 32;
    }
}
