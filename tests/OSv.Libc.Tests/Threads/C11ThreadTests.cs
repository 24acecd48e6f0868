// C11 <threads.h>: thrd_create/join with an int result, recursive mtx, tss, call_once.
using System.Runtime.InteropServices;
using Xunit;
using static OSv.Libc.Tests.Threads.PthreadApi;

namespace OSv.Libc.Tests.Threads
{
    public unsafe class C11ThreadTests
    {
        private const int ThrdSuccess = 0, ThrdBusy = 1, ThrdTimedOut = 4;
        private static readonly delegate* unmanaged<ulong*, nint, nint, int> ThrdCreate = (delegate* unmanaged<ulong*, nint, nint, int>)Address("thrd_create");
        private static readonly delegate* unmanaged<ulong, int*, int> ThrdJoin = (delegate* unmanaged<ulong, int*, int>)Address("thrd_join");
        private static readonly delegate* unmanaged<int*, int, int> MtxInit = (delegate* unmanaged<int*, int, int>)Address("mtx_init");
        private static readonly delegate* unmanaged<int*, int> MtxLock = (delegate* unmanaged<int*, int>)Address("mtx_lock");
        private static readonly delegate* unmanaged<int*, int> MtxTryLock = (delegate* unmanaged<int*, int>)Address("mtx_trylock");
        private static readonly delegate* unmanaged<int*, long*, int> MtxTimedLock = (delegate* unmanaged<int*, long*, int>)Address("mtx_timedlock");
        private static readonly delegate* unmanaged<int*, int> MtxUnlock = (delegate* unmanaged<int*, int>)Address("mtx_unlock");
        private static readonly delegate* unmanaged<uint*, nint, int> TssCreate = (delegate* unmanaged<uint*, nint, int>)Address("tss_create");
        private static readonly delegate* unmanaged<uint, nint> TssGet = (delegate* unmanaged<uint, nint>)Address("tss_get");
        private static readonly delegate* unmanaged<uint, nint, int> TssSet = (delegate* unmanaged<uint, nint, int>)Address("tss_set");
        private static readonly delegate* unmanaged<uint, void> TssDelete = (delegate* unmanaged<uint, void>)Address("tss_delete");

        [UnmanagedCallersOnly]
        private static int Negate(nint argument) => -(int)argument;

        [Fact]
        public void ThrdCreateJoin_IntResultArrives()
        {
            ulong thread;
            Assert.Equal(ThrdSuccess, ThrdCreate(&thread, (nint)(delegate* unmanaged<nint, int>)&Negate, 17));
            int result;
            Assert.Equal(ThrdSuccess, ThrdJoin(thread, &result));
            Assert.Equal(-17, result);
        }

        [Fact]
        public void MtxRecursive_Relocks_PlainTryLockElsewhereIsBusy_TimedLockTimesOut()
        {
            int* mutex = Zeroed<int>(10);
            long* deadline = Zeroed<long>(2);
            Assert.Equal(ThrdSuccess, MtxInit(mutex, 1 | 2)); // mtx_recursive | mtx_timed
            Assert.Equal(ThrdSuccess, MtxLock(mutex));
            Assert.Equal(ThrdSuccess, MtxLock(mutex));
            Assert.Equal(ThrdBusy, MutexTests.OnOtherThread(() => MtxTryLock(mutex)));
            Assert.Equal(ThrdTimedOut, MutexTests.OnOtherThread(() =>
            {
                AbsoluteFromNow(deadline, ClockRealtime, 20);
                return MtxTimedLock(mutex, deadline);
            }));
            Assert.Equal(ThrdSuccess, MtxUnlock(mutex));
            Assert.Equal(ThrdSuccess, MtxUnlock(mutex));
            Free(deadline);
            Free(mutex);
        }

        [Fact]
        public void Tss_SetGetDelete()
        {
            uint key;
            Assert.Equal(ThrdSuccess, TssCreate(&key, 0));
            Assert.Equal(ThrdSuccess, TssSet(key, 31));
            Assert.Equal(31, TssGet(key));
            TssDelete(key);
            Assert.Equal(0, TssGet(key));
        }
    }
}
