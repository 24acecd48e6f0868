// pthread_mutex_t: mutual exclusion under contention, the three kinds' relock and unlock rules,
// trylock and timed locks, and glibc's initialisers (kind at offset 16).
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class MutexTests
    {
        private const int MutexBytes = 40;
        private const int KindOffsetInts = 4; // __kind at byte 16

        private struct Counting
        {
            public int* Mutex;
            public long Counter;
            public int Iterations;
        }

        [UnmanagedCallersOnly]
        private static nint IncrementUnderMutex(nint argument)
        {
            var shared = (Counting*)argument;
            for (int i = 0; i < shared->Iterations; i++)
            {
                if (MutexLock(shared->Mutex) != 0)
                    return 1;
                shared->Counter++; // a plain read-modify-write: only the mutex makes it exact
                if (MutexUnlock(shared->Mutex) != 0)
                    return 1;
            }
            return 0;
        }

        [Fact]
        public void Lock_EightThreadsTimesHundredThousandIncrements_CountIsExact()
        {
            const int ThreadCount = 8, Iterations = 100_000;
            int* mutex = Zeroed<int>(MutexBytes / 4);
            Counting* shared = Zeroed<Counting>();
            shared->Mutex = mutex;
            shared->Iterations = Iterations;
            ulong[] threads = new ulong[ThreadCount];
            for (int i = 0; i < ThreadCount; i++)
                threads[i] = Start((nint)(delegate* unmanaged<nint, nint>)&IncrementUnderMutex, shared);
            for (int i = 0; i < ThreadCount; i++)
                Assert.Equal(0, JoinValue(threads[i]));
            Assert.Equal((long)ThreadCount * Iterations, shared->Counter);
            Assert.Equal(0, mutex[0]); // unlocked, no sleepers
            Free(shared);
            Free(mutex);
        }

        [Fact]
        public void RecursiveInitializer_OwnerRelocks_UnlocksOnlyAtDepthZero()
        {
            int* mutex = Zeroed<int>(MutexBytes / 4);
            mutex[KindOffsetInts] = 1; // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(0, MutexTryLock(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(EBUSY, OnOtherThread(() => MutexTryLock(mutex))); // still held once
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(EPERM, MutexUnlock(mutex));                      // no longer held
            Assert.Equal(0, OnOtherThread(() => MutexTryLock(mutex)));    // free now (left held by that thread)
            Free(mutex);
        }

        [Fact]
        public void Recursive_UnlockByNonOwner_IsEperm()
        {
            int* mutex = Zeroed<int>(MutexBytes / 4);
            mutex[KindOffsetInts] = 1;
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(EPERM, OnOtherThread(() => MutexUnlock(mutex)));
            Assert.Equal(0, MutexUnlock(mutex));
            Free(mutex);
        }

        [Fact]
        public void ErrorCheck_RelockIsEdeadlk_TryLockIsEbusy_ForeignUnlockIsEperm()
        {
            int* attributes = Zeroed<int>();
            int* mutex = Zeroed<int>(MutexBytes / 4);
            Assert.Equal(0, MutexAttrInit(attributes));
            Assert.Equal(0, MutexAttrSetType(attributes, 2));
            int type;
            Assert.Equal(0, MutexAttrGetType(attributes, &type));
            Assert.Equal(2, type);
            Assert.Equal(0, MutexInit(mutex, attributes));
            Assert.Equal(EPERM, MutexUnlock(mutex));      // not locked
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(EDEADLK, MutexLock(mutex));
            Assert.Equal(EBUSY, MutexTryLock(mutex));
            Assert.Equal(EPERM, OnOtherThread(() => MutexUnlock(mutex)));
            Assert.Equal(EBUSY, MutexDestroy(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(0, MutexDestroy(mutex));
            Free(mutex);
            Free(attributes);
        }

        [Fact]
        public void Normal_TryLockWhileHeldElsewhere_IsEbusy()
        {
            int* mutex = Zeroed<int>(MutexBytes / 4);
            Assert.Equal(0, MutexLock(mutex));
            Assert.Equal(EBUSY, OnOtherThread(() => MutexTryLock(mutex)));
            Assert.Equal(0, MutexUnlock(mutex));
            Assert.Equal(0, MutexTryLock(mutex));
            Assert.Equal(0, MutexUnlock(mutex));
            Free(mutex);
        }

        [Fact]
        public void TimedLock_HeldElsewhere_TimesOutAfterTheDeadline()
        {
            int* mutex = Zeroed<int>(MutexBytes / 4);
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, MutexLock(mutex));
            var watch = Stopwatch.StartNew();
            int result = OnOtherThread(() =>
            {
                AbsoluteFromNow(deadline, ClockRealtime, 80);
                return MutexTimedLock(mutex, deadline);
            });
            Assert.Equal(ETIMEDOUT, result);
            Assert.True(watch.ElapsedMilliseconds >= 70, $"waited {watch.ElapsedMilliseconds} ms");
            Assert.Equal(0, MutexUnlock(mutex));
            Free(deadline);
            Free(mutex);
        }

        [Fact]
        public void ClockLock_ReleasedBeforeTheDeadline_Succeeds()
        {
            int* mutex = Zeroed<int>(MutexBytes / 4);
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, MutexLock(mutex));
            int result = -1;
            var thread = new System.Threading.Thread(() =>
            {
                AbsoluteFromNow(deadline, ClockMonotonic, 10_000);
                result = MutexClockLock(mutex, ClockMonotonic, deadline);
                MutexUnlock(mutex);
            });
            thread.Start();
            System.Threading.Thread.Sleep(50);
            Assert.Equal(0, MutexUnlock(mutex));
            thread.Join();
            Assert.Equal(0, result);
            Free(deadline);
            Free(mutex);
        }

        [Fact]
        public void TimedLock_BadTimespec_IsEinvalOnlyWhenItMustWait()
        {
            int* mutex = Zeroed<int>(MutexBytes / 4);
            long* bad = Zeroed<long>(2);
            bad[1] = 1_000_000_000; // tv_nsec out of range
            Assert.Equal(0, MutexTimedLock(mutex, bad)); // free: taken without looking at the time
            Assert.Equal(EINVAL, OnOtherThread(() => MutexTimedLock(mutex, bad)));
            Assert.Equal(EINVAL, OnOtherThread(() => MutexTimedLock(mutex, null)));
            Assert.Equal(0, MutexUnlock(mutex));
            Free(bad);
            Free(mutex);
        }

        [Fact]
        public void NullMutex_IsEinval()
        {
            Assert.Equal(EINVAL, MutexLock(null));
            Assert.Equal(EINVAL, MutexUnlock(null));
            Assert.Equal(EINVAL, MutexInit(null, null));
        }

        internal static int OnOtherThread(Func<int> action)
        {
            int result = int.MinValue;
            var thread = new System.Threading.Thread(() => result = action());
            thread.Start();
            thread.Join();
            return result;
        }
    }
}
