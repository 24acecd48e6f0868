using System;
using System.Threading;
using OSv.Core.Sync;
using OSv.Testing;
using Xunit;
using Mutex = OSv.Core.Sync.Mutex;

namespace OSv.Core.Tests.Sync
{
    public class MutexTests
    {
        // Guarded by the mutex under test: plain fields, so that a broken lock shows as a lost
        // increment or an overlapping critical section.
        private sealed class Guarded
        {
            public long Counter;
            public bool Inside;
            public int Overlaps;

            public void Enter()
            {
                if (Inside)
                    Overlaps++;
                Inside = true;
            }

            public void Exit() => Inside = false;
        }

        // Sizes: under contention every acquisition is a direct hand-off to a parked waiter (a
        // thread switch each; hosted, 60-80 thousand per second on a 2-CPU machine), so the
        // stress tests are sized in tens of thousands of hand-offs to stay within a few seconds.
        [Fact]
        public void Lock_ManyThreadsContending_CounterExact()
        {
            const int threads = 8;
            const int iterations = 25_000;
            var mutex = new Mutex();
            var guarded = new Guarded();

            Workers.Run(threads, _ =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    mutex.Lock();
                    guarded.Enter();
                    guarded.Counter++;
                    guarded.Exit();
                    mutex.Unlock();
                }
            });

