// pthread_rwlock_t: shared readers, exclusive writers, the writer-preferring kind, deadlock
// detection, timeouts and a mixed stress run that checks a two-field invariant.
using System.Runtime.InteropServices;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class RwlockTests
    {
        private const int RwlockInts = 14;

        [Fact]
        public void ReadLocked_OtherReadersEnter_WritersDoNot()
        {
            int* rwlock = Zeroed<int>(RwlockInts);
            Assert.Equal(0, RwlockReadLock(rwlock));
            Assert.Equal(0, MutexTests.OnOtherThread(() => RwlockTryReadLock(rwlock) + RwlockUnlock(rwlock)));
            Assert.Equal(EBUSY, MutexTests.OnOtherThread(() => RwlockTryWriteLock(rwlock)));
            Assert.Equal(0, RwlockUnlock(rwlock));
            Assert.Equal(0, MutexTests.OnOtherThread(() => RwlockTryWriteLock(rwlock) + RwlockUnlock(rwlock)));
            Free(rwlock);
        }

        [Fact]
        public void WriteLocked_ReadersAndWritersAreRefused_OwnerGetsEdeadlk()
        {
            int* rwlock = Zeroed<int>(RwlockInts);
            Assert.Equal(0, RwlockWriteLock(rwlock));
            Assert.Equal(EDEADLK, RwlockWriteLock(rwlock));
            Assert.Equal(EDEADLK, RwlockReadLock(rwlock));
            Assert.Equal(EBUSY, MutexTests.OnOtherThread(() => RwlockTryReadLock(rwlock)));
            Assert.Equal(EBUSY, MutexTests.OnOtherThread(() => RwlockTryWriteLock(rwlock)));
            Assert.Equal(0, RwlockUnlock(rwlock));
            Assert.Equal(EPERM, RwlockUnlock(rwlock)); // not held at all
            Free(rwlock);
        }

        [Fact]
        public void TimedWriteLock_WhileReadLocked_TimesOut()
        {
            int* rwlock = Zeroed<int>(RwlockInts);
            long* deadline = Zeroed<long>(2);
            Assert.Equal(0, RwlockReadLock(rwlock));
            int result = MutexTests.OnOtherThread(() =>
            {
                AbsoluteFromNow(deadline, ClockRealtime, 40);
                return RwlockTimedWriteLock(rwlock, deadline);
            });
            Assert.Equal(ETIMEDOUT, result);
            Assert.Equal(0, RwlockUnlock(rwlock));
            Free(deadline);
            Free(rwlock);
        }

        [Fact]
        public void PreferWriterKind_WaitingWriterHoldsBackNewReaders_UntilItGivesUp()
        {
            int* rwlock = Zeroed<int>(RwlockInts);
            long* deadline = Zeroed<long>(2);
            rwlock[12] = 2; // PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP (__flags at byte 48)
            Assert.Equal(0, RwlockReadLock(rwlock));
            var writer = new System.Threading.Thread(() =>
            {
                AbsoluteFromNow(deadline, ClockRealtime, 2_000);
                RwlockTimedWriteLock(rwlock, deadline);
            });
            writer.Start();
            // Until the writer parks, a new reader may still enter (it is let go again at once);
            // once it waits, readers are turned away. Polled: how soon it waits depends on load.
            int tryRead = 0;
            for (int attempt = 0; attempt < 100 && tryRead != EBUSY && writer.IsAlive; attempt++)
            {
                tryRead = MutexTests.OnOtherThread(() =>
                {
                    int result = RwlockTryReadLock(rwlock);
                    if (result == 0)
                        RwlockUnlock(rwlock);
                    return result;
                });
                if (tryRead != EBUSY)
                    System.Threading.Thread.Sleep(2);
            }
            Assert.Equal(EBUSY, tryRead);
            writer.Join();                      // timed out: readers may enter again
            Assert.Equal(0, MutexTests.OnOtherThread(() => RwlockTryReadLock(rwlock) + RwlockUnlock(rwlock)));
            Assert.Equal(0, RwlockUnlock(rwlock));
            Free(deadline);
            Free(rwlock);
        }

        [Fact]
        public void DefaultKind_WaitingWriter_DoesNotHoldBackReaders()
        {
            int* rwlock = Zeroed<int>(RwlockInts);
            Assert.Equal(0, RwlockReadLock(rwlock));
            var writer = new System.Threading.Thread(() => { RwlockWriteLock(rwlock); RwlockUnlock(rwlock); });
            writer.Start();
            System.Threading.Thread.Sleep(50);
            Assert.Equal(0, MutexTests.OnOtherThread(() => RwlockTryReadLock(rwlock) + RwlockUnlock(rwlock)));
            Assert.Equal(0, RwlockUnlock(rwlock)); // last reader out: the writer gets in
            writer.Join();
            Free(rwlock);
        }

        private struct Pair
        {
            public int* Rwlock;
            public long First, Second;
            public int Torn;
            public int Iterations;
        }

        [UnmanagedCallersOnly]
        private static nint WriteBoth(nint argument)
        {
            var pair = (Pair*)argument;
            for (int i = 0; i < pair->Iterations; i++)
            {
                RwlockWriteLock(pair->Rwlock);
                pair->First++;
                System.Threading.Thread.SpinWait(10);
                pair->Second++;
                RwlockUnlock(pair->Rwlock);
            }
            return 0;
        }

        [UnmanagedCallersOnly]
        private static nint ReadBoth(nint argument)
        {
            var pair = (Pair*)argument;
            for (int i = 0; i < pair->Iterations; i++)
            {
                RwlockReadLock(pair->Rwlock);
                if (pair->First != pair->Second)
                    System.Threading.Interlocked.Increment(ref pair->Torn);
                RwlockUnlock(pair->Rwlock);
            }
            return 0;
        }

        [Fact]
        public void ReadersAndWriters_Stress_ReadersNeverSeeAHalfWrite()
        {
            const int Writers = 3, Readers = 3;
            Pair* pair = Zeroed<Pair>();
            pair->Rwlock = Zeroed<int>(RwlockInts);
            pair->Iterations = 20_000;
            ulong[] threads = new ulong[Writers + Readers];
            for (int i = 0; i < threads.Length; i++)
                threads[i] = Start(i < Writers ? (nint)(delegate* unmanaged<nint, nint>)&WriteBoth : (nint)(delegate* unmanaged<nint, nint>)&ReadBoth, pair);
            foreach (ulong thread in threads)
                JoinValue(thread);
            Assert.Equal(0, pair->Torn);
            Assert.Equal((long)Writers * pair->Iterations, pair->First);
            Assert.Equal(pair->First, pair->Second);
            Free(pair->Rwlock);
            Free(pair);
        }
    }
}
