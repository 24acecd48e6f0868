// pthread_barrier_t (one serial thread per round, rounds do not mix) and pthread_spinlock_t.
using System.Runtime.InteropServices;
using System.Threading;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class BarrierAndSpinTests
    {
        private const int Rounds = 200, Threads = 4;

        private struct Rendezvous
        {
            public fixed int Barrier[8];
            public int Serials;
            public int Arrivals;
            public int Mixed;
        }

        [UnmanagedCallersOnly]
        private static nint MeetEveryRound(nint argument)
        {
            var rendezvous = (Rendezvous*)argument;
            for (int round = 0; round < Rounds; round++)
            {
                Interlocked.Increment(ref rendezvous->Arrivals);
                int result = BarrierWait(rendezvous->Barrier);
                if (result == -1)
                    Interlocked.Increment(ref rendezvous->Serials);
                else if (result != 0)
                    return 1;
                if (Volatile.Read(ref rendezvous->Arrivals) < (round + 1) * Threads)
                    Interlocked.Increment(ref rendezvous->Mixed); // left before everyone arrived
                if (BarrierWait(rendezvous->Barrier) == -1) // nobody arrives for round + 1 before all checked
                    Interlocked.Increment(ref rendezvous->Serials);
            }
            return 0;
        }

        [Fact]
        public void Barrier_FourThreadsTwoHundredRounds_OneSerialThreadPerWait()
        {
            Rendezvous* rendezvous = Zeroed<Rendezvous>();
            Assert.Equal(0, BarrierInit(rendezvous->Barrier, null, Threads));
            ulong[] threads = new ulong[Threads];
            for (int i = 0; i < Threads; i++)
                threads[i] = Start((nint)(delegate* unmanaged<nint, nint>)&MeetEveryRound, rendezvous);
            foreach (ulong thread in threads)
                Assert.Equal(0, JoinValue(thread));
            Assert.Equal(2 * Rounds, rendezvous->Serials);
            Assert.Equal(0, rendezvous->Mixed);
            Assert.Equal(0, BarrierDestroy(rendezvous->Barrier));
            Free(rendezvous);
        }

        [Fact]
        public void BarrierInit_CountZero_IsEinval()
        {
            int* barrier = Zeroed<int>(8);
            Assert.Equal(EINVAL, BarrierInit(barrier, null, 0));
            Assert.Equal(EINVAL, BarrierWait(barrier)); // never initialised
            Free(barrier);
        }

        private struct SpinCounting
        {
            public int Spin;
            public long Counter;
        }

        [UnmanagedCallersOnly]
        private static nint IncrementUnderSpin(nint argument)
        {
            var shared = (SpinCounting*)argument;
            for (int i = 0; i < 50_000; i++)
            {
                SpinLock(&shared->Spin);
                shared->Counter++;
                SpinUnlock(&shared->Spin);
            }
            return 0;
        }

        [Fact]
        public void SpinLock_FourThreads_CountIsExact_TryLockWhileHeldIsEbusy()
        {
            SpinCounting* shared = Zeroed<SpinCounting>();
            ulong[] threads = new ulong[Threads];
            for (int i = 0; i < Threads; i++)
                threads[i] = Start((nint)(delegate* unmanaged<nint, nint>)&IncrementUnderSpin, shared);
            foreach (ulong thread in threads)
                JoinValue(thread);
            Assert.Equal(Threads * 50_000L, shared->Counter);
            Assert.Equal(0, SpinTryLock(&shared->Spin));
            Assert.Equal(EBUSY, SpinTryLock(&shared->Spin));
            Assert.Equal(0, SpinUnlock(&shared->Spin));
            Free(shared);
        }
    }
}
