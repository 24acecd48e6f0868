// sem_t: counting, the -1/errno convention, timeouts, overflow, and named semaphores refused.
using System.Diagnostics;
using System.Runtime.InteropServices;
using OSv.Libc.Errors;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class SemaphoreTests
    {
        private const int SemaphoreInts = 8;

        private struct Handoff
        {
            public fixed int Items[8];
            public fixed int Slots[8];
            public long Sum;
            public int Count;
        }

        [UnmanagedCallersOnly]
        private static nint ProduceUnits(nint argument)
        {
            var handoff = (Handoff*)argument;
            for (int i = 1; i <= handoff->Count; i++)
            {
                SemWait(handoff->Slots);
                System.Threading.Interlocked.Add(ref handoff->Sum, i);
                SemPost(handoff->Items);
            }
            return 0;
        }

        [UnmanagedCallersOnly]
        private static nint ConsumeUnits(nint argument)
        {
            var handoff = (Handoff*)argument;
            for (int i = 0; i < handoff->Count; i++)
            {
                SemWait(handoff->Items);
                SemPost(handoff->Slots);
            }
            return 0;
        }

        [Fact]
        public void TwoProducersTwoConsumers_EveryUnitPassesThrough()
        {
            Handoff* handoff = Zeroed<Handoff>();
            handoff->Count = 20_000;
            Assert.Equal(0, SemInit(handoff->Items, 0, 0));
            Assert.Equal(0, SemInit(handoff->Slots, 0, 3));
            ulong[] threads =
            {
                Start((nint)(delegate* unmanaged<nint, nint>)&ProduceUnits, handoff),
                Start((nint)(delegate* unmanaged<nint, nint>)&ConsumeUnits, handoff),
                Start((nint)(delegate* unmanaged<nint, nint>)&ProduceUnits, handoff),
                Start((nint)(delegate* unmanaged<nint, nint>)&ConsumeUnits, handoff),
            };
            foreach (ulong thread in threads)
                JoinValue(thread);
            int value;
            Assert.Equal(0, SemGetValue(handoff->Items, &value));
            Assert.Equal(0, value);
            Assert.Equal(0, SemGetValue(handoff->Slots, &value));
            Assert.Equal(3, value);
            Assert.Equal(2L * handoff->Count * (handoff->Count + 1) / 2, handoff->Sum);
            Free(handoff);
        }

        [Fact]
        public void TryWait_Empty_IsMinusOneWithEagain()
        {
            int* semaphore = Zeroed<int>(SemaphoreInts);
            Assert.Equal(0, SemInit(semaphore, 0, 1));
            Assert.Equal(0, SemTryWait(semaphore));
            Assert.Equal(-1, SemTryWait(semaphore));
            Assert.Equal(EAGAIN, Errno.Get());
            Free(semaphore);
        }

        [Fact]
        public void TimedWait_NoPost_IsMinusOneWithEtimedout()
        {
            int* semaphore = Zeroed<int>(SemaphoreInts);
            long* deadline = Zeroed<long>(2);
            var watch = Stopwatch.StartNew();
            AbsoluteFromNow(deadline, ClockRealtime, 50);
            Assert.Equal(-1, SemTimedWait(semaphore, deadline));
            Assert.Equal(ETIMEDOUT, Errno.Get());
            Assert.True(watch.ElapsedMilliseconds >= 40, $"waited {watch.ElapsedMilliseconds} ms");
            Free(deadline);
            Free(semaphore);
        }

        [Fact]
        public void TimedWait_PostedMeanwhile_TakesTheUnit()
        {
            int* semaphore = Zeroed<int>(SemaphoreInts);
            long* deadline = Zeroed<long>(2);
            var poster = new System.Threading.Thread(() => { System.Threading.Thread.Sleep(30); SemPost(semaphore); });
            poster.Start();
            AbsoluteFromNow(deadline, ClockRealtime, 10_000);
            Assert.Equal(0, SemTimedWait(semaphore, deadline));
            poster.Join();
            Free(deadline);
            Free(semaphore);
        }

        [Fact]
        public void InitAboveSemValueMax_IsEinval_PostAtMax_IsEoverflow()
        {
            int* semaphore = Zeroed<int>(SemaphoreInts);
            Assert.Equal(-1, SemInit(semaphore, 0, (uint)int.MaxValue + 1));
            Assert.Equal(EINVAL, Errno.Get());
            Assert.Equal(0, SemInit(semaphore, 0, int.MaxValue));
            Assert.Equal(-1, SemPost(semaphore));
            Assert.Equal(EOVERFLOW, Errno.Get());
            Free(semaphore);
        }

        [Fact]
        public void SemOpen_IsSemFailedWithEnosys()
        {
            byte* name = stackalloc byte[] { (byte)'/', (byte)'s', 0 };
            Assert.Equal(0, SemOpen(name, 0));
            Assert.Equal(ENOSYS, Errno.Get());
        }
    }
}
