// SystemNative_LowLevelMonitor_*: the mutex + condition variable pair CoreLib builds its blocking
// primitives on (LowLevelLock, LowLevelLifoSemaphore, the wait subsystem's per-thread wait),
// backed by OSv.Core's lock-free Mutex and CondVar.
//
// Handles: Create returns the address of a slot's record in a static table of unmanaged records
// (magic + index) for a fixed table of Mutex/CondVar pairs (PalLimits.LowLevelMonitorsMax). The pairs are
// kernel objects that live in static arrays (roots for the collector, never moved), created the
// first time a slot is used and reused after Destroy, so steady-state Create/Destroy allocates no
// managed object. Free slots form a lock-free stack (a Treiber stack of indexes tagged with a
// version counter against ABA). Destroy checks the record's magic, so a stale handle is an
// invariant failure, not a corrupted table.
//
// Boot: CoreLib's WaitSubsystem creates a monitor in an eager class constructor, inside
// InitializeModules, before class constructors can run lazily and before the page allocator
// exists. So this class has no class constructor (no static initializers: the free stack's
// empty value is 0, slots are stored plus one) and Create needs no PalHeap; the pair arrays are
// created on first use.
//
// Semantics (pal_threading.c): Acquire/Release lock and unlock (not recursive: CoreLib never
// re-enters); Wait and TimedWait require the lock held and return holding it; TimedWait returns
// 1 when signalled, 0 on timeout (it may also wake spuriously, as pthread_cond_timedwait does);
// Signal_Release signals one waiter then unlocks. A full table makes Create return null (CoreLib
// turns that into OutOfMemoryException, as for a failed malloc).
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Diagnostics;
using Mutex = OSv.Core.Sync.Mutex;
using CondVar = OSv.Core.Sync.CondVar;

namespace OSv.Runtime.Pal
{
    internal static unsafe class LowLevelMonitors
    {
        private const uint HandleMagic = 0x4C4C4D4E; // "LLMN"
        private const long NanosecondsPerMillisecond = 1_000_000;

        private struct Handle
        {
            public uint Magic;
            public int Slot;
        }

        private struct Records
        {
            public fixed uint Words[PalLimits.LowLevelMonitorsMax * 2]; // a Handle per slot
            public fixed int NextFree[PalLimits.LowLevelMonitorsMax];   // free stack links, slot + 1
        }

#pragma warning disable CS0649 // written through RecordOf and NextFree (pointers)
        private static Records s_records;
#pragma warning restore CS0649
        private static Mutex[]? s_mutexes;
        private static CondVar[]? s_condVars;
        private static long s_freeTop;            // low 32 bits: top slot + 1, 0 when empty; high 32: version
        private static int s_slotsNeverUsed;      // slots [s_slotsNeverUsed, Max) were never used

        // Makes the Mutex/CondVar pairs of the first count slots now (startup, cooperative mode),
        // so that Create needs no managed allocation until more than count monitors were alive.
        internal static void Preallocate(int count)
        {
            for (int slot = 0; slot < count && slot < PalLimits.LowLevelMonitorsMax; slot++)
                EnsurePair(slot);
        }

        private static void EnsurePair(int slot)
        {
            if (Volatile.Read(ref s_mutexes) == null)
            {
                Interlocked.CompareExchange(ref s_condVars, new CondVar[PalLimits.LowLevelMonitorsMax], null);
                Interlocked.CompareExchange(ref s_mutexes, new Mutex[PalLimits.LowLevelMonitorsMax], null); // after s_condVars
            }
            if (Volatile.Read(ref s_mutexes![slot]) != null)
                return;
            s_condVars![slot] = new CondVar();
            Volatile.Write(ref s_mutexes[slot], new Mutex()); // release: the CondVar before the Mutex
        }

        private static Handle* RecordOf(int slot) => (Handle*)((uint*)Unsafe.AsPointer(ref s_records) + slot * 2);

        private static ref int NextFree(int slot) => ref ((int*)((byte*)Unsafe.AsPointer(ref s_records) + sizeof(uint) * 2 * PalLimits.LowLevelMonitorsMax))[slot];

        [RuntimeExport("SystemNative_LowLevelMonitor_Create")]
        internal static nint Create()
        {
            int slot = TakeSlot();
            if (slot < 0)
            {
                ThreadErrno.Value = LinuxErrno.ENOMEM;
                return 0;
            }
            Handle* handle = RecordOf(slot);
            EnsurePair(slot);
            handle->Slot = slot;
            handle->Magic = HandleMagic;
            return (nint)handle;
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Destroy")]
        internal static void Destroy(nint monitor)
        {
            Handle* handle = Check(monitor);
            int slot = handle->Slot;
            handle->Magic = 0;
            GiveSlot(slot);
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Acquire")]
        internal static void Acquire(nint monitor) => s_mutexes![Check(monitor)->Slot].Lock();

        [RuntimeExport("SystemNative_LowLevelMonitor_Release")]
        internal static void Release(nint monitor) => s_mutexes![Check(monitor)->Slot].Unlock();

        [RuntimeExport("SystemNative_LowLevelMonitor_Wait")]
        internal static void Wait(nint monitor)
        {
            int slot = Check(monitor)->Slot;
            s_condVars![slot].Wait(s_mutexes![slot]);
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_TimedWait")]
        internal static int TimedWait(nint monitor, int timeoutMilliseconds)
        {
            int slot = Check(monitor)->Slot;
            Invariant.Assert(timeoutMilliseconds >= 0, "LowLevelMonitor_TimedWait: negative timeout");
            bool signalled = s_condVars![slot].Wait(s_mutexes![slot], timeoutMilliseconds * NanosecondsPerMillisecond);
            return signalled ? 1 : 0;
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Signal_Release")]
        internal static void SignalRelease(nint monitor)
        {
            int slot = Check(monitor)->Slot;
            s_condVars![slot].Signal();
            s_mutexes![slot].Unlock();
        }

        private static Handle* Check(nint monitor)
        {
            var handle = (Handle*)monitor;
            Invariant.Assert(handle != null && handle->Magic == HandleMagic, "LowLevelMonitor: not a live monitor handle");
            return handle;
        }

        private static int TakeSlot()
        {
            while (true)
            {
                long top = Volatile.Read(ref s_freeTop);
                int slot = (int)top - 1;
                if (slot < 0)
                    return TakeNeverUsedSlot();
                long next = (top & ~0xFFFFFFFFL) + (1L << 32) | (uint)Volatile.Read(ref NextFree(slot));
                // Full fence: the version in the high half makes a stale top fail the exchange.
                if (Interlocked.CompareExchange(ref s_freeTop, next, top) == top)
                    return slot;
            }
        }

        private static int TakeNeverUsedSlot()
        {
            int slot = Interlocked.Increment(ref s_slotsNeverUsed) - 1;
            if (slot < PalLimits.LowLevelMonitorsMax)
                return slot;
            Interlocked.Decrement(ref s_slotsNeverUsed);
            return -1;
        }

        private static void GiveSlot(int slot)
        {
            while (true)
            {
                long top = Volatile.Read(ref s_freeTop);
                Volatile.Write(ref NextFree(slot), (int)top);
                long next = (top & ~0xFFFFFFFFL) + (1L << 32) | (uint)(slot + 1);
                // Full fence: publishes NextFree(slot) before the slot becomes takeable.
                if (Interlocked.CompareExchange(ref s_freeTop, next, top) == top)
                    return;
            }
        }
    }
}
