// The C entry points of POSIX threads (<pthread.h>, <semaphore.h>, <sched.h> parts) and C11
// <threads.h>, as [UnmanagedCallersOnly] functions registered by name. Each is a thin adapter:
// argument types as C declares them (pthread_t and C pointers as ulong and raw pointers, size_t as
// nuint), and the result convention of its family: pthread_* return 0 or an error number and
// leave errno alone; sem_* return 0 or -1 with errno; C11 functions return thrd_* codes.
// This file: thread life, attributes, keys and scheduling; ThreadExports.Locks.cs: mutexes,
// condition variables, rwlocks, once, spin locks, barriers, semaphores; ThreadExports.C11.cs.
using System.Runtime.InteropServices;
using OSv.Libc.Abi;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe partial class ThreadExports
    {
        private static int s_concurrency;
        private const int CancelEnable = 0, CancelDisable = 1, CancelDeferred = 0, CancelAsynchronous = 1;

        public static void Register(ExportTable table)
        {
            RegisterThreads(table);
            RegisterAttributes(table);
            RegisterLocks(table);
            RegisterWaits(table);
            RegisterC11(table);
        }

        private static void RegisterThreads(ExportTable table)
        {
            table.Add("pthread_create"u8, (nint)(delegate* unmanaged<ulong*, byte*, nint, nint, int>)&PthreadCreate);
            table.Add("pthread_join"u8, (nint)(delegate* unmanaged<ulong, nint*, int>)&PthreadJoin);
            table.Add("pthread_detach"u8, (nint)(delegate* unmanaged<ulong, int>)&PthreadDetach);
            table.Add("pthread_self"u8, (nint)(delegate* unmanaged<ulong>)&PthreadSelf);
            table.Add("pthread_equal"u8, (nint)(delegate* unmanaged<ulong, ulong, int>)&PthreadEqual);
            table.Add("pthread_exit"u8, (nint)(delegate* unmanaged<nint, void>)&PthreadExit);
            table.Add("pthread_getattr_np"u8, (nint)(delegate* unmanaged<ulong, byte*, int>)&PthreadGetAttrNp);
            table.Add("pthread_setname_np"u8, (nint)(delegate* unmanaged<ulong, byte*, int>)&PthreadSetNameNp);
            table.Add("pthread_getname_np"u8, (nint)(delegate* unmanaged<ulong, byte*, nuint, int>)&PthreadGetNameNp);
            table.Add("pthread_yield"u8, (nint)(delegate* unmanaged<int>)&SchedYield);
            table.Add("sched_yield"u8, (nint)(delegate* unmanaged<int>)&SchedYield);
            table.Add("sched_getcpu"u8, (nint)(delegate* unmanaged<int>)&SchedGetCpu);
            table.Add("pthread_kill"u8, (nint)(delegate* unmanaged<ulong, int, int>)&PthreadKill);
            table.Add("pthread_cancel"u8, (nint)(delegate* unmanaged<ulong, int>)&PthreadCancel);
            table.Add("pthread_setcancelstate"u8, (nint)(delegate* unmanaged<int, int*, int>)&PthreadSetCancelState);
            table.Add("pthread_setcanceltype"u8, (nint)(delegate* unmanaged<int, int*, int>)&PthreadSetCancelType);
            table.Add("pthread_testcancel"u8, (nint)(delegate* unmanaged<void>)&PthreadTestCancel);
            table.Add("pthread_setschedparam"u8, (nint)(delegate* unmanaged<ulong, int, int*, int>)&PthreadSetSchedParam);
            table.Add("pthread_getschedparam"u8, (nint)(delegate* unmanaged<ulong, int*, int*, int>)&PthreadGetSchedParam);
            table.Add("pthread_setconcurrency"u8, (nint)(delegate* unmanaged<int, int>)&PthreadSetConcurrency);
            table.Add("pthread_getconcurrency"u8, (nint)(delegate* unmanaged<int>)&PthreadGetConcurrency);
            table.Add("pthread_atfork"u8, (nint)(delegate* unmanaged<nint, nint, nint, int>)&PthreadAtFork);
            table.Add("__register_atfork"u8, (nint)(delegate* unmanaged<nint, nint, nint, nint, int>)&RegisterAtFork);
            table.Add("pthread_key_create"u8, (nint)(delegate* unmanaged<uint*, nint, int>)&PthreadKeyCreate);
            table.Add("__pthread_key_create"u8, (nint)(delegate* unmanaged<uint*, nint, int>)&PthreadKeyCreate);
            table.Add("pthread_key_delete"u8, (nint)(delegate* unmanaged<uint, int>)&PthreadKeyDelete);
            table.Add("pthread_getspecific"u8, (nint)(delegate* unmanaged<uint, nint>)&PthreadGetSpecific);
            table.Add("pthread_setspecific"u8, (nint)(delegate* unmanaged<uint, nint, int>)&PthreadSetSpecific);
        }

        private static void RegisterAttributes(ExportTable table)
        {
            table.Add("pthread_attr_init"u8, (nint)(delegate* unmanaged<byte*, int>)&AttrInit);
            table.Add("pthread_attr_destroy"u8, (nint)(delegate* unmanaged<byte*, int>)&AttrDestroy);
            table.Add("pthread_attr_setstacksize"u8, (nint)(delegate* unmanaged<byte*, nuint, int>)&AttrSetStackSize);
            table.Add("pthread_attr_getstacksize"u8, (nint)(delegate* unmanaged<byte*, nuint*, int>)&AttrGetStackSize);
            table.Add("pthread_attr_setstack"u8, (nint)(delegate* unmanaged<byte*, nint, nuint, int>)&AttrSetStack);
            table.Add("pthread_attr_getstack"u8, (nint)(delegate* unmanaged<byte*, nint*, nuint*, int>)&AttrGetStack);
            table.Add("pthread_attr_setdetachstate"u8, (nint)(delegate* unmanaged<byte*, int, int>)&AttrSetDetachState);
            table.Add("pthread_attr_getdetachstate"u8, (nint)(delegate* unmanaged<byte*, int*, int>)&AttrGetDetachState);
            table.Add("pthread_attr_setguardsize"u8, (nint)(delegate* unmanaged<byte*, nuint, int>)&AttrSetGuardSize);
            table.Add("pthread_attr_getguardsize"u8, (nint)(delegate* unmanaged<byte*, nuint*, int>)&AttrGetGuardSize);
            table.Add("pthread_attr_setschedpolicy"u8, (nint)(delegate* unmanaged<byte*, int, int>)&AttrSetSchedPolicy);
            table.Add("pthread_attr_getschedpolicy"u8, (nint)(delegate* unmanaged<byte*, int*, int>)&AttrGetSchedPolicy);
            table.Add("pthread_attr_setschedparam"u8, (nint)(delegate* unmanaged<byte*, int*, int>)&AttrSetSchedParam);
            table.Add("pthread_attr_getschedparam"u8, (nint)(delegate* unmanaged<byte*, int*, int>)&AttrGetSchedParam);
            table.Add("pthread_attr_setinheritsched"u8, (nint)(delegate* unmanaged<byte*, int, int>)&AttrSetInheritSched);
            table.Add("pthread_attr_getinheritsched"u8, (nint)(delegate* unmanaged<byte*, int*, int>)&AttrGetInheritSched);
            table.Add("pthread_attr_setscope"u8, (nint)(delegate* unmanaged<byte*, int, int>)&AttrSetScope);
            table.Add("pthread_attr_getscope"u8, (nint)(delegate* unmanaged<byte*, int*, int>)&AttrGetScope);
        }

        // ---- thread life ----

        [UnmanagedCallersOnly]
        private static int PthreadCreate(ulong* thread, byte* attributes, nint startRoutine, nint argument) =>
            ThreadLifecycle.Create(thread, attributes, startRoutine, argument);

        [UnmanagedCallersOnly]
        private static int PthreadJoin(ulong thread, nint* returnValue) => ThreadLifecycle.Join(thread, returnValue);

        [UnmanagedCallersOnly]
        private static int PthreadDetach(ulong thread) => ThreadLifecycle.Detach(thread);

        [UnmanagedCallersOnly]
        private static ulong PthreadSelf() => ThreadLifecycle.Self();

        [UnmanagedCallersOnly]
        private static int PthreadEqual(ulong left, ulong right) => left == right ? 1 : 0;

        [UnmanagedCallersOnly]
        private static void PthreadExit(nint returnValue) => ThreadLifecycle.Exit(returnValue);

        [UnmanagedCallersOnly]
        private static int PthreadGetAttrNp(ulong thread, byte* attributes) => ThreadLifecycle.GetAttributes(thread, attributes);

        [UnmanagedCallersOnly]
        private static int PthreadSetNameNp(ulong thread, byte* name) => ThreadLifecycle.SetName(thread, name);

        [UnmanagedCallersOnly]
        private static int PthreadGetNameNp(ulong thread, byte* buffer, nuint bufferBytes) => ThreadLifecycle.GetName(thread, buffer, bufferBytes);

        [UnmanagedCallersOnly]
        private static int SchedYield()
        {
            OSv.Core.Sched.Thread.Yield();
            return 0;
        }

        // Hosted threads belong to no CPU of ours (Processor is -1): report CPU 0.
        [UnmanagedCallersOnly]
        private static int SchedGetCpu()
        {
            int processor = OSv.Core.Sched.Thread.Current.Processor;
            return processor < 0 ? 0 : processor;
        }

        [UnmanagedCallersOnly]
        private static int PthreadKill(ulong thread, int signal) => ThreadLifecycle.Kill(thread, signal);

        // No cancellation: threads end by returning or by pthread_exit.
        [UnmanagedCallersOnly]
        private static int PthreadCancel(ulong thread) => ErrnoCodes.ENOSYS;

        [UnmanagedCallersOnly]
        private static int PthreadSetCancelState(int state, int* oldState) =>
            SwapCancelSetting(ref LibcThread.Current.CancelState, state, CancelEnable, CancelDisable, oldState);

        [UnmanagedCallersOnly]
        private static int PthreadSetCancelType(int type, int* oldType) =>
            SwapCancelSetting(ref LibcThread.Current.CancelType, type, CancelDeferred, CancelAsynchronous, oldType);

        [UnmanagedCallersOnly]
        private static void PthreadTestCancel()
        {
        }

        // Recorded so a program reads back what it set; nothing is ever cancelled.
        private static int SwapCancelSetting(ref int setting, int value, int first, int second, int* old)
        {
            if (value != first && value != second)
                return ErrnoCodes.EINVAL;
            if (old != null)
                *old = setting;
            setting = value;
            return 0;
        }

        // One scheduling class (SCHED_OTHER 0, priority 0): requests are checked, then accepted.
        [UnmanagedCallersOnly]
        private static int PthreadSetSchedParam(ulong thread, int policy, int* parameter)
        {
            if (!ThreadRegistry.TryFind(thread, out _))
                return ErrnoCodes.ESRCH;
            return parameter == null || policy < 0 || policy > 2 ? ErrnoCodes.EINVAL : 0;
        }

        [UnmanagedCallersOnly]
        private static int PthreadGetSchedParam(ulong thread, int* policy, int* parameter)
        {
            if (!ThreadRegistry.TryFind(thread, out _))
                return ErrnoCodes.ESRCH;
            if (policy == null || parameter == null)
                return ErrnoCodes.EINVAL;
            *policy = 0;
            *parameter = 0;
            return 0;
        }

        // A hint only (POSIX); stored so that get returns what set stored.
        [UnmanagedCallersOnly]
        private static int PthreadSetConcurrency(int level)
        {
            if (level < 0)
                return ErrnoCodes.EINVAL;
            System.Threading.Volatile.Write(ref s_concurrency, level);
            return 0;
        }

        [UnmanagedCallersOnly]
        private static int PthreadGetConcurrency() => System.Threading.Volatile.Read(ref s_concurrency);

        // There is no fork, so fork handlers can never run: registering them succeeds and does
        // nothing. glibc 2.34+ programs call __register_atfork (from libc_nonshared's
        // pthread_atfork); older ones call pthread_atfork.
        [UnmanagedCallersOnly]
        private static int PthreadAtFork(nint prepare, nint parent, nint child) => 0;

        [UnmanagedCallersOnly]
        private static int RegisterAtFork(nint prepare, nint parent, nint child, nint dsoHandle) => 0;

        // ---- thread-specific data ----

        [UnmanagedCallersOnly]
        private static int PthreadKeyCreate(uint* key, nint destructor) => ThreadKeys.Create(key, destructor);

        [UnmanagedCallersOnly]
        private static int PthreadKeyDelete(uint key) => ThreadKeys.Delete(key);

        [UnmanagedCallersOnly]
        private static nint PthreadGetSpecific(uint key) => ThreadKeys.Get(key);

        [UnmanagedCallersOnly]
        private static int PthreadSetSpecific(uint key, nint value) => ThreadKeys.Set(key, value);

        // ---- attributes ----

        [UnmanagedCallersOnly] private static int AttrInit(byte* attributes) => ThreadAttributes.Init(attributes);
        [UnmanagedCallersOnly] private static int AttrDestroy(byte* attributes) => ThreadAttributes.Destroy(attributes);
        [UnmanagedCallersOnly] private static int AttrSetStackSize(byte* attributes, nuint bytes) => ThreadAttributes.SetStackSize(attributes, bytes);
        [UnmanagedCallersOnly] private static int AttrGetStackSize(byte* attributes, nuint* bytes) => ThreadAttributes.GetStackSize(attributes, bytes);
        [UnmanagedCallersOnly] private static int AttrSetStack(byte* attributes, nint lowest, nuint bytes) => ThreadAttributes.SetStack(attributes, lowest, bytes);
        [UnmanagedCallersOnly] private static int AttrGetStack(byte* attributes, nint* lowest, nuint* bytes) => ThreadAttributes.GetStack(attributes, lowest, bytes);
        [UnmanagedCallersOnly] private static int AttrSetDetachState(byte* attributes, int state) => ThreadAttributes.SetDetachState(attributes, state);
        [UnmanagedCallersOnly] private static int AttrGetDetachState(byte* attributes, int* state) => ThreadAttributes.GetDetachState(attributes, state);
        [UnmanagedCallersOnly] private static int AttrSetGuardSize(byte* attributes, nuint bytes) => ThreadAttributes.SetGuardSize(attributes, bytes);
        [UnmanagedCallersOnly] private static int AttrGetGuardSize(byte* attributes, nuint* bytes) => ThreadAttributes.GetGuardSize(attributes, bytes);
        [UnmanagedCallersOnly] private static int AttrSetSchedPolicy(byte* attributes, int policy) => ThreadAttributes.SetSchedPolicy(attributes, policy);
        [UnmanagedCallersOnly] private static int AttrGetSchedPolicy(byte* attributes, int* policy) => ThreadAttributes.GetSchedPolicy(attributes, policy);
        [UnmanagedCallersOnly] private static int AttrSetSchedParam(byte* attributes, int* parameter) => ThreadAttributes.SetSchedParam(attributes, parameter);
        [UnmanagedCallersOnly] private static int AttrGetSchedParam(byte* attributes, int* parameter) => ThreadAttributes.GetSchedParam(attributes, parameter);
        [UnmanagedCallersOnly] private static int AttrSetInheritSched(byte* attributes, int inherit) => ThreadAttributes.SetInheritSched(attributes, inherit);
        [UnmanagedCallersOnly] private static int AttrGetInheritSched(byte* attributes, int* inherit) => ThreadAttributes.GetInheritSched(attributes, inherit);
        [UnmanagedCallersOnly] private static int AttrSetScope(byte* attributes, int scope) => ThreadAttributes.SetScope(attributes, scope);
        [UnmanagedCallersOnly] private static int AttrGetScope(byte* attributes, int* scope) => ThreadAttributes.GetScope(attributes, scope);
    }
}
