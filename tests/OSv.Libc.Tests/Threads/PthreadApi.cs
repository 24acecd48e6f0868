// The thread exports as C sees them: looked up by name in an ExportTable filled by
// ThreadExports.Register, and called through unmanaged function pointers, exactly as a loaded
// object's PLT would. Also small helpers for C memory and absolute timespecs.
using System;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Libc.Abi;
using OSv.Libc.Threads;
using Xunit;

namespace OSv.Libc.Tests.Threads
{
    internal static unsafe class PthreadApi
    {
        public const int EPERM = 1, ESRCH = 3, EAGAIN = 11, EBUSY = 16, EINVAL = 22, EDEADLK = 35, ENOSYS = 38,
            EOVERFLOW = 75, ENOTSUP = 95, ETIMEDOUT = 110, ERANGE = 34;
        public const int ClockRealtime = 0, ClockMonotonic = 1;

        private static readonly ExportTable s_table = OSv.Libc.Tests.Misc.TestExports.Build(ThreadExports.Register);

        public static nint Address(string name) => OSv.Libc.Tests.Misc.TestExports.Require(s_table, name);

        public static readonly delegate* unmanaged<ulong*, byte*, nint, nint, int> Create = (delegate* unmanaged<ulong*, byte*, nint, nint, int>)Address("pthread_create");
        public static readonly delegate* unmanaged<ulong, nint*, int> Join = (delegate* unmanaged<ulong, nint*, int>)Address("pthread_join");
        public static readonly delegate* unmanaged<ulong, int> Detach = (delegate* unmanaged<ulong, int>)Address("pthread_detach");
        public static readonly delegate* unmanaged<ulong> Self = (delegate* unmanaged<ulong>)Address("pthread_self");
        public static readonly delegate* unmanaged<ulong, ulong, int> Equal = (delegate* unmanaged<ulong, ulong, int>)Address("pthread_equal");
        public static readonly delegate* unmanaged<nint, void> Exit = (delegate* unmanaged<nint, void>)Address("pthread_exit");

        public static readonly delegate* unmanaged<int*, int*, int> MutexInit = (delegate* unmanaged<int*, int*, int>)Address("pthread_mutex_init");
        public static readonly delegate* unmanaged<int*, int> MutexDestroy = (delegate* unmanaged<int*, int>)Address("pthread_mutex_destroy");
        public static readonly delegate* unmanaged<int*, int> MutexLock = (delegate* unmanaged<int*, int>)Address("pthread_mutex_lock");
        public static readonly delegate* unmanaged<int*, int> MutexTryLock = (delegate* unmanaged<int*, int>)Address("pthread_mutex_trylock");
        public static readonly delegate* unmanaged<int*, int> MutexUnlock = (delegate* unmanaged<int*, int>)Address("pthread_mutex_unlock");
        public static readonly delegate* unmanaged<int*, long*, int> MutexTimedLock = (delegate* unmanaged<int*, long*, int>)Address("pthread_mutex_timedlock");
        public static readonly delegate* unmanaged<int*, int, long*, int> MutexClockLock = (delegate* unmanaged<int*, int, long*, int>)Address("pthread_mutex_clocklock");
        public static readonly delegate* unmanaged<int*, int> MutexAttrInit = (delegate* unmanaged<int*, int>)Address("pthread_mutexattr_init");
        public static readonly delegate* unmanaged<int*, int, int> MutexAttrSetType = (delegate* unmanaged<int*, int, int>)Address("pthread_mutexattr_settype");
        public static readonly delegate* unmanaged<int*, int*, int> MutexAttrGetType = (delegate* unmanaged<int*, int*, int>)Address("pthread_mutexattr_gettype");