            Assert.Equal(0, guarded.Overlaps);
            Assert.Equal((long)threads * iterations, guarded.Counter);
        }

        [Fact]
        public void Lock_HandOffRace_EveryAcquisitionCompletes()
        {
            // Empty critical sections back to back: lockers keep arriving while the holder is in
            // Unlock, between its decrement and its pop, which is where the hand-off token is used.
            const int threads = 4;
            const int iterations = 50_000;
            var mutex = new Mutex();
            var guarded = new Guarded();

            Workers.Run(threads, index =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    mutex.Lock();
                    guarded.Enter();
                    guarded.Counter++;
                    guarded.Exit();
                    mutex.Unlock();
                    if ((i & 1023) == index)
                        OSv.Core.Sched.Thread.Yield(); // reshuffle arrival order now and then
                }
            });

            Assert.Equal(0, guarded.Overlaps);
            Assert.Equal((long)threads * iterations, guarded.Counter);
        }

        [Fact]
        public void Lock_HandOffRaceManyMutexes_NoWaiterStranded()
        {
            // Short bursts on several mutexes: a lost wake-up strands a waiter and fails the
            // watchdog in Workers.Join; a double hand-off shows as an overlap.
            const int threads = 6;
            const int rounds = 20_000;
            var mutexes = new Mutex[3];
            var guards = new Guarded[3];
            for (int m = 0; m < mutexes.Length; m++)
            {
                mutexes[m] = new Mutex();
                guards[m] = new Guarded();
            }

            Workers.Run(threads, index =>
            {
                for (int i = 0; i < rounds; i++)
                {
                    int m = (i + index) % mutexes.Length;
                    mutexes[m].Lock();
                    guards[m].Enter();
                    guards[m].Counter++;
                    guards[m].Exit();
                    mutexes[m].Unlock();
                }
            });

            long total = 0;
            for (int m = 0; m < guards.Length; m++)
            {
                Assert.Equal(0, guards[m].Overlaps);
                total += guards[m].Counter;
            }
            Assert.Equal((long)threads * rounds, total);
        }

        [Fact]
        public void Lock_Recursive_HeldUntilLastUnlock()
        {
            var mutex = new Mutex();
            mutex.Lock();
            mutex.Lock();
            Assert.True(mutex.TryLock());

            mutex.Unlock();
            mutex.Unlock();
            Assert.False(TryLockOnOtherThread(mutex));
            Assert.True(mutex.IsOwnedByCurrentThread);

            mutex.Unlock();
            Assert.False(mutex.IsOwnedByCurrentThread);
            Assert.True(TryLockOnOtherThread(mutex, unlock: true));
        }

        [Fact]
        public void Lock_RecursiveUnderContention_CounterExact()
        {
            const int threads = 4;
            const int iterations = 20_000;
            var mutex = new Mutex();
            var guarded = new Guarded();

            Workers.Run(threads, _ =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    mutex.Lock();
                    mutex.Lock();
                    guarded.Enter();
                    guarded.Counter++;
                    guarded.Exit();
                    mutex.Unlock();
                    guarded.Enter();
                    guarded.Counter++;
                    guarded.Exit();
                    mutex.Unlock();
                }
            });

            Assert.Equal(0, guarded.Overlaps);
            Assert.Equal(2L * threads * iterations, guarded.Counter);
        }

        [Fact]
        public void TryLock_Free_Succeeds()
        {
            var mutex = new Mutex();
            Assert.True(mutex.TryLock());
            Assert.True(mutex.IsOwnedByCurrentThread);
            mutex.Unlock();
        }

        [Fact]
        public void TryLock_HeldByOtherThread_Fails()
        {
            var mutex = new Mutex();
            mutex.Lock();
            Assert.False(TryLockOnOtherThread(mutex));
            mutex.Unlock();
            Assert.True(TryLockOnOtherThread(mutex, unlock: true));
        }

        [Fact]
        public void TryLock_ContendingWithLockers_CounterExact()
        {
            // Half the threads use Lock, half spin on TryLock: TryLock can also take the lock
            // through a pending hand-off token, which must not let two threads in.
            const int threads = 6;
            const int iterations = 20_000;
            var mutex = new Mutex();
            var guarded = new Guarded();
            long tryLockFailures = 0;

            Workers.Run(threads, index =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    if ((index & 1) == 0)
                    {
                        mutex.Lock();
                    }
                    else
                    {
                        while (!mutex.TryLock())
                        {
                            Interlocked.Increment(ref tryLockFailures);
                            OSv.Core.Sched.Thread.Yield();
                        }
                    }
                    guarded.Enter();
                    guarded.Counter++;
                    guarded.Exit();
                    mutex.Unlock();
                }
            });

            Assert.Equal(0, guarded.Overlaps);
            Assert.Equal((long)threads * iterations, guarded.Counter);
        }

        [Fact]
        public void Unlock_NotOwner_Throws()
        {
            var mutex = new Mutex();
            Assert.Throws<InvalidOperationException>(() => mutex.Unlock());

            mutex.Lock();
            Exception? fromOther = null;
            Workers.Run(1, _ => fromOther = Record.Exception(() => mutex.Unlock()));
            Assert.IsType<InvalidOperationException>(fromOther);
            Assert.True(mutex.IsOwnedByCurrentThread);
            mutex.Unlock();
        }

        [Fact]
        public void Acquire_ScopeEnds_Unlocks()
        {
            var mutex = new Mutex();
            using (mutex.Acquire())
            {
                Assert.True(mutex.IsOwnedByCurrentThread);
                Assert.False(TryLockOnOtherThread(mutex));
            }
            Assert.False(mutex.IsOwnedByCurrentThread);
            Assert.True(TryLockOnOtherThread(mutex, unlock: true));
        }

        [Fact]
        public void Lock_HeldByOther_WaitsUntilUnlock()
        {
            var mutex = new Mutex();
            int acquired = 0;
            mutex.Lock();
            Workers waiter = Workers.Start(1, _ =>
            {
                mutex.Lock();
                Volatile.Write(ref acquired, 1);
                mutex.Unlock();
            });

            Thread.Sleep(50);
            Assert.Equal(0, Volatile.Read(ref acquired));
            mutex.Unlock();
            waiter.Join();
            Assert.Equal(1, acquired);
        }

        [Fact]
        public void LockUnlock_Uncontended_AllocatesNothing()
        {
            var mutex = new Mutex();
            mutex.Lock(); // first use: the host thread's OSv Thread object is created here
            mutex.Unlock();
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 1_000; i++)
                {
                    mutex.Lock();
                    mutex.Lock();
                    mutex.TryLock();
                    mutex.Unlock();
                    mutex.Unlock();
                    mutex.Unlock();
                    using (mutex.Acquire())
                    {
                    }
                }
            });

            Assert.Equal(0, allocated);
        }

        private static bool TryLockOnOtherThread(Mutex mutex, bool unlock = false)
        {
            bool taken = false;
            Workers.Run(1, _ =>
            {
                taken = mutex.TryLock();
                if (taken && unlock)
                    mutex.Unlock();
            });
            return taken;
        }
    }
}
