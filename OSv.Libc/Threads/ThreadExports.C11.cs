// C11 <threads.h> on the same primitives, with glibc's types: thrd_t is pthread_t, mtx_t is
// pthread_mutex_t, cnd_t is pthread_cond_t, tss_t is pthread_key_t, once_flag is pthread_once_t.
// Results are thrd_success 0, thrd_busy 1, thrd_error 2, thrd_nomem 3, thrd_timedout 4
// (glibc's values). A C11 start routine returns int: it is called like a pthread one (the int
// arrives in the low half of the return register) and thrd_join truncates the value back.
using System.Runtime.InteropServices;
using OSv.Libc.Abi;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe partial class ThreadExports
    {
        private const int ThrdSuccess = 0, ThrdBusy = 1, ThrdError = 2, ThrdNoMemory = 3, ThrdTimedOut = 4;
        private const int MtxRecursive = 1; // mtx_plain 0, mtx_recursive 1, mtx_timed 2 (flags)

        private static void RegisterC11(ExportTable table)
        {
            table.Add("thrd_create"u8, (nint)(delegate* unmanaged<ulong*, nint, nint, int>)&ThrdCreate);
            table.Add("thrd_join"u8, (nint)(delegate* unmanaged<ulong, int*, int>)&ThrdJoin);
            table.Add("thrd_detach"u8, (nint)(delegate* unmanaged<ulong, int>)&ThrdDetach);
            table.Add("thrd_current"u8, (nint)(delegate* unmanaged<ulong>)&PthreadSelf);
            table.Add("thrd_equal"u8, (nint)(delegate* unmanaged<ulong, ulong, int>)&PthreadEqual);
            table.Add("thrd_yield"u8, (nint)(delegate* unmanaged<void>)&ThrdYield);
            table.Add("thrd_exit"u8, (nint)(delegate* unmanaged<int, void>)&ThrdExit);
            table.Add("mtx_init"u8, (nint)(delegate* unmanaged<int*, int, int>)&MtxInit);
            table.Add("mtx_destroy"u8, (nint)(delegate* unmanaged<int*, void>)&MtxDestroy);
            table.Add("mtx_lock"u8, (nint)(delegate* unmanaged<int*, int>)&MtxLock);
            table.Add("mtx_trylock"u8, (nint)(delegate* unmanaged<int*, int>)&MtxTryLock);
            table.Add("mtx_timedlock"u8, (nint)(delegate* unmanaged<int*, long*, int>)&MtxTimedLock);
            table.Add("mtx_unlock"u8, (nint)(delegate* unmanaged<int*, int>)&MtxUnlock);
            table.Add("cnd_init"u8, (nint)(delegate* unmanaged<int*, int>)&CndInit);
            table.Add("cnd_destroy"u8, (nint)(delegate* unmanaged<int*, void>)&CndDestroy);
            table.Add("cnd_signal"u8, (nint)(delegate* unmanaged<int*, int>)&CndSignal);
            table.Add("cnd_broadcast"u8, (nint)(delegate* unmanaged<int*, int>)&CndBroadcast);
            table.Add("cnd_wait"u8, (nint)(delegate* unmanaged<int*, int*, int>)&CndWait);
            table.Add("cnd_timedwait"u8, (nint)(delegate* unmanaged<int*, int*, long*, int>)&CndTimedWait);
            table.Add("tss_create"u8, (nint)(delegate* unmanaged<uint*, nint, int>)&TssCreate);
            table.Add("tss_delete"u8, (nint)(delegate* unmanaged<uint, void>)&TssDelete);
            table.Add("tss_get"u8, (nint)(delegate* unmanaged<uint, nint>)&PthreadGetSpecific);
            table.Add("tss_set"u8, (nint)(delegate* unmanaged<uint, nint, int>)&TssSet);
            table.Add("call_once"u8, (nint)(delegate* unmanaged<int*, nint, void>)&CallOnce);
        }

        private static int ThrdResult(int error) => error switch
        {
            0 => ThrdSuccess,
            ErrnoCodes.EBUSY => ThrdBusy,
            ErrnoCodes.ETIMEDOUT => ThrdTimedOut,
            ErrnoCodes.ENOMEM => ThrdNoMemory,
            _ => ThrdError,
        };

        [UnmanagedCallersOnly]
        private static int ThrdCreate(ulong* thread, nint startRoutine, nint argument) =>
            ThrdResult(ThreadLifecycle.Create(thread, null, startRoutine, argument));

        [UnmanagedCallersOnly]
        private static int ThrdJoin(ulong thread, int* result)
        {
            nint value;
            int error = ThreadLifecycle.Join(thread, &value);
            if (error == 0 && result != null)
                *result = (int)value;
            return ThrdResult(error);
        }

        [UnmanagedCallersOnly] private static int ThrdDetach(ulong thread) => ThrdResult(ThreadLifecycle.Detach(thread));
        [UnmanagedCallersOnly] private static void ThrdYield() => OSv.Core.Sched.Thread.Yield();
        [UnmanagedCallersOnly] private static void ThrdExit(int result) => ThreadLifecycle.Exit(result);

        [UnmanagedCallersOnly]
        private static int MtxInit(int* mutex, int type) =>
            ThrdResult(PthreadMutex.Init(mutex, (type & MtxRecursive) != 0 ? PthreadMutex.KindRecursive : PthreadMutex.KindNormal));

        [UnmanagedCallersOnly] private static void MtxDestroy(int* mutex) => PthreadMutex.Destroy(mutex);
        [UnmanagedCallersOnly] private static int MtxLock(int* mutex) => ThrdResult(PthreadMutex.Lock(mutex));
        [UnmanagedCallersOnly] private static int MtxTryLock(int* mutex) => ThrdResult(PthreadMutex.TryLock(mutex));
        [UnmanagedCallersOnly] private static int MtxTimedLock(int* mutex, long* time) => ThrdResult(PthreadMutex.TimedLock(mutex, AbsoluteTimeout.ClockRealtime, time));
        [UnmanagedCallersOnly] private static int MtxUnlock(int* mutex) => ThrdResult(PthreadMutex.Unlock(mutex));
        [UnmanagedCallersOnly] private static int CndInit(int* condition) => ThrdResult(PthreadCond.Init(condition, null));
        [UnmanagedCallersOnly] private static void CndDestroy(int* condition) => PthreadCond.Destroy(condition);
        [UnmanagedCallersOnly] private static int CndSignal(int* condition) => ThrdResult(PthreadCond.Signal(condition));
        [UnmanagedCallersOnly] private static int CndBroadcast(int* condition) => ThrdResult(PthreadCond.Broadcast(condition));
        [UnmanagedCallersOnly] private static int CndWait(int* condition, int* mutex) => ThrdResult(PthreadCond.Wait(condition, mutex));
        [UnmanagedCallersOnly] private static int CndTimedWait(int* condition, int* mutex, long* time) =>
            ThrdResult(PthreadCond.TimedWait(condition, mutex, time, AbsoluteTimeout.ClockRealtime));
        [UnmanagedCallersOnly] private static int TssCreate(uint* key, nint destructor) => ThrdResult(ThreadKeys.Create(key, destructor));
        [UnmanagedCallersOnly] private static void TssDelete(uint key) => ThreadKeys.Delete(key);
        [UnmanagedCallersOnly] private static int TssSet(uint key, nint value) => ThrdResult(ThreadKeys.Set(key, value));
        [UnmanagedCallersOnly] private static void CallOnce(int* flag, nint function) => PthreadOnce.Run(flag, function);
    }
}
