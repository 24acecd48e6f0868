// pthread_cond_t: a bounded producer/consumer queue, broadcast, timed waits on both clocks, and
// the mutex held again on every return.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class CondTests
    {
        private const int Capacity = 4;
        private const int Items = 20_000;

        private struct Queue
        {
            public fixed int Mutex[10];
            public fixed int NotEmpty[12];
            public fixed int NotFull[12];
            public fixed long Slots[Capacity];
            public int Head, Count;
            public long ConsumedSum;
            public int Failures;
        }

        [UnmanagedCallersOnly]
        private static nint Produce(nint argument)
        {
            var queue = (Queue*)argument;
            for (int item = 1; item <= Items; item++)
            {
                MutexLock(queue->Mutex);
                while (queue->Count == Capacity)
                    if (CondWait(queue->NotFull, queue->Mutex) != 0) queue->Failures++;
                queue->Slots[(queue->Head + queue->Count) % Capacity] = item;
                queue->Count++;
                CondSignal(queue->NotEmpty);
                MutexUnlock(queue->Mutex);
            }
            return 0;
        }

        [UnmanagedCallersOnly]
        private static nint Consume(nint argument)
        {
            var queue = (Queue*)argument;
            for (int taken = 0; taken < Items; taken++)
            {
                MutexLock(queue->Mutex);
                while (queue->Count == 0)
                    if (CondWait(queue->NotEmpty, queue->Mutex) != 0) queue->Failures++;
                queue->ConsumedSum += queue->Slots[queue->Head];
                queue->Head = (queue->Head + 1) % Capacity;
                queue->Count--;
                CondSignal(queue->NotFull);
                MutexUnlock(queue->Mutex);
            }
            return 0;
        }

        [Fact]
        public void ProducerConsumer_BoundedQueue_EveryItemArrivesOnce()
        {
            Queue* queue = Zeroed<Queue>();
            ulong consumer = Start((nint)(delegate* unmanaged<nint, nint>)&Consume, queue);
            ulong producer = Start((nint)(delegate* unmanaged<nint, nint>)&Produce, queue);
            JoinValue(producer);
            JoinValue(consumer);
            Assert.Equal((long)Items * (Items + 1) / 2, queue->ConsumedSum);
            Assert.Equal(0, queue->Count);
            Assert.Equal(0, queue->Failures);
            Free(queue);
        }

        private struct Gate
        {
            public fixed int Mutex[10];
            public fixed int Condition[12];
            public int Open;
            public int Waiting;
            public int Released;
        }

        [UnmanagedCallersOnly]
        private static nint WaitForGate(nint argument)
        {
            var gate = (Gate*)argument;
            MutexLock(gate->Mutex);
            gate->Waiting++;
            while (gate->Open == 0)
                CondWait(gate->Condition, gate->Mutex);
            gate->Released++;
            MutexUnlock(gate->Mutex);
            return 0;
        }

        [Fact]
        public void Broadcast_ReleasesEveryWaiter()
        {
            const int Waiters = 6;
            Gate* gate = Zeroed<Gate>();
            ulong[] threads = new ulong[Waiters];
            for (int i = 0; i < Waiters; i++)
                threads[i] = Start((nint)(delegate* unmanaged<nint, nint>)&WaitForGate, gate);
            while (System.Threading.Volatile.Read(ref gate->Waiting) < Waiters)
                System.Threading.Thread.Sleep(1);
            MutexLock(gate->Mutex);
            gate->Open = 1;
            Assert.Equal(0, CondBroadcast(gate->Condition));
            MutexUnlock(gate->Mutex);
            foreach (ulong thread in threads)
                JoinValue(thread);
            Assert.Equal(Waiters, gate->Released);
            Free(gate);
        }

        [Fact]
        public void TimedWait_NoSignal_TimesOutHoldingTheMutex()
        {
            Gate* gate = Zeroed<Gate>();
            gate->Mutex[4] = 2; // error-check, so ownership is checkable
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, MutexLock(gate->Mutex));
            var watch = Stopwatch.StartNew();
            AbsoluteFromNow(deadline, ClockRealtime, 60);
            Assert.Equal(ETIMEDOUT, CondTimedWait(gate->Condition, gate->Mutex, deadline));
            Assert.True(watch.ElapsedMilliseconds >= 50, $"waited {watch.ElapsedMilliseconds} ms");
            Assert.Equal(EDEADLK, MutexLock(gate->Mutex)); // held again by us
            Assert.Equal(0, MutexUnlock(gate->Mutex));
            Free(deadline);
            Free(gate);
        }

        [Fact]
        public void TimedWait_DeadlineInThePast_ReturnsAtOnce()
        {
            Gate* gate = Zeroed<Gate>();
            long* past = Zeroed<long>(2);
            past[0] = 1; // 1970
            Assert.Equal(0, MutexLock(gate->Mutex));
            Assert.Equal(ETIMEDOUT, CondTimedWait(gate->Condition, gate->Mutex, past));
            past[0] = -5;
            Assert.Equal(ETIMEDOUT, CondTimedWait(gate->Condition, gate->Mutex, past));
            past[1] = -1;
            Assert.Equal(EINVAL, CondTimedWait(gate->Condition, gate->Mutex, past));
            Assert.Equal(0, MutexUnlock(gate->Mutex));
            Free(past);
            Free(gate);
        }

        [Fact]
        public void MonotonicClockAttribute_TimedWaitUsesIt()
        {
            int* attributes = Zeroed<int>();
            Gate* gate = Zeroed<Gate>();
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, CondAttrInit(attributes));
            Assert.Equal(EINVAL, CondAttrSetClock(attributes, 2)); // CLOCK_PROCESS_CPUTIME_ID
            Assert.Equal(0, CondAttrSetClock(attributes, ClockMonotonic));
            int clock;
            Assert.Equal(0, CondAttrGetClock(attributes, &clock));
            Assert.Equal(ClockMonotonic, clock);
            Assert.Equal(0, CondInit(gate->Condition, attributes));
            Assert.Equal(0, MutexLock(gate->Mutex));
            // A monotonic deadline 50 ms ahead is decades in the past on the realtime clock: only
            // a wait on the monotonic clock lasts.
            var watch = Stopwatch.StartNew();
            AbsoluteFromNow(deadline, ClockMonotonic, 50);
            Assert.Equal(ETIMEDOUT, CondTimedWait(gate->Condition, gate->Mutex, deadline));
            Assert.True(watch.ElapsedMilliseconds >= 40, $"waited {watch.ElapsedMilliseconds} ms");
            AbsoluteFromNow(deadline, ClockMonotonic, 30);
            Assert.Equal(ETIMEDOUT, CondClockWait(gate->Condition, gate->Mutex, ClockMonotonic, deadline));
            Assert.Equal(0, MutexUnlock(gate->Mutex));
            Free(deadline);
            Free(gate);
            Free(attributes);
        }

        [UnmanagedCallersOnly]
        private static nint SignalAfterDelay(nint argument)
        {
            var gate = (Gate*)argument;
            System.Threading.Thread.Sleep(30);
            MutexLock(gate->Mutex);
            gate->Open = 1;
            CondSignal(gate->Condition);
            MutexUnlock(gate->Mutex);
            return 0;
        }

        [Fact]
        public void TimedWait_SignalledBeforeTheDeadline_ReturnsZero()
        {
            Gate* gate = Zeroed<Gate>();
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, MutexLock(gate->Mutex));
            ulong signaller = Start((nint)(delegate* unmanaged<nint, nint>)&SignalAfterDelay, gate);
            AbsoluteFromNow(deadline, ClockRealtime, 10_000);
            int result = 0;
            while (gate->Open == 0 && result == 0)
                result = CondTimedWait(gate->Condition, gate->Mutex, deadline);
            Assert.Equal(0, result);
            Assert.Equal(1, gate->Open);
            Assert.Equal(0, MutexUnlock(gate->Mutex));
            JoinValue(signaller);
            Free(deadline);
            Free(gate);
        }
    }
}
