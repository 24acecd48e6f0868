// Mutexes, condition variables, rwlocks, once, spin locks, barriers and semaphores (see
// ThreadExports.cs for the conventions). Timed variants without a clock argument use
// CLOCK_REALTIME, as POSIX specifies; pthread_cond_timedwait uses the condition's clock.
using System.Runtime.InteropServices;
using OSv.Libc.Abi;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe partial class ThreadExports
    {
        private const int ClockOfCondition = -1;

        private static void RegisterLocks(ExportTable table)
        {
            table.Add("pthread_mutex_init"u8, (nint)(delegate* unmanaged<int*, int*, int>)&MutexInit);
            table.Add("pthread_mutex_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&MutexDestroy);
            table.Add("pthread_mutex_lock"u8, (nint)(delegate* unmanaged<int*, int>)&MutexLock);
            table.Add("pthread_mutex_trylock"u8, (nint)(delegate* unmanaged<int*, int>)&MutexTryLock);
            table.Add("pthread_mutex_unlock"u8, (nint)(delegate* unmanaged<int*, int>)&MutexUnlock);
            table.Add("pthread_mutex_timedlock"u8, (nint)(delegate* unmanaged<int*, long*, int>)&MutexTimedLock);
            table.Add("pthread_mutex_clocklock"u8, (nint)(delegate* unmanaged<int*, int, long*, int>)&MutexClockLock);
            table.Add("pthread_mutexattr_init"u8, (nint)(delegate* unmanaged<int*, int>)&MutexAttrInit);
            table.Add("pthread_mutexattr_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&MutexAttrDestroy);
            table.Add("pthread_mutexattr_settype"u8, (nint)(delegate* unmanaged<int*, int, int>)&MutexAttrSetType);
            table.Add("pthread_mutexattr_gettype"u8, (nint)(delegate* unmanaged<int*, int*, int>)&MutexAttrGetType);
            table.Add("pthread_mutexattr_setpshared"u8, (nint)(delegate* unmanaged<int*, int, int>)&MutexAttrSetShared);
            table.Add("pthread_mutexattr_getpshared"u8, (nint)(delegate* unmanaged<int*, int*, int>)&MutexAttrGetShared);
            table.Add("pthread_mutexattr_setprotocol"u8, (nint)(delegate* unmanaged<int*, int, int>)&MutexAttrSetProtocol);
            table.Add("pthread_mutexattr_getprotocol"u8, (nint)(delegate* unmanaged<int*, int*, int>)&MutexAttrGetProtocol);
            table.Add("pthread_mutexattr_setrobust"u8, (nint)(delegate* unmanaged<int*, int, int>)&MutexAttrSetRobust);
            table.Add("pthread_mutexattr_getrobust"u8, (nint)(delegate* unmanaged<int*, int*, int>)&MutexAttrGetRobust);
            table.Add("pthread_mutex_consistent"u8, (nint)(delegate* unmanaged<int*, int>)&MutexConsistent);
            table.Add("pthread_rwlock_init"u8, (nint)(delegate* unmanaged<int*, int*, int>)&RwlockInit);
            table.Add("pthread_rwlock_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockDestroy);
            table.Add("pthread_rwlock_rdlock"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockReadLock);
            table.Add("pthread_rwlock_tryrdlock"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockTryReadLock);
            table.Add("pthread_rwlock_timedrdlock"u8, (nint)(delegate* unmanaged<int*, long*, int>)&RwlockTimedReadLock);
            table.Add("pthread_rwlock_clockrdlock"u8, (nint)(delegate* unmanaged<int*, int, long*, int>)&RwlockClockReadLock);
            table.Add("pthread_rwlock_wrlock"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockWriteLock);
            table.Add("pthread_rwlock_trywrlock"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockTryWriteLock);
            table.Add("pthread_rwlock_timedwrlock"u8, (nint)(delegate* unmanaged<int*, long*, int>)&RwlockTimedWriteLock);
            table.Add("pthread_rwlock_clockwrlock"u8, (nint)(delegate* unmanaged<int*, int, long*, int>)&RwlockClockWriteLock);
            table.Add("pthread_rwlock_unlock"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockUnlock);
            table.Add("pthread_rwlockattr_init"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockAttrInit);
            table.Add("pthread_rwlockattr_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&RwlockAttrDestroy);
            table.Add("pthread_rwlockattr_setkind_np"u8, (nint)(delegate* unmanaged<int*, int, int>)&RwlockAttrSetKind);
            table.Add("pthread_rwlockattr_getkind_np"u8, (nint)(delegate* unmanaged<int*, int*, int>)&RwlockAttrGetKind);
            table.Add("pthread_rwlockattr_setpshared"u8, (nint)(delegate* unmanaged<int*, int, int>)&RwlockAttrSetShared);
            table.Add("pthread_rwlockattr_getpshared"u8, (nint)(delegate* unmanaged<int*, int*, int>)&RwlockAttrGetShared);
            table.Add("pthread_spin_init"u8, (nint)(delegate* unmanaged<int*, int, int>)&SpinInit);
            table.Add("pthread_spin_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&SpinDestroy);
            table.Add("pthread_spin_lock"u8, (nint)(delegate* unmanaged<int*, int>)&SpinLockExport);
            table.Add("pthread_spin_trylock"u8, (nint)(delegate* unmanaged<int*, int>)&SpinTryLock);
            table.Add("pthread_spin_unlock"u8, (nint)(delegate* unmanaged<int*, int>)&SpinUnlock);
            table.Add("pthread_once"u8, (nint)(delegate* unmanaged<int*, nint, int>)&Once);
        }

        private static void RegisterWaits(ExportTable table)
        {
            table.Add("pthread_cond_init"u8, (nint)(delegate* unmanaged<int*, int*, int>)&CondInit);
            table.Add("pthread_cond_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&CondDestroy);
            table.Add("pthread_cond_wait"u8, (nint)(delegate* unmanaged<int*, int*, int>)&CondWait);
            table.Add("pthread_cond_timedwait"u8, (nint)(delegate* unmanaged<int*, int*, long*, int>)&CondTimedWait);
            table.Add("pthread_cond_clockwait"u8, (nint)(delegate* unmanaged<int*, int*, int, long*, int>)&CondClockWait);
            table.Add("pthread_cond_signal"u8, (nint)(delegate* unmanaged<int*, int>)&CondSignal);
            table.Add("pthread_cond_broadcast"u8, (nint)(delegate* unmanaged<int*, int>)&CondBroadcast);
            table.Add("pthread_condattr_init"u8, (nint)(delegate* unmanaged<int*, int>)&CondAttrInit);
            table.Add("pthread_condattr_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&CondAttrDestroy);
            table.Add("pthread_condattr_setclock"u8, (nint)(delegate* unmanaged<int*, int, int>)&CondAttrSetClock);
            table.Add("pthread_condattr_getclock"u8, (nint)(delegate* unmanaged<int*, int*, int>)&CondAttrGetClock);
            table.Add("pthread_condattr_setpshared"u8, (nint)(delegate* unmanaged<int*, int, int>)&CondAttrSetShared);
            table.Add("pthread_condattr_getpshared"u8, (nint)(delegate* unmanaged<int*, int*, int>)&CondAttrGetShared);
            table.Add("pthread_barrier_init"u8, (nint)(delegate* unmanaged<int*, int*, uint, int>)&BarrierInit);
            table.Add("pthread_barrier_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&BarrierDestroy);
            table.Add("pthread_barrier_wait"u8, (nint)(delegate* unmanaged<int*, int>)&BarrierWait);
            table.Add("pthread_barrierattr_init"u8, (nint)(delegate* unmanaged<int*, int>)&SharedAttrInit);
            table.Add("pthread_barrierattr_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&SharedAttrDestroy);
            table.Add("pthread_barrierattr_setpshared"u8, (nint)(delegate* unmanaged<int*, int, int>)&SharedAttrSet);
            table.Add("pthread_barrierattr_getpshared"u8, (nint)(delegate* unmanaged<int*, int*, int>)&SharedAttrGet);
            table.Add("sem_init"u8, (nint)(delegate* unmanaged<int*, int, uint, int>)&SemInit);
            table.Add("sem_destroy"u8, (nint)(delegate* unmanaged<int*, int>)&SemDestroy);
            table.Add("sem_wait"u8, (nint)(delegate* unmanaged<int*, int>)&SemWait);
            table.Add("sem_trywait"u8, (nint)(delegate* unmanaged<int*, int>)&SemTryWait);
            table.Add("sem_timedwait"u8, (nint)(delegate* unmanaged<int*, long*, int>)&SemTimedWait);
            table.Add("sem_clockwait"u8, (nint)(delegate* unmanaged<int*, int, long*, int>)&SemClockWait);
            table.Add("sem_post"u8, (nint)(delegate* unmanaged<int*, int>)&SemPost);
            table.Add("sem_getvalue"u8, (nint)(delegate* unmanaged<int*, int*, int>)&SemGetValue);
            table.Add("sem_open"u8, (nint)(delegate* unmanaged<byte*, int, nint>)&SemOpen);
            table.Add("sem_close"u8, (nint)(delegate* unmanaged<int*, int>)&SemClose);
            table.Add("sem_unlink"u8, (nint)(delegate* unmanaged<byte*, int>)&SemUnlink);
        }

        // ---- mutexes ----
        [UnmanagedCallersOnly] private static int MutexInit(int* mutex, int* attributes) => PthreadMutex.Init(mutex, attributes == null ? 0 : *attributes);
        [UnmanagedCallersOnly] private static int MutexDestroy(int* mutex) => PthreadMutex.Destroy(mutex);
        [UnmanagedCallersOnly] private static int MutexLock(int* mutex) => PthreadMutex.Lock(mutex);
        [UnmanagedCallersOnly] private static int MutexTryLock(int* mutex) => PthreadMutex.TryLock(mutex);
        [UnmanagedCallersOnly] private static int MutexUnlock(int* mutex) => PthreadMutex.Unlock(mutex);
        [UnmanagedCallersOnly] private static int MutexTimedLock(int* mutex, long* time) => PthreadMutex.TimedLock(mutex, AbsoluteTimeout.ClockRealtime, time);
        [UnmanagedCallersOnly] private static int MutexClockLock(int* mutex, int clock, long* time) => PthreadMutex.TimedLock(mutex, clock, time);
        [UnmanagedCallersOnly] private static int MutexAttrInit(int* attributes) => PthreadMutexAttributes.Init(attributes);
        [UnmanagedCallersOnly] private static int MutexAttrDestroy(int* attributes) => PthreadMutexAttributes.Destroy(attributes);
        [UnmanagedCallersOnly] private static int MutexAttrSetType(int* attributes, int type) => PthreadMutexAttributes.SetType(attributes, type);
        [UnmanagedCallersOnly] private static int MutexAttrGetType(int* attributes, int* type) => PthreadMutexAttributes.GetType(attributes, type);
        [UnmanagedCallersOnly] private static int MutexAttrSetShared(int* attributes, int shared) => PthreadMutexAttributes.SetShared(attributes, shared);
        [UnmanagedCallersOnly] private static int MutexAttrGetShared(int* attributes, int* shared) => PthreadMutexAttributes.GetShared(attributes, shared);
        [UnmanagedCallersOnly] private static int MutexAttrSetProtocol(int* attributes, int protocol) => PthreadMutexAttributes.SetProtocol(attributes, protocol);
        [UnmanagedCallersOnly] private static int MutexAttrGetProtocol(int* attributes, int* protocol) => PthreadMutexAttributes.GetProtocol(attributes, protocol);
        [UnmanagedCallersOnly] private static int MutexAttrSetRobust(int* attributes, int robust) => PthreadMutexAttributes.SetRobust(attributes, robust);
        [UnmanagedCallersOnly] private static int MutexAttrGetRobust(int* attributes, int* robust) => PthreadMutexAttributes.GetRobust(attributes, robust);

        // No owner dies holding a mutex unseen, so no mutex is ever inconsistent (POSIX: EINVAL).
        [UnmanagedCallersOnly] private static int MutexConsistent(int* mutex) => ErrnoCodes.EINVAL;

        // ---- rwlocks; pthread_rwlockattr_t is 8 bytes: int kind, int process-shared ----
        [UnmanagedCallersOnly] private static int RwlockInit(int* rwlock, int* attributes) => PthreadRwlock.Init(rwlock, attributes);
        [UnmanagedCallersOnly] private static int RwlockDestroy(int* rwlock) => PthreadRwlock.Destroy(rwlock);
        [UnmanagedCallersOnly] private static int RwlockReadLock(int* rwlock) => PthreadRwlock.ReadLock(rwlock);
        [UnmanagedCallersOnly] private static int RwlockTryReadLock(int* rwlock) => PthreadRwlock.TryReadLock(rwlock);
        [UnmanagedCallersOnly] private static int RwlockTimedReadLock(int* rwlock, long* time) => PthreadRwlock.TimedReadLock(rwlock, AbsoluteTimeout.ClockRealtime, time);
        [UnmanagedCallersOnly] private static int RwlockClockReadLock(int* rwlock, int clock, long* time) => PthreadRwlock.TimedReadLock(rwlock, clock, time);
        [UnmanagedCallersOnly] private static int RwlockWriteLock(int* rwlock) => PthreadRwlock.WriteLock(rwlock);
        [UnmanagedCallersOnly] private static int RwlockTryWriteLock(int* rwlock) => PthreadRwlock.TryWriteLock(rwlock);
        [UnmanagedCallersOnly] private static int RwlockTimedWriteLock(int* rwlock, long* time) => PthreadRwlock.TimedWriteLock(rwlock, AbsoluteTimeout.ClockRealtime, time);
        [UnmanagedCallersOnly] private static int RwlockClockWriteLock(int* rwlock, int clock, long* time) => PthreadRwlock.TimedWriteLock(rwlock, clock, time);
        [UnmanagedCallersOnly] private static int RwlockUnlock(int* rwlock) => PthreadRwlock.Unlock(rwlock);

        [UnmanagedCallersOnly]
        private static int RwlockAttrInit(int* attributes)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            attributes[0] = PthreadRwlock.KindPreferReader;
            attributes[1] = 0;
            return 0;
        }

        [UnmanagedCallersOnly] private static int RwlockAttrDestroy(int* attributes) => attributes == null ? ErrnoCodes.EINVAL : 0;

        // PTHREAD_RWLOCK_PREFER_READER_NP 0, PREFER_WRITER_NP 1, PREFER_WRITER_NONRECURSIVE_NP 2.
        [UnmanagedCallersOnly]
        private static int RwlockAttrSetKind(int* attributes, int kind)
        {
            if (attributes == null || kind < 0 || kind > PthreadRwlock.KindPreferWriterNonRecursive)
                return ErrnoCodes.EINVAL;
            attributes[0] = kind;
            return 0;
        }

        [UnmanagedCallersOnly] private static int RwlockAttrGetKind(int* attributes, int* kind) => ReadAttributeWord(attributes, 0, kind);
        [UnmanagedCallersOnly] private static int RwlockAttrSetShared(int* attributes, int shared) => WriteSharedWord(attributes, 1, shared);
        [UnmanagedCallersOnly] private static int RwlockAttrGetShared(int* attributes, int* shared) => ReadAttributeWord(attributes, 1, shared);

        // ---- spin locks and once ----
        [UnmanagedCallersOnly] private static int SpinInit(int* spin, int shared) => PthreadSpin.Init(spin, shared);
        [UnmanagedCallersOnly] private static int SpinDestroy(int* spin) => PthreadSpin.Destroy(spin);
        [UnmanagedCallersOnly] private static int SpinLockExport(int* spin) => PthreadSpin.Lock(spin);
        [UnmanagedCallersOnly] private static int SpinTryLock(int* spin) => PthreadSpin.TryLock(spin);
        [UnmanagedCallersOnly] private static int SpinUnlock(int* spin) => PthreadSpin.Unlock(spin);
        [UnmanagedCallersOnly] private static int Once(int* once, nint initRoutine) => PthreadOnce.Run(once, initRoutine);

        // ---- condition variables ----
        [UnmanagedCallersOnly] private static int CondInit(int* condition, int* attributes) => PthreadCond.Init(condition, attributes);
        [UnmanagedCallersOnly] private static int CondDestroy(int* condition) => PthreadCond.Destroy(condition);
        [UnmanagedCallersOnly] private static int CondWait(int* condition, int* mutex) => PthreadCond.Wait(condition, mutex);
        [UnmanagedCallersOnly] private static int CondTimedWait(int* condition, int* mutex, long* time) => PthreadCond.TimedWait(condition, mutex, time, ClockOfCondition);
        [UnmanagedCallersOnly] private static int CondClockWait(int* condition, int* mutex, int clock, long* time) =>
            clock < 0 ? ErrnoCodes.EINVAL : PthreadCond.TimedWait(condition, mutex, time, clock);
        [UnmanagedCallersOnly] private static int CondSignal(int* condition) => PthreadCond.Signal(condition);
        [UnmanagedCallersOnly] private static int CondBroadcast(int* condition) => PthreadCond.Broadcast(condition);
        [UnmanagedCallersOnly] private static int CondAttrInit(int* attributes) => PthreadCondAttributes.Init(attributes);
        [UnmanagedCallersOnly] private static int CondAttrDestroy(int* attributes) => PthreadCondAttributes.Destroy(attributes);
        [UnmanagedCallersOnly] private static int CondAttrSetClock(int* attributes, int clock) => PthreadCondAttributes.SetClock(attributes, clock);
        [UnmanagedCallersOnly] private static int CondAttrGetClock(int* attributes, int* clock) => PthreadCondAttributes.GetClock(attributes, clock);
        [UnmanagedCallersOnly] private static int CondAttrSetShared(int* attributes, int shared) => PthreadCondAttributes.SetShared(attributes, shared);
        [UnmanagedCallersOnly] private static int CondAttrGetShared(int* attributes, int* shared) => PthreadCondAttributes.GetShared(attributes, shared);

        // ---- barriers; pthread_barrierattr_t is one int: process-shared ----
        [UnmanagedCallersOnly] private static int BarrierInit(int* barrier, int* attributes, uint count) => PthreadBarrier.Init(barrier, attributes, count);
        [UnmanagedCallersOnly] private static int BarrierDestroy(int* barrier) => PthreadBarrier.Destroy(barrier);
        [UnmanagedCallersOnly] private static int BarrierWait(int* barrier) => PthreadBarrier.Wait(barrier);

        [UnmanagedCallersOnly]
        private static int SharedAttrInit(int* attributes)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            *attributes = 0;
            return 0;
        }

        [UnmanagedCallersOnly] private static int SharedAttrDestroy(int* attributes) => attributes == null ? ErrnoCodes.EINVAL : 0;
        [UnmanagedCallersOnly] private static int SharedAttrSet(int* attributes, int shared) => WriteSharedWord(attributes, 0, shared);
        [UnmanagedCallersOnly] private static int SharedAttrGet(int* attributes, int* shared) => ReadAttributeWord(attributes, 0, shared);

        private static int WriteSharedWord(int* attributes, int index, int shared)
        {
            if (attributes == null || (shared != 0 && shared != 1))
                return ErrnoCodes.EINVAL;
            attributes[index] = shared;
            return 0;
        }

        private static int ReadAttributeWord(int* attributes, int index, int* result)
        {
            if (attributes == null || result == null)
                return ErrnoCodes.EINVAL;
            *result = attributes[index];
            return 0;
        }

        // ---- semaphores: 0, or -1 with errno ----
        [UnmanagedCallersOnly] private static int SemInit(int* semaphore, int shared, uint value) => ErrnoResult(CSemaphore.Init(semaphore, value));
        [UnmanagedCallersOnly] private static int SemDestroy(int* semaphore) => ErrnoResult(CSemaphore.Destroy(semaphore));
        [UnmanagedCallersOnly] private static int SemWait(int* semaphore) => ErrnoResult(CSemaphore.Wait(semaphore));
        [UnmanagedCallersOnly] private static int SemTryWait(int* semaphore) => ErrnoResult(CSemaphore.TryWait(semaphore));
        [UnmanagedCallersOnly] private static int SemTimedWait(int* semaphore, long* time) => ErrnoResult(CSemaphore.TimedWait(semaphore, AbsoluteTimeout.ClockRealtime, time));
        [UnmanagedCallersOnly] private static int SemClockWait(int* semaphore, int clock, long* time) => ErrnoResult(CSemaphore.TimedWait(semaphore, clock, time));
        [UnmanagedCallersOnly] private static int SemPost(int* semaphore) => ErrnoResult(CSemaphore.Post(semaphore));
        [UnmanagedCallersOnly] private static int SemGetValue(int* semaphore, int* value) => ErrnoResult(CSemaphore.GetValue(semaphore, value));

        // Named semaphores need a shared namespace we do not have: SEM_FAILED (NULL) with ENOSYS.
        // sem_open is variadic in C; its fixed arguments arrive as for this signature.
        [UnmanagedCallersOnly]
        private static nint SemOpen(byte* name, int flags)
        {
            Errno.Set(ErrnoCodes.ENOSYS);
            return 0;
        }

        [UnmanagedCallersOnly] private static int SemClose(int* semaphore) => ErrnoResult(ErrnoCodes.ENOSYS);
        [UnmanagedCallersOnly] private static int SemUnlink(byte* name) => ErrnoResult(ErrnoCodes.ENOSYS);

        private static int ErrnoResult(int error)
        {
            if (error == 0)
                return 0;
            Errno.Set(error);
            return -1;
        }
    }
}