        public static readonly delegate* unmanaged<int*, int*, int> CondInit = (delegate* unmanaged<int*, int*, int>)Address("pthread_cond_init");
        public static readonly delegate* unmanaged<int*, int*, int> CondWait = (delegate* unmanaged<int*, int*, int>)Address("pthread_cond_wait");
        public static readonly delegate* unmanaged<int*, int*, long*, int> CondTimedWait = (delegate* unmanaged<int*, int*, long*, int>)Address("pthread_cond_timedwait");
        public static readonly delegate* unmanaged<int*, int*, int, long*, int> CondClockWait = (delegate* unmanaged<int*, int*, int, long*, int>)Address("pthread_cond_clockwait");
        public static readonly delegate* unmanaged<int*, int> CondSignal = (delegate* unmanaged<int*, int>)Address("pthread_cond_signal");
        public static readonly delegate* unmanaged<int*, int> CondBroadcast = (delegate* unmanaged<int*, int>)Address("pthread_cond_broadcast");
        public static readonly delegate* unmanaged<int*, int> CondAttrInit = (delegate* unmanaged<int*, int>)Address("pthread_condattr_init");
        public static readonly delegate* unmanaged<int*, int, int> CondAttrSetClock = (delegate* unmanaged<int*, int, int>)Address("pthread_condattr_setclock");
        public static readonly delegate* unmanaged<int*, int*, int> CondAttrGetClock = (delegate* unmanaged<int*, int*, int>)Address("pthread_condattr_getclock");

        public static readonly delegate* unmanaged<int*, int> RwlockReadLock = (delegate* unmanaged<int*, int>)Address("pthread_rwlock_rdlock");
        public static readonly delegate* unmanaged<int*, int> RwlockTryReadLock = (delegate* unmanaged<int*, int>)Address("pthread_rwlock_tryrdlock");
        public static readonly delegate* unmanaged<int*, int> RwlockWriteLock = (delegate* unmanaged<int*, int>)Address("pthread_rwlock_wrlock");
        public static readonly delegate* unmanaged<int*, int> RwlockTryWriteLock = (delegate* unmanaged<int*, int>)Address("pthread_rwlock_trywrlock");
        public static readonly delegate* unmanaged<int*, long*, int> RwlockTimedWriteLock = (delegate* unmanaged<int*, long*, int>)Address("pthread_rwlock_timedwrlock");
        public static readonly delegate* unmanaged<int*, long*, int> RwlockTimedReadLock = (delegate* unmanaged<int*, long*, int>)Address("pthread_rwlock_timedrdlock");
        public static readonly delegate* unmanaged<int*, int> RwlockUnlock = (delegate* unmanaged<int*, int>)Address("pthread_rwlock_unlock");

        public static readonly delegate* unmanaged<int*, nint, int> Once = (delegate* unmanaged<int*, nint, int>)Address("pthread_once");
        public static readonly delegate* unmanaged<uint*, nint, int> KeyCreate = (delegate* unmanaged<uint*, nint, int>)Address("pthread_key_create");
        public static readonly delegate* unmanaged<uint, int> KeyDelete = (delegate* unmanaged<uint, int>)Address("pthread_key_delete");
        public static readonly delegate* unmanaged<uint, nint> GetSpecific = (delegate* unmanaged<uint, nint>)Address("pthread_getspecific");
        public static readonly delegate* unmanaged<uint, nint, int> SetSpecific = (delegate* unmanaged<uint, nint, int>)Address("pthread_setspecific");

        public static readonly delegate* unmanaged<int*, int, uint, int> SemInit = (delegate* unmanaged<int*, int, uint, int>)Address("sem_init");
        public static readonly delegate* unmanaged<int*, int> SemWait = (delegate* unmanaged<int*, int>)Address("sem_wait");
        public static readonly delegate* unmanaged<int*, int> SemTryWait = (delegate* unmanaged<int*, int>)Address("sem_trywait");
        public static readonly delegate* unmanaged<int*, long*, int> SemTimedWait = (delegate* unmanaged<int*, long*, int>)Address("sem_timedwait");
        public static readonly delegate* unmanaged<int*, int> SemPost = (delegate* unmanaged<int*, int>)Address("sem_post");
        public static readonly delegate* unmanaged<int*, int*, int> SemGetValue = (delegate* unmanaged<int*, int*, int>)Address("sem_getvalue");
        public static readonly delegate* unmanaged<byte*, int, nint> SemOpen = (delegate* unmanaged<byte*, int, nint>)Address("sem_open");

        public static readonly delegate* unmanaged<int*, int*, uint, int> BarrierInit = (delegate* unmanaged<int*, int*, uint, int>)Address("pthread_barrier_init");
        public static readonly delegate* unmanaged<int*, int> BarrierWait = (delegate* unmanaged<int*, int>)Address("pthread_barrier_wait");
        public static readonly delegate* unmanaged<int*, int> BarrierDestroy = (delegate* unmanaged<int*, int>)Address("pthread_barrier_destroy");
        public static readonly delegate* unmanaged<int*, int> SpinLock = (delegate* unmanaged<int*, int>)Address("pthread_spin_lock");
        public static readonly delegate* unmanaged<int*, int> SpinTryLock = (delegate* unmanaged<int*, int>)Address("pthread_spin_trylock");
        public static readonly delegate* unmanaged<int*, int> SpinUnlock = (delegate* unmanaged<int*, int>)Address("pthread_spin_unlock");

