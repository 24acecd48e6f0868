// The kernel services the real-CoreLib runtime builds on: the per-thread exception chain slot,
// the thread registry with stack bounds, stopping and resuming the other CPUs while threads run,
// RDRAND, and the managed-fault hook.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Core;
using OSv.Core.Platform;
using OSv.Core.Sched;
using OSv.Core.Time;
using Thread = OSv.Core.Sched.Thread;

internal static unsafe class RuntimeSupport
{
    private const int StopRounds = 40;
    private const int WorkersPerCpu = 2;
    private const long FrozenWindowNanoseconds = 2 * Clock.NanosecondsPerMillisecond;
    private const long ResumeWaitNanoseconds = 2 * Clock.NanosecondsPerSecond;
    private const ulong AccessViolationCode = 0xC0000005;
    private const ulong DivideByZeroCode = 0xC0000094;
    private const ulong RecoveredValue = 0xFA17;

    [RuntimeImport("osv_exinfo_head_slot"), MethodImpl(MethodImplOptions.InternalCall)]
    private static extern void** ExceptionChainHeadSlot();

    public static void ExceptionChainSlotIsPerThread()
    {
        void** mainSlot = ExceptionChainHeadSlot();
        Check.That("runtime.exinfo.slot.initially.null", *mainSlot == null);
        *mainSlot = (void*)0x1234;
        Check.That("runtime.exinfo.slot.read.through.thread", Thread.Current.ExceptionChainHead == 0x1234);
        ulong otherSlot = 0, otherValue = 1;
        Thread.Start(() =>
        {
            void** slot = ExceptionChainHeadSlot();
            otherSlot = (ulong)slot;
            otherValue = (ulong)*slot;
        }, "slot").Join();
        Check.That("runtime.exinfo.slot.distinct.per.thread", otherSlot != 0 && otherSlot != (ulong)mainSlot && otherValue == 0);
        Check.That("runtime.exinfo.slot.stable", ExceptionChainHeadSlot() == mainSlot);
        *mainSlot = null;
    }

    // The visitors' results (a visitor gets an unmanaged context; statics are simpler here).
    private static Thread? s_sought;
    private static int s_seen;
    private static int s_found;

    private static void CountThread(Thread thread, void* context)
    {
        s_seen++;
        if (thread == s_sought)
            s_found++;
    }

    public static void RegistryListsLiveThreads()
    {
        var release = new OSv.Core.Sync.Semaphore(0);
        Thread parked = Thread.Start(() => release.Wait(), "registered");
        Thread.Sleep(5 * Clock.NanosecondsPerMillisecond); // it runs and blocks
        s_sought = parked;
        s_seen = s_found = 0;
        int visited = Thread.VisitAll(&CountThread, null);
        Check.That("runtime.registry.lists.started.thread", s_found == 1);
        Check.That("runtime.registry.count.matches.visit", visited == s_seen && visited == Thread.RegisteredCount);
        ulong saved = parked.SavedStackPointer, top = parked.StackTop;
        Check.That("runtime.thread.saved.sp.inside.stack", saved != 0 && saved < top && top - saved < Thread.StackBytes);
        release.Release();
        parked.Join();
        s_seen = s_found = 0;
        Thread.VisitAll(&CountThread, null);
        Check.That("runtime.registry.drops.exited.thread", s_found == 0 && !parked.IsRegistered);
        s_sought = null;
        Check.That("runtime.thread.main.stack.top.known", Thread.Current.StackTop != 0);
    }

