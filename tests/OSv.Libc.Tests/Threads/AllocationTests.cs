// Hot paths allocate no managed memory: a mutex lock/unlock, condition signal, semaphore
// post/wait, getspecific/setspecific and an uncontended once, after the thread's first call.
using System;
using OSv.Testing;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class AllocationTests
    {
        [Fact]
        public void HotPaths_AllocateNothing()
        {
            int* mutex = Zeroed<int>(10);
            int* condition = Zeroed<int>(12);
            int* semaphore = Zeroed<int>(8);
            int* once = Zeroed<int>();
            *once = 2; // done
            uint key;
            Assert.Equal(0, KeyCreate(&key, 0));
            Assert.Equal(0, SetSpecific(key, 1)); // first use: the thread's key slots
            uint measuredKey = key; // (a lambda cannot capture key, whose address was taken)
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int i = 0; i < 1000; i++)
                    RoundTrip(mutex, condition, semaphore, once, measuredKey);
            });
            Assert.Equal(0, allocated);
            Assert.Equal(0, KeyDelete(key));
            Free(once);
            Free(semaphore);
            Free(condition);
            Free(mutex);
        }

        private static void RoundTrip(int* mutex, int* condition, int* semaphore, int* once, uint key)
        {
            MutexLock(mutex);
            CondSignal(condition);
            MutexUnlock(mutex);
            SemPost(semaphore);
            SemWait(semaphore);
            SetSpecific(key, GetSpecific(key) + 1);
            Once(once, 1); // done: the routine address is never called
        }
    }
}