        public static readonly delegate* unmanaged<byte*, int> AttrInit = (delegate* unmanaged<byte*, int>)Address("pthread_attr_init");
        public static readonly delegate* unmanaged<byte*, nuint, int> AttrSetStackSize = (delegate* unmanaged<byte*, nuint, int>)Address("pthread_attr_setstacksize");
        public static readonly delegate* unmanaged<byte*, nuint*, int> AttrGetStackSize = (delegate* unmanaged<byte*, nuint*, int>)Address("pthread_attr_getstacksize");
        public static readonly delegate* unmanaged<byte*, nint*, nuint*, int> AttrGetStack = (delegate* unmanaged<byte*, nint*, nuint*, int>)Address("pthread_attr_getstack");
        public static readonly delegate* unmanaged<byte*, int, int> AttrSetDetachState = (delegate* unmanaged<byte*, int, int>)Address("pthread_attr_setdetachstate");
        public static readonly delegate* unmanaged<byte*, int*, int> AttrGetDetachState = (delegate* unmanaged<byte*, int*, int>)Address("pthread_attr_getdetachstate");
        public static readonly delegate* unmanaged<byte*, nuint*, int> AttrGetGuardSize = (delegate* unmanaged<byte*, nuint*, int>)Address("pthread_attr_getguardsize");
        public static readonly delegate* unmanaged<byte*, int, int> AttrSetScope = (delegate* unmanaged<byte*, int, int>)Address("pthread_attr_setscope");
        public static readonly delegate* unmanaged<byte*, int, int> AttrSetSchedPolicy = (delegate* unmanaged<byte*, int, int>)Address("pthread_attr_setschedpolicy");
        public static readonly delegate* unmanaged<ulong, byte*, int> GetAttrNp = (delegate* unmanaged<ulong, byte*, int>)Address("pthread_getattr_np");
        public static readonly delegate* unmanaged<ulong, byte*, int> SetNameNp = (delegate* unmanaged<ulong, byte*, int>)Address("pthread_setname_np");
        public static readonly delegate* unmanaged<ulong, byte*, nuint, int> GetNameNp = (delegate* unmanaged<ulong, byte*, nuint, int>)Address("pthread_getname_np");
        public static readonly delegate* unmanaged<ulong, int, int> Kill = (delegate* unmanaged<ulong, int, int>)Address("pthread_kill");
        public static readonly delegate* unmanaged<ulong, int> Cancel = (delegate* unmanaged<ulong, int>)Address("pthread_cancel");

        /// <summary>Zeroed C memory, freed by the caller with Free.</summary>
        public static T* Zeroed<T>(int count = 1) where T : unmanaged => (T*)NativeMemory.AllocZeroed((nuint)(sizeof(T) * count));

        public static void Free(void* memory) => NativeMemory.Free(memory);

        public static ulong Start(nint startRoutine, void* argument, byte* attributes = null)
        {
            ulong thread;
            Assert.Equal(0, Create(&thread, attributes, startRoutine, (nint)argument));
            return thread;
        }

        public static nint JoinValue(ulong thread)
        {
            nint value;
            Assert.Equal(0, Join(thread, &value));
            return value;
        }

        /// <summary>An absolute timespec <paramref name="fromNowMilliseconds"/> ahead on the
        /// host clock (glibc clock_gettime), written into <paramref name="timespec"/> (2 longs).</summary>
        public static void AbsoluteFromNow(long* timespec, int clockId, long fromNowMilliseconds)
        {
            long* now = stackalloc long[2];
            Assert.Equal(0, HostClockGetTime(clockId, now));
            long nanoseconds = now[1] + fromNowMilliseconds * 1_000_000;
            timespec[0] = now[0] + nanoseconds / 1_000_000_000;
            timespec[1] = nanoseconds % 1_000_000_000;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        public static extern int HostClockGetTime(int clockId, long* timespec);
    }
}