    // Workers on every CPU count freely and, under a mutex, into a shared pair of counters. The
    // main thread stops the world repeatedly: while stopped, no worker's count may move and every
    // other CPU's running thread shows its saved registers; after each resume they all move on.
    public static void StopAndResumeTheWorld()
    {
        int cpus = Machine.ProcessorCount;
        int workerCount = cpus * WorkersPerCpu;
        long[] counts = new long[workerCount];
        long shared = 0, sharedShadow = 0;
        bool stop = false;
        var mutex = new OSv.Core.Sync.Mutex();
        var workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            int index = i;
            workers[i] = Thread.StartOn(i % cpus, () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    Interlocked.Increment(ref counts[index]);
                    if ((counts[index] & 15) == 0)
                    {
                        mutex.Lock();
                        shared++;
                        sharedShadow++;
                        mutex.Unlock();
                    }
                }
            }, "counter" + i);
        }
        bool frozen = true, moved = true, registersShown = true, rangesSane = true;
        long[] before = new long[workerCount];
        for (int round = 0; round < StopRounds; round++)
        {
            Thread.Sleep(Clock.NanosecondsPerMillisecond);
            ulong token = WorldStop.StopOtherProcessors();
            for (int i = 0; i < workerCount; i++)
                before[i] = Volatile.Read(ref counts[i]);
            SpinFor(FrozenWindowNanoseconds);
            for (int i = 0; i < workerCount; i++)
                frozen &= Volatile.Read(ref counts[i]) == before[i];
            s_self = Thread.Current;
            s_stopped = s_badRanges = 0;
            Thread.VisitAll(&InspectStopped, null);
            registersShown &= s_stopped == cpus - 1;
            rangesSane &= s_badRanges == 0;
            WorldStop.ResumeOtherProcessors(token);
            moved &= AllMoved(counts, before);
        }
        Volatile.Write(ref stop, true);
        foreach (Thread worker in workers)
            worker.Join();
        Check.That("world.stop.counters.frozen.while.stopped", frozen);
        Check.That("world.stop.every.other.cpu.shows.registers", registersShown);
        Check.That("world.stop.stack.ranges.inside.stacks", rangesSane);
        Check.That("world.stop.threads.continue.after.resume", moved);
        Check.That("world.stop.mutex.counters.consistent", shared == sharedShadow && shared > 0);
        Check.Equal("world.stop.count", StopRounds, WorldStop.StopCount);
    }

    // Every worker counts past where the stop froze it, within a bound (each needs a time slice
    // on its CPU: under TCG several workers share one vCPU with the main thread).
    private static bool AllMoved(long[] counts, long[] before)
    {
        long deadline = Clock.NowNanoseconds + ResumeWaitNanoseconds;
        for (int i = 0; i < counts.Length; i++)
        {
            while (Volatile.Read(ref counts[i]) == before[i])
            {
                if (Clock.NowNanoseconds > deadline)
                    return false;
                Thread.Sleep(Clock.NanosecondsPerMillisecond);
            }
        }
        return true;
    }

    private static Thread? s_self;
    private static int s_stopped;
    private static int s_badRanges;

    // Every thread but the caller: its scan start lies inside its stack (or 0: not yet started).
    private static void InspectStopped(Thread thread, void* context)
    {
        if (thread == s_self)
            return;
        if (thread.StoppedRegistersAddress != 0)
        {
            s_stopped++;
            // The trap frame (r15 .. rax, vector, error code, rip, cs, rflags, rsp, ss) holds the
            // stop vector and lies between the scan start and the stack top.
            ulong frame = thread.StoppedRegistersAddress;
            if (*(ulong*)(frame + 15 * 8) != 49 || frame < thread.StoppedStackPointer)
                s_badRanges++;
        }
        ulong start = thread.StackScanStart, top = thread.StackTop;
        if (start != 0 && (top == 0 || start >= top || top - start > (ulong)Thread.StackBytesMax))
            s_badRanges++;
    }

    private static void SpinFor(long nanoseconds)
    {
        long deadline = Clock.NowNanoseconds + nanoseconds;
        while (Clock.NowNanoseconds < deadline)
        {
        }
    }

    public static void HardwareRandom()
    {
        Span<byte> first = stackalloc byte[61];
        Span<byte> second = stackalloc byte[61];
        Check.That("entropy.rdrand.available", Entropy.IsAvailable);
        bool filled = Entropy.TryFill(first) && Entropy.TryFill(second);
        Check.That("entropy.rdrand.fills", filled);
        bool differ = false, nonZeroTail = false;
        for (int i = 0; i < first.Length; i++)
            differ |= first[i] != second[i];
        for (int i = 56; i < first.Length; i++)
            nonZeroTail |= first[i] != 0 || second[i] != 0;
        Check.That("entropy.rdrand.values.differ", differ);
        Check.That("entropy.rdrand.fills.partial.word", nonZeroTail);
    }

    private static ulong s_recordedCode;
    private static ulong s_recordedRip;
    private static ulong s_recordedFaultAddress;

    // The fake runtime: sends the fault to Recover with the exception code and faulting rip, as
    // the real one sends it to RhpThrowHwEx.
    private static bool RedirectFault(ManagedFault* fault)
    {
        s_recordedFaultAddress = fault->FaultAddress;
        fault->Rdi = fault->Vector == ManagedFaultPolicy.DivideErrorVector ? DivideByZeroCode : AccessViolationCode;
        fault->Rsi = fault->Rip;
        fault->Rip = (ulong)(delegate* unmanaged<ulong, ulong, ulong>)&Recover;
        return true;
    }

    // Runs in place of the probe and returns to the probe's caller.
    [UnmanagedCallersOnly]
    private static ulong Recover(ulong code, ulong faultingRip)
    {
        s_recordedCode = code;
        s_recordedRip = faultingRip;
        return RecoveredValue;
    }

    public static void ManagedFaultHook()
    {
        long handledBefore = Faults.HandledCount;
        Faults.InstallManagedFaultHandler(&RedirectFault, FaultProbes.Start, FaultProbes.End);
        ulong read = FaultProbes.Read64(0x18);
        Check.That("faults.null.read.resumed.in.recovery", read == RecoveredValue);
        Check.That("faults.null.read.code", s_recordedCode == AccessViolationCode);
        Check.That("faults.null.read.rip.in.probe", s_recordedRip >= FaultProbes.Start && s_recordedRip < FaultProbes.End);
        Check.That("faults.null.read.address", s_recordedFaultAddress == 0x18);
        ulong quotient = FaultProbes.Divide(7, 0);
        Check.That("faults.divide.by.zero.resumed", quotient == RecoveredValue && s_recordedCode == DivideByZeroCode);
        Check.That("faults.probe.works.without.fault", FaultProbes.Divide(42, 6) == 7);
        Check.That("faults.handled.counted", Faults.HandledCount == handledBefore + 2);
        Faults.InstallManagedFaultHandler(null, 0, 0);
    }
}
